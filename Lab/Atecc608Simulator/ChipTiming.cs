namespace Atecc608Simulator;

/// <summary>
/// The simulator's time model: bus transfer times, the wake and watchdog constants, and how long each command
/// keeps the chip busy. All values are in microseconds of modelled time.
/// </summary>
public static class ChipTiming
{
    /// <summary>tWLO: SDA held low for at least 60 µs wakes the chip (facts/atecc608.md §1.3, §1.4).</summary>
    public const long WakeLowMicroseconds = 60;

    /// <summary>tWHI: the chip answers 1500 µs after the wake pulse (CAL wake_delay, facts §1.3).</summary>
    public const long WakeHighMicroseconds = 1500;

    /// <summary>Default watchdog, ~1.3 s from wake (CAL ATCA_CHIPMODE_WATCHDOG_*, facts §1.4).</summary>
    public const long WatchdogShortMicroseconds = 1_300_000;

    /// <summary>Watchdog with ChipMode (config byte 19) bit 2 set: ~13 s (facts §1.4, §4.1).</summary>
    public const long WatchdogLongMicroseconds = 13_000_000;

    /// <summary>Config byte holding ChipMode (facts §4.1).</summary>
    public const int ChipModeByte = 19;

    /// <summary>I2C bits per byte: 8 data bits and the ACK bit.</summary>
    private const int BitsPerByte = 9;

    /// <summary>Per transaction: the address byte plus about one byte's worth of START/STOP overhead.</summary>
    private const int OverheadBytes = 2;

    /// <summary>The watchdog that starts at wake, selected by ChipMode bit 2.</summary>
    public static long WatchdogMicroseconds(byte chipMode) =>
        (chipMode & 0x04) != 0 ? WatchdogLongMicroseconds : WatchdogShortMicroseconds;

    /// <summary>Bus time of one transaction moving <paramref name="dataBytes"/> bytes after the address byte.</summary>
    public static long TransactionMicroseconds(int dataBytes, int busFrequencyHz)
    {
        long bits = (long)(dataBytes + OverheadBytes) * BitsPerByte;
        return ((bits * 1_000_000) + busFrequencyHz - 1) / busFrequencyHz;
    }

    /// <summary>
    /// How long <paramref name="opcode"/> keeps the chip busy: <paramref name="fraction"/> of CAL's fixed-wait
    /// maximum for the clock divider in <paramref name="chipMode"/> bits 7:3 (facts §3.2). Zero for opcodes the
    /// table does not list (the chip answers at once).
    /// </summary>
    public static long ExecutionMicroseconds(byte opcode, byte chipMode, double fraction)
    {
        int maxMs = MaximumMilliseconds(opcode, chipMode >> 3);
        return (long)Math.Round(maxMs * 1000.0 * fraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// CAL's 608 execution-time table (facts §3.2): column M0 for divider 0x0, M1 for 0x5, M2 for 0xD. Other
    /// divider values are not in the table; the simulator uses M0 for them.
    /// </summary>
    public static int MaximumMilliseconds(byte opcode, int divider)
    {
        int column = divider switch
        {
            0x5 => 1,
            0xD => 2,
            _ => 0,
        };
        (int m0, int m1, int m2) = opcode switch
        {
            0x51 => (27, 27, 27),      // AES
            0x28 => (40, 40, 40),      // CheckMac
            0x24 => (25, 25, 25),      // Counter
            0x1C => (50, 50, 50),      // DeriveKey
            0x43 => (75, 172, 531),    // ECDH
            0x15 => (25, 35, 35),      // GenDig
            0x40 => (115, 215, 653),   // GenKey
            0x30 => (5, 5, 5),         // Info
            0x56 => (165, 165, 165),   // KDF
            0x17 => (35, 35, 35),      // Lock
            0x08 => (55, 55, 55),      // MAC
            0x16 => (20, 20, 20),      // Nonce
            0x46 => (50, 50, 50),      // PrivWrite
            0x1B => (23, 23, 23),      // Random
            0x02 => (5, 5, 5),         // Read
            0x80 => (80, 160, 480),    // SecureBoot
            0x77 => (250, 625, 2324),  // SelfTest
            0x47 => (36, 42, 75),      // SHA
            0x41 => (115, 220, 665),   // Sign
            0x20 => (10, 10, 10),      // UpdateExtra
            0x45 => (105, 295, 1085),  // Verify
            0x12 => (45, 45, 45),      // Write
            _ => (0, 0, 0),
        };
        return column switch
        {
            1 => m1,
            2 => m2,
            _ => m0,
        };
    }
}
