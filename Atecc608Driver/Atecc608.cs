using System;
using Atecc608Driver.Config;

namespace Atecc608Driver
{
    /// <summary>
    /// The Microchip ATECC608A/B over its I2C command protocol: the datasheet command set, and a small face for the
    /// agent (serial number, public key of a slot, sign a digest, verify a signature, random bytes).
    /// </summary>
    /// <remarks>
    /// Every command goes through one execution path: wake, send, poll, check CRC and status, idle
    /// (<see cref="CommandExecutor"/>). Volatile state (TempKey, message-digest buffer) survives the idle between
    /// commands but not <see cref="Sleep"/> or a watchdog expiry. There is deliberately no way to read a private
    /// key: the chip refuses reads of secret slots, and <see cref="Read"/> refuses data slots that the cached
    /// configuration marks secret before a byte goes on the bus.
    /// Not thread-safe: one caller at a time, as there is one chip and one bus.
    /// </remarks>
    public sealed class Atecc608
    {
        /// <summary>Size of a P-256 public key X‖Y and of a signature R‖S.</summary>
        public const int EccKeySize = 64;

        /// <summary>Size of a digest, a TempKey or a Random reply.</summary>
        public const int BlockSize = 32;

        /// <summary>Size of a word, the smallest Read/Write unit.</summary>
        public const int WordSize = 4;

        /// <summary>Size of the configuration zone.</summary>
        public const int ConfigZoneSize = 128;

        /// <summary>Largest SHA update block (facts/atecc608.md §3.3).</summary>
        public const int ShaBlockSize = 64;

        /// <summary>How often a multi-command operation (Nonce+Sign, GenKey) is retried after an ECC fault (facts §11).</summary>
        public const int MaxSequenceAttempts = 3;

        /// <summary>Key type in Verify param2 for an external P-256 public key.</summary>
        private const ushort P256KeyType = 0x0004;

        // Param1 values (facts/atecc608.md §3.1, §3.3).
        private const byte ReadWrite32Bytes = 0x80;
        private const byte GenKeyModeCreate = 0x04;
        private const byte GenKeyModePublic = 0x00;
        private const byte NoncePassThroughTempKey = 0x03;
        private const byte NoncePassThroughMessageDigest = 0x43;
        private const byte NonceRandomUpdateSeed = 0x00;
        private const int NonceNumInSize = 20;
        private const byte SignInternalMode = 0x00;
        private const byte SignIncludeFullSerial = 0x40;
        private const byte SignExternalTempKey = 0x80;
        private const byte SignExternalMessageDigest = 0xA0;
        private const byte VerifyExternal = 0x02;
        private const byte VerifyFromMessageDigest = 0x20;
        private const byte LockConfig = 0x00;
        private const byte LockData = 0x01;
        private const byte LockSlotBase = 0x02;
        private const byte LockSkipCrc = 0x80;
        private const byte ShaStart = 0x00;
        private const byte ShaUpdate = 0x01;
        private const byte ShaEnd = 0x02;
        private const byte EcdhClearOutput = 0x0C;

        private readonly CommandExecutor _executor;
        private readonly byte[] _digest = new byte[BlockSize];
        private ConfigZone _config;

        /// <summary>Drives the chip behind <paramref name="transport"/>; the caller keeps ownership of the transport.</summary>
        public Atecc608(IAtecc608Transport transport)
        {
            _executor = new CommandExecutor(transport);
        }

        /// <summary>ECC clock mode 0/1/2 used for execution-time bounds; set from ChipMode by <see cref="ReadConfigZone"/>.</summary>
        public int ClockMode
        {
            get { return _executor.ClockMode; }
            set
            {
                if (value < 0 || value > 2)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                _executor.ClockMode = value;
            }
        }

        /// <summary>Puts the chip to sleep (volatile state lost). Call at the end of a flow.</summary>
        public void Sleep()
        {
            _executor.Sleep();
        }

        // ---- Datasheet commands -------------------------------------------------------------------------------

        /// <summary>Info mode 0: the 4-byte revision (00 00 60 02 = 608A, 00 00 60 03 or later = 608B).</summary>
        public byte[] Info()
        {
            int count = _executor.Execute(Opcode.Info, 0x00, 0, null, 0, 0, false);
            return CopyData(Opcode.Info, count, WordSize);
        }

        /// <summary>
        /// Reads 4 or 32 bytes at <paramref name="address"/> (param2 encoding of facts/atecc608.md §4.3) into
        /// <paramref name="buffer"/>. Data-zone reads of slots the cached configuration marks secret are refused.
        /// </summary>
        public void Read(Zone zone, ushort address, byte[] buffer, int offset, int length)
        {
            CheckReadWriteLength(length);
            CheckBuffer(buffer, offset, length);
            if (zone == Zone.Data)
            {
                RefuseSecretSlot((address >> 3) & 0x0F);
            }

            int count = _executor.Execute(Opcode.Read, (byte)((byte)zone | (length == BlockSize ? ReadWrite32Bytes : 0)), address, null, 0, 0, false);
            CheckSize(Opcode.Read, count, length);
            Array.Copy(_executor.Response, 1, buffer, offset, length);
        }

        /// <summary>Writes 4 or 32 bytes in clear at <paramref name="address"/>.</summary>
        public void Write(Zone zone, ushort address, byte[] data, int offset, int length)
        {
            CheckReadWriteLength(length);
            CheckBuffer(data, offset, length);
            _executor.Execute(Opcode.Write, (byte)((byte)zone | (length == BlockSize ? ReadWrite32Bytes : 0)), address, data, offset, length, false);
        }

        /// <summary>
        /// Reads the whole configuration zone (4 × 32 bytes), caches it for slot checks and takes the ECC clock
        /// mode from ChipMode.
        /// </summary>
        public ConfigZone ReadConfigZone()
        {
            var raw = new byte[ConfigZoneSize];
            for (int block = 0; block < ConfigZoneSize / BlockSize; block++)
            {
                Read(Zone.Config, ConfigAddress(block, 0), raw, block * BlockSize, BlockSize);
            }

            ConfigZone config = ConfigZone.Decode(raw, 0);
            _config = config;
            ClockMode = ClockModeOf(config.ChipMode);
            return config.Clone();
        }

        /// <summary>
        /// Locks the configuration zone; the chip checks <paramref name="expectedCrc"/> against the 128 bytes it
        /// holds (with bytes 86/87 still 0x55), so a config that differs from the host's image cannot be locked.
        /// </summary>
        public void LockConfigZone(ushort expectedCrc)
        {
            _executor.Execute(Opcode.Lock, LockConfig, expectedCrc, null, 0, 0, false);
            _config = null;
        }

        /// <summary>
        /// Locks the data and OTP zones. Without a summary CRC (CryptoAuthLib does the same): the 608's data-zone
        /// CRC layout is not public (facts/atecc608.md §6), and the data written before lock is verified by reads.
        /// </summary>
        public void LockDataZone()
        {
            _executor.Execute(Opcode.Lock, (byte)(LockData | LockSkipCrc), 0, null, 0, 0, false);
            _config = null;
        }

        /// <summary>Locks one slot (KeyConfig.Lockable must be set); e.g. after generating a key that must stay.</summary>
        public void LockSlot(int slot)
        {
            CheckSlot(slot);
            _executor.Execute(Opcode.Lock, (byte)(LockSlotBase | (slot << 2)), 0, null, 0, 0, false);
            _config = null;
        }

        /// <summary>GenKey mode 0x04: creates a new private key in <paramref name="slot"/>, returns its public key X‖Y.</summary>
        public byte[] GenKeyCreate(int slot)
        {
            CheckSlot(slot);
            int count = ExecuteWithEccRetry(Opcode.GenKey, GenKeyModeCreate, (ushort)slot);
            return CopyData(Opcode.GenKey, count, EccKeySize);
        }

        /// <summary>GenKey mode 0x00: recomputes the public key X‖Y of the private key in <paramref name="slot"/>.</summary>
        public byte[] GenKeyPublicKey(int slot)
        {
            CheckSlot(slot);
            int count = ExecuteWithEccRetry(Opcode.GenKey, GenKeyModePublic, (ushort)slot);
            return CopyData(Opcode.GenKey, count, EccKeySize);
        }

        /// <summary>Nonce pass-through: loads a 32-byte digest into TempKey or the message-digest buffer.</summary>
        public void NonceLoad(DigestSource target, byte[] digest, int offset)
        {
            CheckBuffer(digest, offset, BlockSize);
            byte mode = target == DigestSource.MessageDigestBuffer ? NoncePassThroughMessageDigest : NoncePassThroughTempKey;
            _executor.Execute(Opcode.Nonce, mode, 0, digest, offset, BlockSize, false);
        }

        /// <summary>
        /// Nonce random mode (seed update): the chip combines its 32-byte RandOut with the host's 20-byte
        /// <paramref name="numIn"/> into TempKey = SHA-256(RandOut ‖ NumIn ‖ 16 00 00) and returns RandOut, so the host
        /// can compute the same TempKey (facts/atecc608.md §3.3).
        /// </summary>
        public byte[] NonceRandom(byte[] numIn)
        {
            CheckBuffer(numIn, 0, NonceNumInSize);
            if (numIn.Length != NonceNumInSize)
            {
                throw new ArgumentException("Nonce random mode takes exactly 20 bytes of NumIn", nameof(numIn));
            }

            int count = _executor.Execute(Opcode.Nonce, NonceRandomUpdateSeed, 0, numIn, 0, NonceNumInSize, false);
            return CopyData(Opcode.Nonce, count, BlockSize);
        }

        /// <summary>
        /// Sign internal: signs a message the chip built itself in TempKey (GenKey digest or GenDig), e.g. for key
        /// attestation; the slot needs SlotConfig.ReadKey bit 1. <paramref name="includeFullSerial"/> puts all 9
        /// serial-number bytes in the signed message. Returns R‖S.
        /// </summary>
        public byte[] SignInternal(int slot, bool includeFullSerial)
        {
            CheckSlot(slot);
            byte mode = (byte)(SignInternalMode | (includeFullSerial ? SignIncludeFullSerial : 0));
            int count = _executor.Execute(Opcode.Sign, mode, (ushort)slot, null, 0, 0, false);
            return CopyData(Opcode.Sign, count, EccKeySize);
        }

        /// <summary>Sign external: signs the digest a previous <see cref="NonceLoad"/> put in <paramref name="source"/>; returns R‖S.</summary>
        public byte[] SignExternal(int slot, DigestSource source)
        {
            CheckSlot(slot);
            byte mode = source == DigestSource.MessageDigestBuffer ? SignExternalMessageDigest : SignExternalTempKey;
            int count = _executor.Execute(Opcode.Sign, mode, (ushort)slot, null, 0, 0, false);
            return CopyData(Opcode.Sign, count, EccKeySize);
        }

        /// <summary>
        /// Verify external: checks R‖S over the digest previously loaded into <paramref name="source"/> with the
        /// P-256 public key X‖Y. True when valid; false on the chip's miscompare.
        /// </summary>
        public bool VerifyExternalLoaded(DigestSource source, byte[] signature, byte[] publicKey)
        {
            CheckBuffer(signature, 0, EccKeySize);
            CheckBuffer(publicKey, 0, EccKeySize);
            var data = new byte[2 * EccKeySize];
            Array.Copy(signature, 0, data, 0, EccKeySize);
            Array.Copy(publicKey, 0, data, EccKeySize, EccKeySize);
            byte mode = (byte)(VerifyExternal | (source == DigestSource.MessageDigestBuffer ? VerifyFromMessageDigest : 0));
            int count = _executor.Execute(Opcode.Verify, mode, P256KeyType, data, 0, data.Length, true);
            return Packet.StatusOf(_executor.Response, 0, count) == Atecc608Status.Success;
        }

        /// <summary>Random: 32 bytes from the chip's DRBG. Refuses the fixed pattern an unlocked chip returns (facts §8).</summary>
        public byte[] Random()
        {
            int count = _executor.Execute(Opcode.Random, 0x00, 0, null, 0, 0, false);
            byte[] random = CopyData(Opcode.Random, count, BlockSize);
            if (IsUnlockedRandomPattern(random))
            {
                throw new Atecc608Exception(Atecc608Error.NotProvisioned, Opcode.Random, 0,
                    "Random returned the test pattern of a chip whose config zone is not locked; it is not entropy");
            }

            return random;
        }

        /// <summary>SHA-256 of <paramref name="count"/> bytes computed by the chip's SHA engine (start, 64-byte updates, end).</summary>
        public byte[] Sha256(byte[] data, int offset, int count)
        {
            if (count < 0 || (count > 0 && data == null))
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            CheckBuffer(data ?? new byte[0], offset, count);
            _executor.Execute(Opcode.Sha, ShaStart, 0, null, 0, 0, false);
            int position = offset;
            int end = offset + count;
            while (end - position >= ShaBlockSize)
            {
                _executor.Execute(Opcode.Sha, ShaUpdate, ShaBlockSize, data, position, ShaBlockSize, false);
                position += ShaBlockSize;
            }

            int rest = end - position;
            int reply = _executor.Execute(Opcode.Sha, ShaEnd, (ushort)rest, data, position, rest, false);
            return CopyData(Opcode.Sha, reply, BlockSize);
        }

        /// <summary>Reads monotonic counter 0 or 1.</summary>
        public uint CounterRead(int counter)
        {
            return Counter(0x00, counter);
        }

        /// <summary>Increments monotonic counter 0 or 1 and returns its new value (max 2 097 151).</summary>
        public uint CounterIncrement(int counter)
        {
            return Counter(0x01, counter);
        }

        /// <summary>
        /// Runs the self tests selected by <paramref name="tests"/> (0x3B = all; 0x00 reads the failure map) and
        /// returns the failure bits (0 = all passed).
        /// </summary>
        public byte SelfTest(byte tests)
        {
            int count = _executor.Execute(Opcode.SelfTest, tests, 0, null, 0, 0, false);
            CheckSize(Opcode.SelfTest, count, 1);
            return _executor.Response[1];
        }

        /// <summary>ECDH with the private key in <paramref name="slot"/> and a peer's X‖Y; returns the 32-byte shared secret in clear.</summary>
        public byte[] Ecdh(int slot, byte[] peerPublicKey)
        {
            CheckSlot(slot);
            CheckBuffer(peerPublicKey, 0, EccKeySize);
            int count = _executor.Execute(Opcode.Ecdh, EcdhClearOutput, (ushort)slot, peerPublicKey, 0, EccKeySize, false);
            return CopyData(Opcode.Ecdh, count, BlockSize);
        }

        /// <summary>UpdateExtra: sets config byte 84 (mode 0) or 85 (mode 1) once, after config lock.</summary>
        public void UpdateExtra(byte mode, byte value)
        {
            if (mode > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(mode), "UpdateExtra mode 0 (byte 84) or 1 (byte 85)");
            }

            _executor.Execute(Opcode.UpdateExtra, mode, value, null, 0, 0, false);
        }

        // ---- The agent's face --------------------------------------------------------------------------------

        /// <summary>The chip's unique 9-byte serial number: config bytes 0–3 and 8–12 (facts/atecc608.md §4.4).</summary>
        public byte[] ReadSerialNumber()
        {
            var block = new byte[BlockSize];
            Read(Zone.Config, ConfigAddress(0, 0), block, 0, BlockSize);
            var serial = new byte[9];
            Array.Copy(block, 0, serial, 0, 4);
            Array.Copy(block, 8, serial, 4, 5);
            return serial;
        }

        /// <summary>The public key X‖Y of the private key in <paramref name="slot"/>.</summary>
        public byte[] GetPublicKey(int slot)
        {
            return GenKeyPublicKey(slot);
        }

        /// <summary>
        /// Signs a 32-byte digest with the private key in <paramref name="slot"/> and returns R‖S (big-endian,
        /// 64 bytes). CryptoAuthLib's 608 sequence: Random (refreshes the seed), Nonce into the message-digest
        /// buffer, Sign external from it. The whole sequence is retried on an ECC fault, and once more on an
        /// execution error, which is what a watchdog expiry between Nonce and Sign produces.
        /// </summary>
        public byte[] SignDigest(int slot, byte[] digest)
        {
            CheckSlot(slot);
            CheckBuffer(digest, 0, BlockSize);
            Array.Copy(digest, _digest, BlockSize);
            Atecc608Exception last = null;
            for (int attempt = 1; attempt <= MaxSequenceAttempts; attempt++)
            {
                try
                {
                    _executor.Execute(Opcode.Random, 0x00, 0, null, 0, 0, false);
                    NonceLoad(DigestSource.MessageDigestBuffer, _digest, 0);
                    return SignExternal(slot, DigestSource.MessageDigestBuffer);
                }
                catch (Atecc608Exception e)
                {
                    if (!IsSequenceRetryable(e, attempt))
                    {
                        throw;
                    }

                    last = e;
                }
            }

            throw last;
        }

        /// <summary>
        /// Verifies R‖S over a 32-byte digest with a P-256 public key X‖Y, using the chip's Verify command.
        /// </summary>
        public bool VerifySignature(byte[] digest, byte[] signature, byte[] publicKey)
        {
            CheckBuffer(digest, 0, BlockSize);
            Atecc608Exception last = null;
            for (int attempt = 1; attempt <= MaxSequenceAttempts; attempt++)
            {
                try
                {
                    NonceLoad(DigestSource.MessageDigestBuffer, digest, 0);
                    return VerifyExternalLoaded(DigestSource.MessageDigestBuffer, signature, publicKey);
                }
                catch (Atecc608Exception e)
                {
                    if (!IsSequenceRetryable(e, attempt))
                    {
                        throw;
                    }

                    last = e;
                }
            }

            throw last;
        }

        /// <summary>Config-zone param2: block 0–3, 4-byte word 0–7 (facts/atecc608.md §4.3).</summary>
        public static ushort ConfigAddress(int block, int word)
        {
            return (ushort)((block << 3) | word);
        }

        /// <summary>Data-zone param2: slot 0–15, 32-byte block, 4-byte word (facts/atecc608.md §4.3).</summary>
        public static ushort DataAddress(int slot, int block, int word)
        {
            return (ushort)((block << 8) | (slot << 3) | word);
        }

        /// <summary>The ECC clock mode (0/1/2) from ChipMode bits 7:3 (facts/atecc608.md §3.2).</summary>
        public static int ClockModeOf(byte chipMode)
        {
            int divider = chipMode >> 3;
            return divider == 0x0D ? 2 : divider == 0x05 ? 1 : 0;
        }

        /// <summary>True for the FF FF 00 00 × 8 pattern of an unlocked chip (facts/atecc608.md §8).</summary>
        public static bool IsUnlockedRandomPattern(byte[] random)
        {
            for (int i = 0; i < random.Length; i++)
            {
                byte expected = (i & 2) == 0 ? (byte)0xFF : (byte)0x00;
                if (random[i] != expected)
                {
                    return false;
                }
            }

            return true;
        }

        private uint Counter(byte mode, int counter)
        {
            if (counter < 0 || counter > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(counter), "counter 0 or 1");
            }

            int count = _executor.Execute(Opcode.Counter, mode, (ushort)counter, null, 0, 0, false);
            CheckSize(Opcode.Counter, count, WordSize);
            byte[] r = _executor.Response;
            return (uint)(r[1] | (r[2] << 8) | (r[3] << 16) | (r[4] << 24));
        }

        private int ExecuteWithEccRetry(Opcode opcode, byte param1, ushort param2)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return _executor.Execute(opcode, param1, param2, null, 0, 0, false);
                }
                catch (Atecc608Exception e)
                {
                    if (attempt >= MaxSequenceAttempts || e.Error != Atecc608Error.ChipStatus || e.ChipStatus != (byte)Atecc608Status.EccFault)
                    {
                        throw;
                    }
                }
            }
        }

        private static bool IsSequenceRetryable(Atecc608Exception e, int attempt)
        {
            if (attempt >= MaxSequenceAttempts || e.Error != Atecc608Error.ChipStatus)
            {
                return false;
            }

            return e.ChipStatus == (byte)Atecc608Status.EccFault
                || (e.ChipStatus == (byte)Atecc608Status.ExecutionError && attempt == 1);
        }

        private void RefuseSecretSlot(int slot)
        {
            if (_config != null && _config.GetSlotConfig(slot).IsSecret)
            {
                throw new ArgumentException("slot " + slot + " is secret (SlotConfig.IsSecret); this driver never reads it");
            }
        }

        private byte[] CopyData(Opcode opcode, int count, int size)
        {
            CheckSize(opcode, count, size);
            var data = new byte[size];
            Array.Copy(_executor.Response, 1, data, 0, size);
            return data;
        }

        private static void CheckSize(Opcode opcode, int count, int size)
        {
            if (count != size + 3)
            {
                throw new Atecc608Exception(Atecc608Error.UnexpectedResponseSize, opcode, 0,
                    Packet.OpcodeName(opcode) + " replied with " + (count - 3) + " data bytes, expected " + size);
            }
        }

        private static void CheckReadWriteLength(int length)
        {
            if (length != WordSize && length != BlockSize)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "Read and Write move 4 or 32 bytes");
            }
        }

        private static void CheckSlot(int slot)
        {
            if (slot < 0 || slot > 15)
            {
                throw new ArgumentOutOfRangeException(nameof(slot), "slot 0..15");
            }
        }

        private static void CheckBuffer(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "range outside the buffer");
            }
        }
    }
}
