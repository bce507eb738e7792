namespace Atecc608Driver
{
    /// <summary>
    /// The one path every command takes (CryptoAuthLib's calib_execute_command): wake, send, wait, poll, check
    /// size and CRC, map the status, idle. Bounded retries for what the datasheet says may be retried; one packet
    /// buffer and one response buffer, allocated once.
    /// </summary>
    internal sealed class CommandExecutor
    {
        /// <summary>tWHI: wait after the wake pulse before reading the wake reply (facts/atecc608.md §1.3, CAL wake_delay).</summary>
        public const int WakeDelayMicroseconds = 1500;

        /// <summary>Extra wait on wake retries: power-on self test may delay the first reply (CAL ATCA_POST_DELAY_MSEC).</summary>
        public const int PostDelayMicroseconds = 25000;

        /// <summary>Wake attempts before giving up (CAL retries up to 20; five covers POST and bus noise).</summary>
        public const int MaxWakeAttempts = 5;

        /// <summary>Sends of one command while the chip reports it did not execute it (0xFF, 0x11, 0xEE, NACK).</summary>
        public const int MaxSendAttempts = 3;

        /// <summary>Reads of one reply whose count or CRC is bad; re-reading does not re-execute the command.</summary>
        public const int MaxReadAttempts = 3;

        private readonly IAtecc608Transport _transport;
        private readonly byte[] _command = new byte[Packet.MaxCommandWriteLength];
        private readonly byte[] _response = new byte[Packet.MaxResponseLength];
        private readonly byte[] _wordAddress = new byte[1];

        public CommandExecutor(IAtecc608Transport transport)
        {
            if (transport == null)
            {
                throw new System.ArgumentNullException(nameof(transport));
            }

            _transport = transport;
        }

        /// <summary>ECC clock mode 0, 1 or 2 (ChipMode bits 7:3), which scales execution times.</summary>
        public int ClockMode { get; set; }

        /// <summary>The last reply group, valid until the next command.</summary>
        public byte[] Response => _response;

        /// <summary>
        /// Runs one command and returns the reply's count. Statuses other than success throw, except a
        /// miscompare when <paramref name="miscompareIsResult"/> (Verify, CheckMac).
        /// </summary>
        public int Execute(Opcode opcode, byte param1, ushort param2, byte[] data, int dataOffset, int dataLength, bool miscompareIsResult)
        {
            int length = Packet.EncodeCommand(_command, 0, opcode, param1, param2, data, dataOffset, dataLength);
            Atecc608Exception notExecuted = null;
            try
            {
                for (int attempt = 1; attempt <= MaxSendAttempts; attempt++)
                {
                    Wake(opcode);
                    TransportStatus sent = _transport.Write(_command, 0, length);
                    if (sent != TransportStatus.Ok)
                    {
                        // A NACK right after a good wake: the chip went back to sleep, or the bus glitched.
                        notExecuted = BusError(opcode, sent, "sending the command");
                        continue;
                    }

                    int count = Receive(opcode);
                    Atecc608Status status = Packet.StatusOf(_response, 0, count);
                    if (status == Atecc608Status.Success || (status == Atecc608Status.Miscompare && miscompareIsResult))
                    {
                        return count;
                    }

                    Atecc608Exception error = ChipError(opcode, status);
                    if (!WasNotExecuted(status))
                    {
                        throw error;
                    }

                    notExecuted = error;
                }

                throw notExecuted;
            }
            finally
            {
                // CAL idles after every command: the watchdog stops, TempKey and the digest buffer survive.
                WriteWordAddress(WordAddress.Idle);
            }
        }

        /// <summary>Puts the chip to sleep: all volatile state is lost, current drops to nA. End of a flow.</summary>
        public void Sleep()
        {
            WriteWordAddress(WordAddress.Sleep);
        }

        private void Wake(Opcode opcode)
        {
            for (int attempt = 1; attempt <= MaxWakeAttempts; attempt++)
            {
                _transport.SendWake();
                _transport.Delay(attempt == 1 ? WakeDelayMicroseconds : WakeDelayMicroseconds + PostDelayMicroseconds);
                if (_transport.Read(_response, 0, Packet.StatusResponseLength) != TransportStatus.Ok)
                {
                    continue;
                }

                if (Packet.IsWakeResponse(_response, 0))
                {
                    return;
                }

                if (_response[0] == Packet.StatusResponseLength && _response[1] == (byte)Atecc608Status.SelfTestError)
                {
                    // Any 4-byte 0x07 reply: CAL's constant for it disagrees with the CRC (facts/atecc608.md §1.3).
                    throw new Atecc608Exception(Atecc608Error.ChipStatus, opcode, (byte)Atecc608Status.SelfTestError,
                        "ATECC608 power-on self test failed (status 0x07 at wake); power-cycle the chip");
                }

                // The chip was already awake and returned a stale reply: idle it so the next wake starts clean.
                WriteWordAddress(WordAddress.Idle);
            }

            throw new Atecc608Exception(Atecc608Error.WakeFailed, opcode, 0,
                "no wake reply from the ATECC608 after " + MaxWakeAttempts + " attempts (check wiring, address and pull-ups)");
        }

        private int Receive(Opcode opcode)
        {
            int waited = ExecutionTime.FirstPollMicroseconds(opcode, ClockMode);
            int deadline = ExecutionTime.DeadlineMicroseconds(opcode, ClockMode);
            int badReplies = 0;
            TransportStatus lastBus = TransportStatus.NotAcknowledged;
            _transport.Delay(waited);
            while (true)
            {
                // Read the count byte first, then the rest: a NACK means still busy (facts/atecc608.md §1.6).
                TransportStatus status = _transport.Read(_response, 0, 1);
                int count = _response[0];
                if (status == TransportStatus.Ok && count != 0xFF)
                {
                    if (count >= Packet.MinResponseLength && count <= Packet.MaxResponseLength)
                    {
                        status = _transport.Read(_response, 1, count - 1);
                        if (status == TransportStatus.Ok && Crc16.Matches(_response, 0, count - 2))
                        {
                            return count;
                        }
                    }

                    if (status == TransportStatus.Ok)
                    {
                        // Noise or a partial read: re-read the same reply from its first byte.
                        badReplies++;
                        if (badReplies >= MaxReadAttempts)
                        {
                            return Packet.CheckResponse(_response, 0, count <= Packet.MaxResponseLength ? count : 1, opcode);
                        }

                        WriteWordAddress(WordAddress.Reset);
                        continue;
                    }
                }

                if (status == TransportStatus.Timeout || status == TransportStatus.BusError)
                {
                    lastBus = status;
                }

                if (waited >= deadline)
                {
                    if (lastBus != TransportStatus.NotAcknowledged)
                    {
                        throw BusError(opcode, lastBus, "reading the reply");
                    }

                    throw new Atecc608Exception(Atecc608Error.NoResponse, opcode, 0,
                        Packet.OpcodeName(opcode) + ": no reply within " + (deadline / 1000) + " ms");
                }

                _transport.Delay(ExecutionTime.PollIntervalMicroseconds);
                waited += ExecutionTime.PollIntervalMicroseconds;
            }
        }

        private void WriteWordAddress(WordAddress address)
        {
            _wordAddress[0] = (byte)address;
            _transport.Write(_wordAddress, 0, 1);
        }

        /// <summary>Statuses that mean the chip did not run the command, so sending it again is safe.</summary>
        private static bool WasNotExecuted(Atecc608Status status)
        {
            return status == Atecc608Status.CommunicationError
                || status == Atecc608Status.AfterWake
                || status == Atecc608Status.WatchdogAboutToExpire;
        }

        private static Atecc608Exception BusError(Opcode opcode, TransportStatus status, string doing)
        {
            Atecc608Error error = status == TransportStatus.NotAcknowledged ? Atecc608Error.NoResponse : Atecc608Error.BusFailure;
            return new Atecc608Exception(error, opcode, 0,
                Packet.OpcodeName(opcode) + ": I2C " + TransportStatusName(status) + " while " + doing);
        }

        internal static Atecc608Exception ChipError(Opcode opcode, Atecc608Status status)
        {
            return new Atecc608Exception(Atecc608Error.ChipStatus, opcode, (byte)status,
                Packet.OpcodeName(opcode) + " failed: status 0x" + ((byte)status).ToString("X2") + " (" + StatusMeaning(status) + ")");
        }

        /// <summary>The datasheet meaning of a status byte (facts/atecc608.md §2.4).</summary>
        public static string StatusMeaning(Atecc608Status status)
        {
            switch (status)
            {
                case Atecc608Status.Success: return "success";
                case Atecc608Status.Miscompare: return "verify or CheckMac miscompare";
                case Atecc608Status.ParseError: return "parse error: illegal length, opcode or parameter";
                case Atecc608Status.EccFault: return "ECC computation fault; a retry may succeed";
                case Atecc608Status.SelfTestError: return "self-test failure mode";
                case Atecc608Status.HealthTestError: return "random number generator health test failed";
                case Atecc608Status.ExecutionError: return "execution error: not allowed in the current state or slot policy";
                case Atecc608Status.AfterWake: return "chip re-woke and lost the command";
                case Atecc608Status.WatchdogAboutToExpire: return "watchdog about to expire; command not run";
                case Atecc608Status.CommunicationError: return "chip saw a CRC or framing error; command not run";
                default: return "undocumented status";
            }
        }

        private static string TransportStatusName(TransportStatus status)
        {
            switch (status)
            {
                case TransportStatus.NotAcknowledged: return "NACK";
                case TransportStatus.Timeout: return "timeout";
                case TransportStatus.BusError: return "bus error";
                default: return "ok";
            }
        }
    }
}
