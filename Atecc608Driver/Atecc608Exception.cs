using System;

namespace Atecc608Driver
{
    /// <summary>
    /// A failed exchange with the ATECC608, with a machine-readable <see cref="Error"/>, the chip's status byte
    /// when it sent one, and the command concerned.
    /// </summary>
    public class Atecc608Exception : Exception
    {
        /// <summary>Creates an exception for a failed exchange.</summary>
        public Atecc608Exception(Atecc608Error error, Opcode command, byte chipStatus, string message)
            : base(message)
        {
            Error = error;
            Command = command;
            ChipStatus = chipStatus;
        }

        /// <summary>The kind of failure.</summary>
        public Atecc608Error Error { get; }

        /// <summary>The command whose exchange failed.</summary>
        public Opcode Command { get; }

        /// <summary>The chip's status byte when <see cref="Error"/> is <see cref="Atecc608Error.ChipStatus"/>; otherwise 0.</summary>
        public byte ChipStatus { get; }
    }
}
