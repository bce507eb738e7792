using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// A failed HTTP exchange, with a machine-readable <see cref="Error"/> and, for response parsing, the byte
    /// <see cref="Offset"/> in the input where the problem was found (-1 when not tied to a position).
    /// Caller mistakes (null buffers, ranges outside an array) throw the ArgumentException family instead.
    /// </summary>
    public class HttpException : Exception
    {
        /// <summary>Creates the exception; the offset is appended to the message when known.</summary>
        public HttpException(HttpError error, int offset, string message)
            : base(offset >= 0 ? message + " (at byte " + offset + ")" : message)
        {
            Error = error;
            Offset = offset;
        }

        /// <summary>The kind of problem.</summary>
        public HttpError Error { get; }

        /// <summary>
        /// Position of the problem in the input being parsed, or -1: the response stream for
        /// <see cref="HttpResponseReader"/> (0 = first byte received), the body for <see cref="Base64Body"/>.
        /// </summary>
        public int Offset { get; }

        /// <summary>True when the server sent malformed or hostile HTTP (codes 20..39): close, log, do not retry unchanged.</summary>
        public bool IsMalformedResponse
        {
            get { return (int)Error >= 20 && (int)Error < 40; }
        }

        /// <summary>True when the server's input exceeded a limit the caller stated (codes 40..49).</summary>
        public bool IsLimitExceeded
        {
            get { return (int)Error >= 40 && (int)Error < 50; }
        }

        /// <summary>True for failures of the network or TLS below the codec (codes 60..69): worth a later retry.</summary>
        public bool IsTransportFailure
        {
            get { return (int)Error >= 60 && (int)Error < 70; }
        }
    }
}
