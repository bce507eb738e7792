namespace Atecc608Driver
{
    /// <summary>
    /// The byte that follows the device address in every I2C write and says what the write means
    /// (facts/atecc608.md §1.2).
    /// </summary>
    public enum WordAddress : byte
    {
        /// <summary>Resets the output buffer pointer; the next read starts at the response's count byte.</summary>
        Reset = 0x00,

        /// <summary>Enter sleep: all volatile state (TempKey, message-digest buffer, RNG seed) is lost.</summary>
        Sleep = 0x01,

        /// <summary>Enter idle: volatile state kept, watchdog stopped.</summary>
        Idle = 0x02,

        /// <summary>The bytes that follow are a command group (count … CRC).</summary>
        Command = 0x03,
    }
}
