using System.Security.Cryptography;
using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>
/// The chip's EEPROM: configuration zone, the sixteen data slots, OTP and the two monotonic counters
/// (facts/atecc608.md §4, §9). Survives sleep, watchdog expiry and power loss; persisted by
/// <see cref="NonVolatileImageFile"/>.
/// </summary>
internal sealed class NonVolatileMemory
{
    /// <summary>Configuration zone size (facts §4.1).</summary>
    public const int ConfigSize = 128;

    /// <summary>OTP zone size (facts §4.2).</summary>
    public const int OtpSize = 64;

    /// <summary>Number of data slots (facts §4.2).</summary>
    public const int SlotCount = 16;

    /// <summary>Largest counter value, 2^21 − 1 (CAL COUNTER_MAX_VALUE, facts §9).</summary>
    public const uint CounterMax = 2_097_151;

    /// <summary>LockValue (data + OTP lock) byte (facts §4.1, §6).</summary>
    public const int LockValueByte = 86;

    /// <summary>LockConfig byte (facts §4.1, §6).</summary>
    public const int LockConfigByte = 87;

    /// <summary>SlotLocked bytes 88–89, one bit per slot, 1 = unlocked (facts §4.1).</summary>
    public const int SlotLockedByte = 88;

    /// <summary>Value of LockValue/LockConfig while unlocked (CAL ATCA_UNLOCKED; facts §6).</summary>
    public const byte Unlocked = 0x55;

    /// <summary>Value written by Lock (CAL ATCA_LOCKED; facts §6).</summary>
    public const byte Locked = 0x00;

    /// <summary>
    /// Factory-blank ATECC608B config (facts §13.4, GH cryptoauthlib#401) with that user's changes undone:
    /// byte 85 = 00, 86 = 55, 87 = 55. Serial-number bytes 2–3 and 8–11 are replaced per simulated chip.
    /// </summary>
    private static readonly byte[] BlankConfig = Convert.FromHexString(
        "012325A500006003" + "47CAAF9BEE614D00" +
        "C000000083208720" + "8F20C48F8F8F8F8F" +
        "9F8FAF8F00000000" + "0000000000000000" +
        "0000AF8FFFFFFFFF" + "00000000FFFFFFFF" +
        "0000000000000000" + "0000000000000000" +
        "0000000000005555" + "FFFF000000000000" +
        "3300330033001C00" + "1C001C001C001C00" +
        "3C003C003C003C00" + "3C003C003C001C00");

    private NonVolatileMemory(byte[] config, byte[][] slots, byte[] otp, uint[] counters)
    {
        Config = config;
        Slots = slots;
        Otp = otp;
        Counters = counters;
    }

    /// <summary>The 128 configuration bytes.</summary>
    public byte[] Config { get; }

    /// <summary>Slot contents, sized per <see cref="SlotSize"/>.</summary>
    public byte[][] Slots { get; }

    /// <summary>The 64 OTP bytes.</summary>
    public byte[] Otp { get; }

    /// <summary>Counter 0 and counter 1.</summary>
    public uint[] Counters { get; }

    /// <summary>LockConfig is anything but 0x55.</summary>
    public bool ConfigLocked => Config[LockConfigByte] != Unlocked;

    /// <summary>LockValue is anything but 0x55.</summary>
    public bool DataLocked => Config[LockValueByte] != Unlocked;

    /// <summary>ChipMode, config byte 19.</summary>
    public byte ChipMode => Config[ChipTiming.ChipModeByte];

    /// <summary>Bytes in slot <paramref name="slot"/>: 36 for 0–7, 416 for 8, 72 for 9–15 (facts §4.2).</summary>
    public static int SlotSize(int slot) => slot < 8 ? 36 : slot == 8 ? 416 : 72;

    /// <summary>
    /// A factory-blank chip whose serial number is derived from <paramref name="seed"/>: bytes 0–1 = 01 23,
    /// 12 = EE as on real parts, bytes 2–3 and 8–11 from SHA-256 of the seed. Data slots and OTP start as zeros
    /// (the factory contents of a blank part are not documented publicly), counters at 0.
    /// </summary>
    public static NonVolatileMemory CreateFactoryBlank(int seed)
    {
        byte[] config = (byte[])BlankConfig.Clone();
        byte[] seedBytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(seedBytes, seed);
        byte[] hash = SHA256.HashData([.. "ATECC608B simulator serial number"u8, .. seedBytes]);
        config[2] = hash[0];
        config[3] = hash[1];
        Array.Copy(hash, 2, config, 8, 4);
        config[12] = 0xEE;

        var slots = new byte[SlotCount][];
        for (int slot = 0; slot < SlotCount; slot++)
        {
            slots[slot] = new byte[SlotSize(slot)];
        }

        return new NonVolatileMemory(config, slots, new byte[OtpSize], new uint[2]);
    }

    /// <summary>Rebuilds memory from persisted parts, checking every size.</summary>
    public static NonVolatileMemory FromParts(byte[] config, byte[][] slots, byte[] otp, uint[] counters)
    {
        if (config.Length != ConfigSize || otp.Length != OtpSize || slots.Length != SlotCount || counters.Length != 2)
        {
            throw new InvalidDataException("simulated ATECC608 image has wrong zone sizes");
        }

        for (int slot = 0; slot < SlotCount; slot++)
        {
            if (slots[slot].Length != SlotSize(slot))
            {
                throw new InvalidDataException($"simulated ATECC608 image: slot {slot} has {slots[slot].Length} bytes, expected {SlotSize(slot)}");
            }
        }

        if (counters[0] > CounterMax || counters[1] > CounterMax)
        {
            throw new InvalidDataException("simulated ATECC608 image: counter above 2097151");
        }

        return new NonVolatileMemory(config, slots, otp, counters);
    }

    /// <summary>The slot's SlotConfig word.</summary>
    public SlotConfig SlotConfigOf(int slot) => new((ushort)(Config[20 + (2 * slot)] | (Config[21 + (2 * slot)] << 8)));

    /// <summary>The slot's KeyConfig word.</summary>
    public KeyConfig KeyConfigOf(int slot) => new((ushort)(Config[96 + (2 * slot)] | (Config[97 + (2 * slot)] << 8)));

    /// <summary>SlotLocked bit for the slot is 0 (facts §4.1).</summary>
    public bool IsSlotLocked(int slot) => (Config[SlotLockedByte + (slot / 8)] & (1 << (slot % 8))) == 0;

    /// <summary>Clears the slot's SlotLocked bit.</summary>
    public void LockSlot(int slot) => Config[SlotLockedByte + (slot / 8)] &= (byte)~(1 << (slot % 8));

    /// <summary>The serial number: config bytes 0–3 ‖ 8–12 (facts §4.4).</summary>
    public byte[] SerialNumber() => [.. Config.AsSpan(0, 4), .. Config.AsSpan(8, 5)];

    /// <summary>
    /// The data-zone lock summary: CRC-16 (§2.3) over slots 0..15 concatenated, then OTP (facts §6; the 608's
    /// exact layout is unverified, this is the DS-204A layout).
    /// </summary>
    public ushort DataZoneCrc()
    {
        var all = new List<byte>();
        foreach (byte[] slot in Slots)
        {
            all.AddRange(slot);
        }

        all.AddRange(Otp);
        byte[] bytes = [.. all];
        return Crc16.Compute(bytes, 0, bytes.Length);
    }
}
