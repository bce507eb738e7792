namespace Atecc608Driver
{
    /// <summary>
    /// How long the chip may take to execute each command, by ECC clock mode (ChipMode bits 7:3).
    /// </summary>
    /// <remarks>
    /// Maximum times in milliseconds from CryptoAuthLib's ATECC608 tables (facts/atecc608.md §3.2, CAL
    /// calib_execution.c): M0 = divider 0x0, M1 = 0x5, M2 = 0xD. Typical times are in the NDA data sheet only, so
    /// the driver polls: it first waits <see cref="FirstPollMicroseconds"/>, then polls every
    /// <see cref="PollIntervalMicroseconds"/> until the maximum (plus a margin) has passed.
    /// </remarks>
    public static class ExecutionTime
    {
        /// <summary>Polling interval (CryptoAuthLib ATCA_POLLING_FREQUENCY_TIME_MSEC = 2 ms).</summary>
        public const int PollIntervalMicroseconds = 2000;

        /// <summary>
        /// Extra time allowed beyond the table maximum before the chip counts as unresponsive: the 608B's
        /// timings differ "slightly" from the 608A's (facts/atecc608.md §3.2, MIG-608B).
        /// </summary>
        public const int MarginPercent = 50;

        /// <summary>The table maximum for <paramref name="opcode"/> in clock mode 0, 1 or 2.</summary>
        public static int MaxMilliseconds(Opcode opcode, int clockMode)
        {
            switch (opcode)
            {
                case Opcode.Aes: return 27;
                case Opcode.CheckMac: return 40;
                case Opcode.Counter: return 25;
                case Opcode.DeriveKey: return 50;
                case Opcode.Ecdh: return Pick(clockMode, 75, 172, 531);
                case Opcode.GenDig: return Pick(clockMode, 25, 35, 35);
                case Opcode.GenKey: return Pick(clockMode, 115, 215, 653);
                case Opcode.Info: return 5;
                case Opcode.Kdf: return 165;
                case Opcode.Lock: return 35;
                case Opcode.Mac: return 55;
                case Opcode.Nonce: return 20;
                case Opcode.PrivWrite: return 50;
                case Opcode.Random: return 23;
                case Opcode.Read: return 5;
                case Opcode.SecureBoot: return Pick(clockMode, 80, 160, 480);
                case Opcode.SelfTest: return Pick(clockMode, 250, 625, 2324);
                case Opcode.Sha: return Pick(clockMode, 36, 42, 75);
                case Opcode.Sign: return Pick(clockMode, 115, 220, 665);
                case Opcode.UpdateExtra: return 10;
                case Opcode.Verify: return Pick(clockMode, 105, 295, 1085);
                case Opcode.Write: return 45;
                default: return 250;
            }
        }

        /// <summary>
        /// The first wait after sending a command: a third of the table maximum, at least 1 ms (CryptoAuthLib's
        /// ATCA_POLLING_INIT_TIME_MSEC). Waiting less only costs polls; waiting the maximum wastes the difference
        /// between typical and worst case on every command.
        /// </summary>
        public static int FirstPollMicroseconds(Opcode opcode, int clockMode)
        {
            int wait = MaxMilliseconds(opcode, clockMode) * 1000 / 3;
            return wait < 1000 ? 1000 : wait;
        }

        /// <summary>How long to keep polling before giving up on the chip.</summary>
        public static int DeadlineMicroseconds(Opcode opcode, int clockMode)
        {
            int max = MaxMilliseconds(opcode, clockMode);
            return (max + (max * MarginPercent / 100) + 10) * 1000;
        }

        private static int Pick(int clockMode, int m0, int m1, int m2)
        {
            return clockMode == 2 ? m2 : clockMode == 1 ? m1 : m0;
        }
    }
}
