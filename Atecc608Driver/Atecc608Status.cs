namespace Atecc608Driver
{
    /// <summary>
    /// The status byte of a 4-byte response group (facts/atecc608.md §2.4; ATECC608 TNGTLS data sheet
    /// §4.3 "Status/Error Codes", ATSHA204A data sheet, CryptoAuthLib isATCAError).
    /// </summary>
    public enum Atecc608Status : byte
    {
        /// <summary>The command ran.</summary>
        Success = 0x00,

        /// <summary>CheckMac or Verify miscompare: a result, not a fault (e.g. an invalid signature).</summary>
        Miscompare = 0x01,

        /// <summary>Illegal length, opcode or parameters whatever the state; a host bug, never retried unchanged.</summary>
        ParseError = 0x03,

        /// <summary>ECC computation fault; the result is invalid and a retry may succeed.</summary>
        EccFault = 0x05,

        /// <summary>A self test failed: the chip is in failure mode until the next wake or power cycle.</summary>
        SelfTestError = 0x07,

        /// <summary>The random number generator's health test failed.</summary>
        HealthTestError = 0x08,

        /// <summary>Valid command that cannot run in the current state (lock state, slot policy, TempKey …).</summary>
        ExecutionError = 0x0F,

        /// <summary>Reply of a chip that has just woken: as a command reply it means the command was lost.</summary>
        AfterWake = 0x11,

        /// <summary>The watchdog is about to expire; the command was not executed.</summary>
        WatchdogAboutToExpire = 0xEE,

        /// <summary>The chip received the command with a bad CRC or a framing error and did not run it.</summary>
        CommunicationError = 0xFF,
    }
}
