using System;

namespace DeviceAgent.Est
{
    /// <summary>
    /// One TLS connection as a byte stream: the EST client writes one HTTP request and reads one response
    /// (Connection: close), through the portable codec in <c>Est/Http</c>.
    /// </summary>
    /// <remarks>
    /// Contract: <see cref="Read"/> blocks until at least one byte arrives, the peer closes (returns 0), or the
    /// adapter's read timeout expires (throws <see cref="TimeoutException"/>); transport failures throw
    /// <see cref="System.IO.IOException"/>. <see cref="Dispose"/> closes the connection and frees its TLS context
    /// (the board has heap for one at a time).
    /// </remarks>
    public interface ITlsStream : IDisposable
    {
        /// <summary>Reads up to <paramref name="count"/> bytes; 0 means the peer closed the connection.</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes all <paramref name="count"/> bytes.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
