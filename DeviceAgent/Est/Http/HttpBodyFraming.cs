namespace DeviceAgent.Est.Http
{
    /// <summary>How the end of the response body is found (RFC 9112 §6.3), decided when the header section ends.</summary>
    public enum HttpBodyFraming
    {
        /// <summary>The header section has not ended yet.</summary>
        Unknown = 0,

        /// <summary>No body: a 204 or 304 response (RFC 9112 §6.3 item 1).</summary>
        NoBody = 1,

        /// <summary>Transfer-Encoding: chunked (RFC 9112 §7.1); wins over any Content-Length (RFC 9112 §6.3 item 3).</summary>
        Chunked = 2,

        /// <summary>Exactly Content-Length bytes (RFC 9112 §6.3 item 6).</summary>
        ContentLength = 3,

        /// <summary>
        /// Neither: the body ends when the server closes the connection (RFC 9112 §6.3 item 8), e.g. libest's 202
        /// (est.md §2.2). Only trustworthy when TLS reported a clean close (close_notify).
        /// </summary>
        UntilClose = 4,
    }
}
