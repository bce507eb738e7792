using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Malformed or unacceptable PKI input, with a machine-readable <see cref="Error"/> and the byte
    /// <see cref="Offset"/> in the input where the problem was found (-1 when not tied to a position).
    /// </summary>
    public class PkiException : Exception
    {
        /// <summary>Creates the exception; the offset is appended to the message when known.</summary>
        public PkiException(PkiError error, int offset, string message)
            : base(offset >= 0 ? message + " (at byte " + offset + ")" : message)
        {
            Error = error;
            Offset = offset;
        }

        /// <summary>The kind of problem.</summary>
        public PkiError Error { get; }

        /// <summary>Position in the input, or -1.</summary>
        public int Offset { get; }
    }
}
