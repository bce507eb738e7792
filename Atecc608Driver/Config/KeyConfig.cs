using System;

namespace Atecc608Driver.Config
{
    /// <summary>
    /// One slot's 16-bit KeyConfig word: what kind of key the slot holds and what its use requires
    /// (facts/atecc608.md §5.2, CryptoAuthLib calib_device.h). Stored little-endian at config byte 96 + 2·slot.
    /// A mutable value: read it from a <see cref="ConfigZone"/>, change it, store it back.
    /// </summary>
    public struct KeyConfig
    {
        /// <summary>KeyType of an ECC P-256 key (§5.2).</summary>
        public const int KeyTypeP256 = 4;

        /// <summary>KeyType of an AES key (§5.2).</summary>
        public const int KeyTypeAes = 6;

        /// <summary>KeyType of SHA keys and other data (§5.2).</summary>
        public const int KeyTypeData = 7;

        // Bit positions, facts/atecc608.md §5.2.
        private const int PrivateBit = 0;
        private const int PubInfoBit = 1;
        private const int KeyTypeShift = 2;
        private const int KeyTypeMask = 0x7;
        private const int LockableBit = 5;
        private const int ReqRandomBit = 6;
        private const int ReqAuthBit = 7;
        private const int AuthKeyShift = 8;
        private const int AuthKeyMask = 0xF;
        private const int PersistentDisableBit = 12;
        private const int RfuBit = 13;
        private const int X509IdShift = 14;
        private const int X509IdMask = 0x3;

        private ushort _raw;

        /// <summary>Creates the value of a KeyConfig word as the data sheets print it (e.g. 0x0053).</summary>
        public KeyConfig(ushort raw)
        {
            _raw = raw;
        }

        /// <summary>The whole 16-bit word (the value, not the little-endian byte order of the zone).</summary>
        public ushort Raw
        {
            get { return _raw; }
            set { _raw = value; }
        }

        /// <summary>Bit 0: the slot holds an ECC private key.</summary>
        public bool Private
        {
            get { return GetBit(PrivateBit); }
            set { SetBit(PrivateBit, value); }
        }

        /// <summary>
        /// Bit 1: for a private key, the public key may be recomputed (GenKey mode 0); for a public key, it must be
        /// validated before use.
        /// </summary>
        public bool PubInfo
        {
            get { return GetBit(PubInfoBit); }
            set { SetBit(PubInfoBit, value); }
        }

        /// <summary>Bits 4:2: <see cref="KeyTypeP256"/>, <see cref="KeyTypeAes"/>, <see cref="KeyTypeData"/> (0/1 legacy B283/K283).</summary>
        public int KeyType
        {
            get { return GetField(KeyTypeShift, KeyTypeMask); }
            set { SetField(KeyTypeShift, KeyTypeMask, value); }
        }

        /// <summary>Bit 5: the slot can be locked on its own with Lock (SlotLocked bit).</summary>
        public bool Lockable
        {
            get { return GetBit(LockableBit); }
            set { SetBit(LockableBit, value); }
        }

        /// <summary>Bit 6: use of the key requires a random nonce in TempKey.</summary>
        public bool ReqRandom
        {
            get { return GetBit(ReqRandomBit); }
            set { SetBit(ReqRandomBit, value); }
        }

        /// <summary>Bit 7: use of the key requires prior authorization with <see cref="AuthKey"/>.</summary>
        public bool ReqAuth
        {
            get { return GetBit(ReqAuthBit); }
            set { SetBit(ReqAuthBit, value); }
        }

        /// <summary>Bits 11:8: the slot of the authorizing key when <see cref="ReqAuth"/> is set.</summary>
        public int AuthKey
        {
            get { return GetField(AuthKeyShift, AuthKeyMask); }
            set { SetField(AuthKeyShift, AuthKeyMask, value); }
        }

        /// <summary>Bit 12: use requires the persistent latch to be set (608).</summary>
        public bool PersistentDisable
        {
            get { return GetBit(PersistentDisableBit); }
            set { SetBit(PersistentDisableBit, value); }
        }

        /// <summary>Bit 13: reserved, must be 0.</summary>
        public bool Rfu
        {
            get { return GetBit(RfuBit); }
            set { SetBit(RfuBit, value); }
        }

        /// <summary>Bits 15:14: the X509format entry used when validating a public key.</summary>
        public int X509Id
        {
            get { return GetField(X509IdShift, X509IdMask); }
            set { SetField(X509IdShift, X509IdMask, value); }
        }

        /// <summary>The word as the data sheets print it, e.g. "0x0053".</summary>
        public override string ToString()
        {
            return "0x" + _raw.ToString("X4");
        }

        /// <summary>
        /// The decoded fields as short words, e.g. "private P-256 pub-info req-random", "public P-256 lockable" or
        /// "data lockable".
        /// </summary>
        public string Describe()
        {
            string text = DescribeKeyType(KeyType);
            if (Private)
            {
                text = "private " + text;
            }
            else if (KeyType == KeyTypeP256)
            {
                text = "public " + text;
            }

            if (PubInfo)
            {
                text += " pub-info";
            }

            if (Lockable)
            {
                text += " lockable";
            }

            if (ReqRandom)
            {
                text += " req-random";
            }

            if (ReqAuth)
            {
                text += " req-auth key " + AuthKey;
            }

            if (PersistentDisable)
            {
                text += " persistent-disable";
            }

            if (Rfu)
            {
                text += " rfu-bit-13";
            }

            if (X509Id != 0)
            {
                text += " x509-id " + X509Id;
            }

            return text;
        }

        /// <summary>The name of a KeyType value: "P-256", "AES", "data", or "key-type n".</summary>
        public static string DescribeKeyType(int keyType)
        {
            switch (keyType)
            {
                case KeyTypeP256: return "P-256";
                case KeyTypeAes: return "AES";
                case KeyTypeData: return "data";
                default: return "key-type " + keyType;
            }
        }

        private bool GetBit(int bit)
        {
            return ((_raw >> bit) & 1) != 0;
        }

        private void SetBit(int bit, bool value)
        {
            _raw = value ? (ushort)(_raw | (1 << bit)) : (ushort)(_raw & ~(1 << bit));
        }

        private int GetField(int shift, int mask)
        {
            return (_raw >> shift) & mask;
        }

        private void SetField(int shift, int mask, int value)
        {
            if (value < 0 || value > mask)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "this KeyConfig field takes 0.." + mask + ", not " + value);
            }

            _raw = (ushort)((_raw & ~(mask << shift)) | (value << shift));
        }
    }
}
