using System;

namespace Atecc608Driver.Config
{
    /// <summary>
    /// The ATECC608A/B configuration zone: the 128 bytes read with four 32-byte Reads of the config zone, with
    /// typed access to each field (facts/atecc608.md §4.1, CryptoAuthLib calib_device.h <c>atecc608_config_t</c>).
    /// </summary>
    /// <remarks>
    /// Pure data: decoding and encoding touch only the private copy, never the chip. Setters change exactly the
    /// bits of their field, so an intended image can be built from a read one and written back word by word.
    /// Multi-byte fields are little-endian in the zone. <see cref="Dump"/> gives a readable listing and
    /// <see cref="CompareWritable"/> the fields that differ from an intended image.
    /// </remarks>
    public sealed partial class ConfigZone
    {
        /// <summary>Size of the config zone in bytes (§4.1).</summary>
        public const int Size = 128;

        /// <summary>Number of data-zone slots, each with a SlotConfig and a KeyConfig (§4.2).</summary>
        public const int SlotCount = 16;

        /// <summary>Length of the serial number: bytes 0–3 followed by bytes 8–12 (§4.4).</summary>
        public const int SerialNumberLength = 9;

        /// <summary>LockValue / LockConfig of a locked zone (§4.1, §6; CryptoAuthLib ATCA_LOCKED).</summary>
        public const byte LockedValue = 0x00;

        /// <summary>LockValue / LockConfig of an unlocked zone (§4.1, §6; CryptoAuthLib ATCA_UNLOCKED).</summary>
        public const byte UnlockedValue = 0x55;

        /// <summary>RevNum byte 3 (config byte 7) of an ATECC608A; 0x03 or more is an ATECC608B (§4.5).</summary>
        public const byte Revision608A = 0x02;

        /// <summary>Lowest RevNum byte 3 (config byte 7) of an ATECC608B (§4.5, §3.3).</summary>
        public const byte Revision608B = 0x03;

        /// <summary>ChipMode bit 0: the I2C address is UserExtraAdd (byte 85) instead of byte 16 (§4.1, §4.6).</summary>
        public const byte ChipModeAlternateAddress = 0x01;

        /// <summary>ChipMode bit 1: TTL input levels (§4.1).</summary>
        public const byte ChipModeTtlEnable = 0x02;

        /// <summary>ChipMode bit 2: watchdog 13 s instead of 1.3 s (§4.1).</summary>
        public const byte ChipModeWatchdogLong = 0x04;

        /// <summary>ChipMode bits 7:3: clock divider (§4.1; CryptoAuthLib ATCA_CHIPMODE_CLOCK_DIV_MASK).</summary>
        public const byte ChipModeClockDividerMask = 0xF8;

        /// <summary>ChipMode clock divider values seen: 0x00, 0x28, 0x68 (§4.1, §12 item 13).</summary>
        public const byte ClockDividerM0 = 0x00;

        /// <summary>ChipMode clock divider 0x28 (§4.1).</summary>
        public const byte ClockDividerM1 = 0x28;

        /// <summary>ChipMode clock divider 0x68 (§4.1).</summary>
        public const byte ClockDividerM2 = 0x68;

        // Byte offsets, facts/atecc608.md §4.1.

        /// <summary>Bytes 0–3: SN[0:3].</summary>
        public const int SerialNumberLowOffset = 0;

        /// <summary>Bytes 4–7: RevNum.</summary>
        public const int RevNumOffset = 4;

        /// <summary>Length of RevNum.</summary>
        public const int RevNumLength = 4;

        /// <summary>Bytes 8–12: SN[4:8].</summary>
        public const int SerialNumberHighOffset = 8;

        /// <summary>Byte 13: AES_Enable (bit 0; other bits vary per part).</summary>
        public const int AesEnableOffset = 13;

        /// <summary>Byte 14: I2C_Enable (bit 0 = I2C, 0 = SWI; other bits vary per part).</summary>
        public const int I2cEnableOffset = 14;

        /// <summary>Byte 16: I2C_Address in 8-bit form (bits 7:1).</summary>
        public const int I2cAddressOffset = 16;

        /// <summary>Byte 18: CountMatch.</summary>
        public const int CountMatchOffset = 18;

        /// <summary>Byte 19: ChipMode.</summary>
        public const int ChipModeOffset = 19;

        /// <summary>Bytes 20–51: SlotConfig[16], 2 bytes LE per slot.</summary>
        public const int SlotConfigOffset = 20;

        /// <summary>Bytes 52–59: Counter0.</summary>
        public const int Counter0Offset = 52;

        /// <summary>Bytes 60–67: Counter1.</summary>
        public const int Counter1Offset = 60;

        /// <summary>Length of each counter field.</summary>
        public const int CounterLength = 8;

        /// <summary>Byte 68: UseLock.</summary>
        public const int UseLockOffset = 68;

        /// <summary>Byte 69: VolatileKeyPermission.</summary>
        public const int VolatileKeyPermissionOffset = 69;

        /// <summary>Bytes 70–71: SecureBoot (LE).</summary>
        public const int SecureBootOffset = 70;

        /// <summary>Byte 72: KdflvLoc.</summary>
        public const int KdfIvLocOffset = 72;

        /// <summary>Bytes 73–74: KdflvStr.</summary>
        public const int KdfIvStrOffset = 73;

        /// <summary>Byte 84: UserExtra.</summary>
        public const int UserExtraOffset = 84;

        /// <summary>Byte 85: UserExtraAdd (alternative I2C address, 8-bit form).</summary>
        public const int UserExtraAddOffset = 85;

        /// <summary>Byte 86: LockValue (data and OTP zones).</summary>
        public const int LockValueOffset = 86;

        /// <summary>Byte 87: LockConfig (config zone).</summary>
        public const int LockConfigOffset = 87;

        /// <summary>Bytes 88–89: SlotLocked, one bit per slot, LE, 0 = locked.</summary>
        public const int SlotLockedOffset = 88;

        /// <summary>Bytes 90–91: ChipOptions (LE).</summary>
        public const int ChipOptionsOffset = 90;

        /// <summary>Bytes 92–95: X509format, 4 × 1 byte.</summary>
        public const int X509FormatOffset = 92;

        /// <summary>Number of X509format entries.</summary>
        public const int X509FormatCount = 4;

        /// <summary>Bytes 96–127: KeyConfig[16], 2 bytes LE per slot.</summary>
        public const int KeyConfigOffset = 96;

        private readonly byte[] _data;

        private ConfigZone(byte[] data)
        {
            _data = data;
        }

        /// <summary>Copies the <see cref="Size"/> bytes of a config zone starting at <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 128 bytes from <paramref name="offset"/>.</exception>
        public static ConfigZone Decode(byte[] data, int offset)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || offset > data.Length - Size)
            {
                throw new ArgumentOutOfRangeException(nameof(offset),
                    "a config zone is " + Size + " bytes; " + data.Length + " bytes with offset " + offset + " do not hold it");
            }

            var copy = new byte[Size];
            Array.Copy(data, offset, copy, 0, Size);
            return new ConfigZone(copy);
        }

        /// <summary>Writes the 128 bytes into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The buffer has no room for 128 bytes there.</exception>
        public void CopyTo(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length - Size)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "no room for the " + Size + "-byte config zone");
            }

            Array.Copy(_data, 0, buffer, offset, Size);
        }

        /// <summary>A new 128-byte array with the zone's bytes.</summary>
        public byte[] ToArray()
        {
            var copy = new byte[Size];
            Array.Copy(_data, copy, Size);
            return copy;
        }

        /// <summary>An independent copy, e.g. to build an intended image from a read one.</summary>
        public ConfigZone Clone()
        {
            return new ConfigZone(ToArray());
        }

        /// <summary>One byte of the zone by its offset (0–127), for code that walks the layout.</summary>
        public byte GetByte(int offset)
        {
            if (offset < 0 || offset >= Size)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "config byte " + offset + " outside 0.." + (Size - 1));
            }

            return _data[offset];
        }

        /// <summary>
        /// The 9-byte serial number, bytes 0–3 then 8–12 (§4.4; CryptoAuthLib calib_read_serial_number). Get
        /// returns a new array; set takes exactly 9 bytes (a simulator's image; the chip's own bytes are fixed).
        /// </summary>
        public byte[] SerialNumber
        {
            get
            {
                var serial = new byte[SerialNumberLength];
                Array.Copy(_data, SerialNumberLowOffset, serial, 0, 4);
                Array.Copy(_data, SerialNumberHighOffset, serial, 4, 5);
                return serial;
            }

            set
            {
                CheckLength(value, SerialNumberLength);
                Array.Copy(value, 0, _data, SerialNumberLowOffset, 4);
                Array.Copy(value, 4, _data, SerialNumberHighOffset, 5);
            }
        }

        /// <summary>RevNum, bytes 4–7 (608A <c>00 00 60 02</c>, 608B <c>00 00 60 03</c>, §4.1). Get returns a new array.</summary>
        public byte[] RevNum
        {
            get { return CopyOut(RevNumOffset, RevNumLength); }
            set { CopyIn(value, RevNumOffset, RevNumLength); }
        }

        /// <summary>True for an ATECC608B: RevNum byte 3 (config byte 7) is 0x03 or more (§4.5).</summary>
        public bool IsAtecc608B
        {
            get { return _data[RevNumOffset + 3] >= Revision608B; }
        }

        /// <summary>AES_Enable bit 0 (byte 13); the other bits of the byte are left as they are.</summary>
        public bool AesEnabled
        {
            get { return (_data[AesEnableOffset] & 0x01) != 0; }
            set { SetBits(AesEnableOffset, 0x01, value); }
        }

        /// <summary>I2C_Enable bit 0 (byte 14): true for I2C, false for single-wire; other bits left as they are.</summary>
        public bool I2cEnabled
        {
            get { return (_data[I2cEnableOffset] & 0x01) != 0; }
            set { SetBits(I2cEnableOffset, 0x01, value); }
        }

        /// <summary>
        /// The 7-bit I2C address, byte 16 shifted right by one (0xC0 → 0x60, 0x6A → 0x35; §4.1, §12 item 9). Set takes
        /// a 7-bit address and keeps byte 16's bit 0.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The address is not 7-bit.</exception>
        public int I2cAddress
        {
            get { return _data[I2cAddressOffset] >> 1; }
            set
            {
                if (value < 0 || value > 0x7F)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "a 7-bit I2C address is 0x00..0x7F, not " + value);
                }

                _data[I2cAddressOffset] = (byte)((value << 1) | (_data[I2cAddressOffset] & 0x01));
            }
        }

        /// <summary>CountMatch, byte 18: bit 0 enable, bits 7:4 key slot (§4.1).</summary>
        public byte CountMatch
        {
            get { return _data[CountMatchOffset]; }
            set { _data[CountMatchOffset] = value; }
        }

        /// <summary>ChipMode, byte 19 (§4.1); see the helpers for its bits.</summary>
        public byte ChipMode
        {
            get { return _data[ChipModeOffset]; }
            set { _data[ChipModeOffset] = value; }
        }

        /// <summary>ChipMode bit 0: the chip answers at UserExtraAdd (byte 85) once that is set (§4.6).</summary>
        public bool AlternateAddressEnabled
        {
            get { return (_data[ChipModeOffset] & ChipModeAlternateAddress) != 0; }
            set { SetBits(ChipModeOffset, ChipModeAlternateAddress, value); }
        }

        /// <summary>ChipMode bit 1: TTL input levels.</summary>
        public bool TtlEnabled
        {
            get { return (_data[ChipModeOffset] & ChipModeTtlEnable) != 0; }
            set { SetBits(ChipModeOffset, ChipModeTtlEnable, value); }
        }

        /// <summary>ChipMode bit 2: the watchdog is 13 s instead of 1.3 s (§4.1, §1.5).</summary>
        public bool WatchdogLong
        {
            get { return (_data[ChipModeOffset] & ChipModeWatchdogLong) != 0; }
            set { SetBits(ChipModeOffset, ChipModeWatchdogLong, value); }
        }

        /// <summary>
        /// ChipMode bits 7:3 as they sit in the byte (<see cref="ClockDividerM0"/> 0x00, M1 0x28, M2 0x68); a higher
        /// divider multiplies ECC execution times (§12 item 13).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value has bits outside 7:3.</exception>
        public byte ClockDivider
        {
            get { return (byte)(_data[ChipModeOffset] & ChipModeClockDividerMask); }
            set
            {
                if ((value & ~ChipModeClockDividerMask) != 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "the clock divider occupies ChipMode bits 7:3 only");
                }

                _data[ChipModeOffset] = (byte)((_data[ChipModeOffset] & ~ChipModeClockDividerMask) | value);
            }
        }

        /// <summary>Counter0 initial value, bytes 52–59 as stored (encoding unverified, §4.1). Get returns a new array.</summary>
        public byte[] Counter0
        {
            get { return CopyOut(Counter0Offset, CounterLength); }
            set { CopyIn(value, Counter0Offset, CounterLength); }
        }

        /// <summary>Counter1 initial value, bytes 60–67 as stored. Get returns a new array.</summary>
        public byte[] Counter1
        {
            get { return CopyOut(Counter1Offset, CounterLength); }
            set { CopyIn(value, Counter1Offset, CounterLength); }
        }

        /// <summary>UseLock, byte 68: bits 3:0 enable, bits 7:4 key (§4.1).</summary>
        public byte UseLock
        {
            get { return _data[UseLockOffset]; }
            set { _data[UseLockOffset] = value; }
        }

        /// <summary>VolatileKeyPermission, byte 69: bits 3:0 slot, bit 7 enable (§4.1).</summary>
        public byte VolatileKeyPermission
        {
            get { return _data[VolatileKeyPermissionOffset]; }
            set { _data[VolatileKeyPermissionOffset] = value; }
        }

        /// <summary>
        /// SecureBoot, bytes 70–71 LE: bits 1:0 mode, bit 3 persistent enable, bit 4 random nonce, bits 11:8
        /// digest/signature slot, bits 15:12 public-key slot (§4.1).
        /// </summary>
        public ushort SecureBoot
        {
            get { return GetWord(SecureBootOffset); }
            set { SetWord(SecureBootOffset, value); }
        }

        /// <summary>KdflvLoc, byte 72.</summary>
        public byte KdfIvLoc
        {
            get { return _data[KdfIvLocOffset]; }
            set { _data[KdfIvLocOffset] = value; }
        }

        /// <summary>KdflvStr, bytes 73–74 LE.</summary>
        public ushort KdfIvStr
        {
            get { return GetWord(KdfIvStrOffset); }
            set { SetWord(KdfIvStrOffset, value); }
        }

        /// <summary>UserExtra, byte 84 (on the chip, written once with UpdateExtra mode 0).</summary>
        public byte UserExtra
        {
            get { return _data[UserExtraOffset]; }
            set { _data[UserExtraOffset] = value; }
        }

        /// <summary>UserExtraAdd, byte 85: alternative I2C address in 8-bit form (written once with UpdateExtra mode 1, §4.6).</summary>
        public byte UserExtraAdd
        {
            get { return _data[UserExtraAddOffset]; }
            set { _data[UserExtraAddOffset] = value; }
        }

        /// <summary>LockValue, byte 86: data and OTP zone lock, <see cref="LockedValue"/> or <see cref="UnlockedValue"/>.</summary>
        public byte LockValue
        {
            get { return _data[LockValueOffset]; }
            set { _data[LockValueOffset] = value; }
        }

        /// <summary>LockConfig, byte 87: config zone lock, <see cref="LockedValue"/> or <see cref="UnlockedValue"/>.</summary>
        public byte LockConfig
        {
            get { return _data[LockConfigOffset]; }
            set { _data[LockConfigOffset] = value; }
        }

        /// <summary>True when LockConfig (byte 87) is 0x00 (§4.1, §6).</summary>
        public bool IsConfigLocked
        {
            get { return _data[LockConfigOffset] == LockedValue; }
        }

        /// <summary>True when LockValue (byte 86) is 0x00: data and OTP zones locked (§4.1, §6).</summary>
        public bool IsDataLocked
        {
            get { return _data[LockValueOffset] == LockedValue; }
        }

        /// <summary>SlotLocked, bytes 88–89 LE: bit n = 1 slot n unlocked, 0 locked (factory 0xFFFF; §4.1).</summary>
        public ushort SlotLocked
        {
            get { return GetWord(SlotLockedOffset); }
            set { SetWord(SlotLockedOffset, value); }
        }

        /// <summary>ChipOptions, bytes 90–91 LE (§4.1).</summary>
        public ushort ChipOptions
        {
            get { return GetWord(ChipOptionsOffset); }
            set { SetWord(ChipOptionsOffset, value); }
        }

        /// <summary>True when slot <paramref name="slot"/> is individually locked: its SlotLocked bit is 0 (§4.1).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public bool IsSlotLocked(int slot)
        {
            CheckSlot(slot);
            return ((SlotLocked >> slot) & 1) == 0;
        }

        /// <summary>Sets slot <paramref name="slot"/>'s SlotLocked bit: 0 for locked, 1 for unlocked.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public void SetSlotLocked(int slot, bool locked)
        {
            CheckSlot(slot);
            int word = SlotLocked;
            SlotLocked = locked ? (ushort)(word & ~(1 << slot)) : (ushort)(word | (1 << slot));
        }

        /// <summary>X509format entry <paramref name="index"/> (0–3), byte 92 + index.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The index is not 0–3.</exception>
        public byte GetX509Format(int index)
        {
            CheckX509Index(index);
            return _data[X509FormatOffset + index];
        }

        /// <summary>Sets X509format entry <paramref name="index"/> (0–3).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The index is not 0–3.</exception>
        public void SetX509Format(int index, byte value)
        {
            CheckX509Index(index);
            _data[X509FormatOffset + index] = value;
        }

        /// <summary>Slot <paramref name="slot"/>'s SlotConfig, bytes 20 + 2·slot (LE).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public SlotConfig GetSlotConfig(int slot)
        {
            CheckSlot(slot);
            return new SlotConfig(GetWord(SlotConfigOffset + (2 * slot)));
        }

        /// <summary>Stores slot <paramref name="slot"/>'s SlotConfig.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public void SetSlotConfig(int slot, SlotConfig value)
        {
            CheckSlot(slot);
            SetWord(SlotConfigOffset + (2 * slot), value.Raw);
        }

        /// <summary>Slot <paramref name="slot"/>'s KeyConfig, bytes 96 + 2·slot (LE).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public KeyConfig GetKeyConfig(int slot)
        {
            CheckSlot(slot);
            return new KeyConfig(GetWord(KeyConfigOffset + (2 * slot)));
        }

        /// <summary>Stores slot <paramref name="slot"/>'s KeyConfig.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public void SetKeyConfig(int slot, KeyConfig value)
        {
            CheckSlot(slot);
            SetWord(KeyConfigOffset + (2 * slot), value.Raw);
        }

        /// <summary>Throws unless <paramref name="slot"/> is a slot number 0–15.</summary>
        internal static void CheckSlot(int slot)
        {
            if (slot < 0 || slot >= SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(slot), "slot " + slot + " outside 0.." + (SlotCount - 1));
            }
        }

        private static void CheckX509Index(int index)
        {
            if (index < 0 || index >= X509FormatCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "X509format entry " + index + " outside 0.." + (X509FormatCount - 1));
            }
        }

        private static void CheckLength(byte[] value, int length)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (value.Length != length)
            {
                throw new ArgumentException("this field takes exactly " + length + " bytes, not " + value.Length);
            }
        }

        private byte[] CopyOut(int offset, int length)
        {
            var copy = new byte[length];
            Array.Copy(_data, offset, copy, 0, length);
            return copy;
        }

        private void CopyIn(byte[] value, int offset, int length)
        {
            CheckLength(value, length);
            Array.Copy(value, 0, _data, offset, length);
        }

        private void SetBits(int offset, int mask, bool set)
        {
            _data[offset] = set ? (byte)(_data[offset] | mask) : (byte)(_data[offset] & ~mask);
        }

        private ushort GetWord(int offset)
        {
            return (ushort)(_data[offset] | (_data[offset + 1] << 8));
        }

        private void SetWord(int offset, ushort value)
        {
            _data[offset] = (byte)value;
            _data[offset + 1] = (byte)(value >> 8);
        }
    }
}
