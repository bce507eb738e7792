using System;

namespace Atecc608Driver.Config
{
    /// <summary>
    /// One slot's 16-bit SlotConfig word: who may read, write and use the slot (facts/atecc608.md §5.1,
    /// CryptoAuthLib calib_device.h). Stored little-endian at config byte 20 + 2·slot.
    /// </summary>
    /// <remarks>
    /// Bits 3:0 mean ReadKey in a generic slot and a set of permissions in an ECC private-key slot
    /// (KeyConfig.Private = 1); both readings are offered and the caller picks by <see cref="KeyConfig.Private"/>.
    /// The WriteConfig encodings (bits 15:12) are from the 508A data sheet and marked unverified for the 608 in
    /// §5.1. A mutable value: read it from a <see cref="ConfigZone"/>, change it, store it back.
    /// </remarks>
    public struct SlotConfig
    {
        // Bit positions, facts/atecc608.md §5.1.
        private const int ReadKeyShift = 0;
        private const int NoMacBit = 4;
        private const int LimitedUseBit = 5;
        private const int EncryptReadBit = 6;
        private const int IsSecretBit = 7;
        private const int WriteKeyShift = 8;
        private const int WriteConfigShift = 12;
        private const int NibbleMask = 0xF;

        // Private-key reading of ReadKey (bits 3:0) and WriteConfig (bits 15:12), §5.1.
        private const int ExternalSignBit = 0;
        private const int InternalSignBit = 1;
        private const int EcdhBit = 2;
        private const int EcdhToNextSlotBit = 3;
        private const int GenKeyBit = 13;
        private const int PrivWriteBit = 14;

        private ushort _raw;

        /// <summary>Creates the value of a SlotConfig word as the data sheets print it (e.g. 0x2083).</summary>
        public SlotConfig(ushort raw)
        {
            _raw = raw;
        }

        /// <summary>The whole 16-bit word (the value, not the little-endian byte order of the zone).</summary>
        public ushort Raw
        {
            get { return _raw; }
            set { _raw = value; }
        }

        /// <summary>Bits 3:0, generic slot: the key slot for encrypted reads (and CheckMac copy).</summary>
        public int ReadKey
        {
            get { return GetField(ReadKeyShift); }
            set { SetField(ReadKeyShift, value); }
        }

        /// <summary>Bit 4: the key cannot be used by the MAC command.</summary>
        public bool NoMac
        {
            get { return GetBit(NoMacBit); }
            set { SetBit(NoMacBit, value); }
        }

        /// <summary>Bit 5: use is limited by the monotonic counter Counter0.</summary>
        public bool LimitedUse
        {
            get { return GetBit(LimitedUseBit); }
            set { SetBit(LimitedUseBit, value); }
        }

        /// <summary>Bit 6: reads must be encrypted under ReadKey. Must be 0 in a private-key slot.</summary>
        public bool EncryptRead
        {
            get { return GetBit(EncryptReadBit); }
            set { SetBit(EncryptReadBit, value); }
        }

        /// <summary>Bit 7: the slot is never read in clear and accepts 32-byte writes only. Must be 1 for a private key.</summary>
        public bool IsSecret
        {
            get { return GetBit(IsSecretBit); }
            set { SetBit(IsSecretBit, value); }
        }

        /// <summary>Bits 11:8: the key for encrypted writes (for a private-key slot: the PrivWrite encryption key).</summary>
        public int WriteKey
        {
            get { return GetField(WriteKeyShift); }
            set { SetField(WriteKeyShift, value); }
        }

        /// <summary>Bits 15:12: the write policy (see <see cref="DescribeWriteConfig"/> for the generic encodings).</summary>
        public int WriteConfig
        {
            get { return GetField(WriteConfigShift); }
            set { SetField(WriteConfigShift, value); }
        }

        /// <summary>Private-key slot, ReadKey bit 0: Sign of an external digest allowed (needed for CSRs and TLS).</summary>
        public bool ExternalSignAllowed
        {
            get { return GetBit(ExternalSignBit); }
            set { SetBit(ExternalSignBit, value); }
        }

        /// <summary>Private-key slot, ReadKey bit 1: Sign of an internally generated message (key attestation) allowed.</summary>
        public bool InternalSignAllowed
        {
            get { return GetBit(InternalSignBit); }
            set { SetBit(InternalSignBit, value); }
        }

        /// <summary>Private-key slot, ReadKey bit 2: ECDH allowed.</summary>
        public bool EcdhAllowed
        {
            get { return GetBit(EcdhBit); }
            set { SetBit(EcdhBit, value); }
        }

        /// <summary>Private-key slot, ReadKey bit 3: the ECDH result goes to slot n+1 instead of the output.</summary>
        public bool EcdhResultToNextSlot
        {
            get { return GetBit(EcdhToNextSlotBit); }
            set { SetBit(EcdhToNextSlotBit, value); }
        }

        /// <summary>Private-key slot, WriteConfig bit 1 (bit 13): GenKey may create a new key in the slot.</summary>
        public bool GenKeyAllowed
        {
            get { return GetBit(GenKeyBit); }
            set { SetBit(GenKeyBit, value); }
        }

        /// <summary>Private-key slot, WriteConfig bit 2 (bit 14): PrivWrite (encrypted import of a host-known key) allowed.</summary>
        public bool PrivWriteAllowed
        {
            get { return GetBit(PrivWriteBit); }
            set { SetBit(PrivWriteBit, value); }
        }

        /// <summary>The word as the data sheets print it, e.g. "0x2083".</summary>
        public override string ToString()
        {
            return "0x" + _raw.ToString("X4");
        }

        /// <summary>
        /// The decoded flags as short words, e.g. "ext-sign int-sign secret genkey" for a private-key slot or
        /// "read-key 15 secret write-key 15 write never" for a generic one.
        /// </summary>
        public string Describe(bool privateKeySlot)
        {
            string text = string.Empty;
            if (privateKeySlot)
            {
                text = Word(text, ExternalSignAllowed, "ext-sign");
                text = Word(text, InternalSignAllowed, "int-sign");
                text = Word(text, EcdhAllowed, "ecdh");
                text = Word(text, EcdhResultToNextSlot, "ecdh-to-next-slot");
            }
            else
            {
                text = Word(text, true, "read-key " + ReadKey);
            }

            text = Word(text, NoMac, "no-mac");
            text = Word(text, LimitedUse, "limited-use");
            text = Word(text, EncryptRead, "encrypt-read");
            text = Word(text, IsSecret, "secret");
            if (privateKeySlot)
            {
                text = Word(text, GenKeyAllowed, "genkey");
                text = Word(text, PrivWriteAllowed, "privwrite key " + WriteKey);
                text = Word(text, (WriteConfig & 0x9) != 0, "write-config " + WriteConfig);
            }
            else
            {
                text = Word(text, true, "write-key " + WriteKey);
                text = Word(text, true, "write " + DescribeWriteConfig(WriteConfig));
            }

            return text;
        }

        /// <summary>
        /// The generic-slot meaning of a WriteConfig value (facts/atecc608.md §5.1, unverified for the 608):
        /// 0000 always, 0001 pub-invalid, 001x never, 10xx never, x1xx encrypted.
        /// </summary>
        public static string DescribeWriteConfig(int writeConfig)
        {
            if ((writeConfig & 0x4) != 0)
            {
                return "encrypted";
            }

            if (writeConfig == 0)
            {
                return "always";
            }

            if (writeConfig == 1)
            {
                return "pub-invalid";
            }

            return "never";
        }

        private static string Word(string text, bool present, string word)
        {
            if (!present)
            {
                return text;
            }

            return text.Length == 0 ? word : text + " " + word;
        }

        private bool GetBit(int bit)
        {
            return ((_raw >> bit) & 1) != 0;
        }

        private void SetBit(int bit, bool value)
        {
            _raw = value ? (ushort)(_raw | (1 << bit)) : (ushort)(_raw & ~(1 << bit));
        }

        private int GetField(int shift)
        {
            return (_raw >> shift) & NibbleMask;
        }

        private void SetField(int shift, int value)
        {
            if (value < 0 || value > NibbleMask)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "a 4-bit SlotConfig field takes 0..15, not " + value);
            }

            _raw = (ushort)((_raw & ~(NibbleMask << shift)) | (value << shift));
        }
    }
}
