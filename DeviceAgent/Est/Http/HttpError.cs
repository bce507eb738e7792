namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Why an HTTP exchange failed; carried by <see cref="HttpException"/>. The values fall into families so a
    /// caller can branch on the family (<see cref="HttpException.IsMalformedResponse"/>,
    /// <see cref="HttpException.IsLimitExceeded"/>, <see cref="HttpException.IsTransportFailure"/>): "the server sent
    /// something no honest HTTP/1.1 server sends" never shares a code with "the network failed" (coreHTTP's
    /// HTTPSecurityAlert* family, EXAMPLES.md B2).
    /// </summary>
    public enum HttpError
    {
        // 1..19: the request could not be written (HttpRequestWriter).

        /// <summary>The caller's buffer cannot hold the request; nothing was written.</summary>
        BufferTooSmall = 1,

        /// <summary>
        /// A request field (host, path, label, user agent, credentials) holds a character HTTP/1.1 or RFC 7617
        /// forbids there, or a non-ASCII character (the device has no UTF-8 encoder).
        /// </summary>
        InvalidRequestField = 2,

        // 20..39: malformed or hostile server input (HttpResponseReader). Close the connection; do not retry unchanged.

        /// <summary>The status line is not "HTTP/1.x SP 3DIGIT [SP reason]" (RFC 9112 §4), or the code is outside 100..599.</summary>
        BadStatusLine = 20,

        /// <summary>
        /// A header or trailer line breaks RFC 9112 §5: no colon, a name that is not a token, whitespace before the colon,
        /// a control character in the value, a bare CR, or a folded line with nothing to continue.
        /// </summary>
        BadHeaderLine = 21,

        /// <summary>Content-Length is not 1*DIGIT (RFC 9110 §8.6).</summary>
        BadContentLength = 22,

        /// <summary>Several Content-Length values that differ (RFC 9112 §6.3 item 5): a response-splitting sign.</summary>
        ConflictingContentLength = 23,

        /// <summary>
        /// Transfer-Encoding other than exactly "chunked" (no other coding is implemented), or any Transfer-Encoding in
        /// an HTTP/1.0 response (RFC 9112 §6.1).
        /// </summary>
        BadTransferEncoding = 24,

        /// <summary>A chunk-size line that is not hex digits [extensions] CRLF (RFC 9112 §7.1), or is longer than allowed.</summary>
        BadChunkHeader = 25,

        /// <summary>Chunk data not followed by CRLF (RFC 9112 §7.1).</summary>
        BadChunkData = 26,

        /// <summary>An interim response the client cannot continue from (101 Switching Protocols: we never asked to upgrade).</summary>
        UnexpectedInterimResponse = 27,

        /// <summary>The connection closed before the status line and headers were complete.</summary>
        TruncatedHead = 28,

        /// <summary>The connection closed before Content-Length bytes or the last chunk arrived.</summary>
        TruncatedBody = 29,

        // 40..49: the server's input exceeds a limit the caller stated.

        /// <summary>Status line plus headers (or the trailer section) exceed the reader's header byte limit.</summary>
        HeaderTooLarge = 40,

        /// <summary>More header fields than the reader's header count limit.</summary>
        TooManyHeaders = 41,

        /// <summary>The body (announced or received) exceeds the caller's maximum body size.</summary>
        BodyTooLarge = 42,

        /// <summary>Decoded base64 would exceed the caller's output limit.</summary>
        DecodedTooLarge = 43,

        // 50..59: a header or body value that must be parsed further is malformed.

        /// <summary>Retry-After is neither delay-seconds nor an HTTP-date (RFC 9110 §10.2.3, §5.6.7), or is out of range.</summary>
        BadRetryAfter = 50,

        /// <summary>A base64 body holds a character outside RFC 4648 §4 and whitespace, or bad padding or length.</summary>
        BadBase64 = 51,

        // 60..69: raised by transport adapters (socket, TLS), never by the codec itself.

        /// <summary>The transport failed: connect, TLS handshake, send or receive error, or an unclean close.</summary>
        TransportFailed = 60,

        /// <summary>The transport timed out (connect or read).</summary>
        Timeout = 61,
    }
}
