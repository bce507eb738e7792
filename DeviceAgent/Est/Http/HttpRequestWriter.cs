using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Writes an HTTP/1.1 request head (and optionally its body) into a buffer the caller owns, in the exact form of
    /// est.md §9: request line, Host (":port" omitted for 443), User-Agent, Connection: close, Accept (unless
    /// <see cref="Accept"/> is null), and for POST Content-Type, Content-Transfer-Encoding: base64, Content-Length,
    /// then Authorization: Basic when credentials are set, then the empty line. Every line ends with CRLF (RFC 9112
    /// §2.1). The size is computed first and nothing is written when the buffer is too small
    /// (<see cref="HttpError.BufferTooSmall"/>). One instance per server; it keeps the host, user agent and credentials
    /// and allocates nothing per request.
    /// </summary>
    /// <remarks>
    /// The buffer passed to a Write call belongs to the writer only for the duration of that call. One request per
    /// TLS connection (Connection: close), as libest does: the reader then never has to track keep-alive state.
    /// </remarks>
    public sealed class HttpRequestWriter
    {
        /// <summary>Method of the EST GET operations (cacerts, csrattrs; RFC 7030 §4.1, §4.5).</summary>
        public const string Get = "GET";

        /// <summary>Method of the EST POST operations (simpleenroll, simplereenroll; RFC 7030 §4.2).</summary>
        public const string Post = "POST";

        /// <summary>Default port of https (RFC 9110 §4.2.2); Host omits it (RFC 9110 §7.2, est.md §9).</summary>
        public const int HttpsPort = 443;

        /// <summary>Longest user-id or password: libest's limit of 255 (est.md §9).</summary>
        public const int MaxCredentialLength = 255;

        /// <summary>Longest host name: 255 octets of a DNS name (RFC 1035 §2.3.4) plus brackets of an IPv6 literal.</summary>
        public const int MaxHostLength = 257;

        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        private readonly string _hostHeader;
        private readonly string _userAgent;
        private string _accept = "*/*";
        private byte[] _basicToken;

        /// <summary>
        /// A writer for requests to <paramref name="host"/>:<paramref name="port"/>. <paramref name="host"/> is a DNS
        /// name, an IPv4 address or a bracketed IPv6 literal, without scheme, port or path.
        /// </summary>
        public HttpRequestWriter(string host, int port, string userAgent)
        {
            if (host == null)
            {
                throw new ArgumentNullException(nameof(host));
            }

            if (userAgent == null)
            {
                throw new ArgumentNullException(nameof(userAgent));
            }

            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port));
            }

            CheckHost(host);
            CheckFieldValue(userAgent, "User-Agent");
            _hostHeader = port == HttpsPort ? host : host + ":" + port;
            _userAgent = userAgent;
        }

        /// <summary>The value written in the Host header.</summary>
        public string HostHeader
        {
            get { return _hostHeader; }
        }

        /// <summary>
        /// The value of the Accept header; "*/*" unless set (libest sends the same, est.md §9); null leaves the header
        /// out, which means any media type (RFC 9110 §12.5.1).
        /// </summary>
        public string Accept
        {
            get
            {
                return _accept;
            }

            set
            {
                if (value != null)
                {
                    CheckFieldValue(value, "Accept");
                }

                _accept = value;
            }
        }

        /// <summary>True when <see cref="SetBasicCredentials"/> was called and not cleared since.</summary>
        public bool HasCredentials
        {
            get { return _basicToken != null; }
        }

        /// <summary>
        /// Adds "Authorization: Basic base64(user-id ':' password)" (RFC 7617 §2) to every request from now on. Send
        /// credentials only after the server certificate was verified against the explicit trust anchor (est.md §12.10).
        /// Throws <see cref="HttpError.InvalidRequestField"/> when the user-id holds ':' (RFC 7617 §2), either holds a
        /// control character (RFC 7617 §2) or a non-ASCII one (this device has no UTF-8 encoder), or either is longer
        /// than <see cref="MaxCredentialLength"/>. The encoded token is kept in a byte array that
        /// <see cref="ClearCredentials"/> wipes; no string of it is made.
        /// </summary>
        public void SetBasicCredentials(string userId, string password)
        {
            if (userId == null)
            {
                throw new ArgumentNullException(nameof(userId));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            CheckCredential(userId, "user-id", true);
            CheckCredential(password, "password", false);

            var plain = new byte[userId.Length + 1 + password.Length];
            int n = 0;
            for (int i = 0; i < userId.Length; i++)
            {
                plain[n++] = (byte)userId[i];
            }

            plain[n++] = (byte)':';
            for (int i = 0; i < password.Length; i++)
            {
                plain[n++] = (byte)password[i];
            }

            ClearCredentials();
            _basicToken = new byte[((plain.Length + 2) / 3) * 4];
            EncodeBase64(plain, _basicToken);
            Array.Clear(plain, 0, plain.Length);
        }

        /// <summary>Stops sending Authorization and overwrites the stored token.</summary>
        public void ClearCredentials()
        {
            if (_basicToken != null)
            {
                Array.Clear(_basicToken, 0, _basicToken.Length);
                _basicToken = null;
            }
        }

        /// <summary>
        /// Bytes that <see cref="WriteHead"/> writes for these arguments (same checks, same exceptions).
        /// <paramref name="method"/> is <see cref="Get"/> (then <paramref name="contentType"/> is null and
        /// <paramref name="contentLength"/> 0) or <see cref="Post"/> (then <paramref name="contentType"/> is required).
        /// </summary>
        public int GetHeadLength(string method, string path, string contentType, int contentLength)
        {
            bool post = CheckArguments(method, path, contentType, contentLength);
            return Compose(null, 0, method, path, contentType, contentLength, post);
        }

        /// <summary>
        /// Writes the request head into <paramref name="buffer"/>[<paramref name="offset"/>, +<paramref name="count"/>)
        /// and returns its length; the caller sends <paramref name="contentLength"/> body bytes after it. Throws
        /// <see cref="HttpError.BufferTooSmall"/> with nothing written when it does not fit.
        /// </summary>
        public int WriteHead(string method, string path, string contentType, int contentLength, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count, nameof(buffer));
            bool post = CheckArguments(method, path, contentType, contentLength);
            int length = Compose(null, 0, method, path, contentType, contentLength, post);
            if (length > count)
            {
                throw new HttpException(HttpError.BufferTooSmall, -1, "request head needs " + length + " bytes, buffer has " + count);
            }

            Compose(buffer, offset, method, path, contentType, contentLength, post);
            return length;
        }

        /// <summary>
        /// Writes head and body (copied from <paramref name="body"/>) into the buffer and returns the total length;
        /// Content-Length is <paramref name="bodyCount"/>. For GET pass a null body and 0. Nothing is written when the
        /// whole request does not fit (<see cref="HttpError.BufferTooSmall"/>). The body must not overlap the buffer range.
        /// </summary>
        public int WriteRequest(string method, string path, string contentType, byte[] body, int bodyOffset, int bodyCount, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count, nameof(buffer));
            if (body == null)
            {
                if (bodyOffset != 0 || bodyCount != 0)
                {
                    throw new ArgumentNullException(nameof(body));
                }
            }
            else
            {
                CheckRange(body, bodyOffset, bodyCount, nameof(body));
            }

            bool post = CheckArguments(method, path, contentType, bodyCount);
            int headLength = Compose(null, 0, method, path, contentType, bodyCount, post);
            if (headLength > count || bodyCount > count - headLength)
            {
                throw new HttpException(HttpError.BufferTooSmall, -1, "request needs " + ((long)headLength + bodyCount) + " bytes, buffer has " + count);
            }

            Compose(buffer, offset, method, path, contentType, bodyCount, post);
            if (bodyCount > 0)
            {
                Array.Copy(body, bodyOffset, buffer, offset + headLength, bodyCount);
            }

            return headLength + bodyCount;
        }

        // One routine both measures (buffer == null) and writes, so the measured length is the written length.
        private int Compose(byte[] buffer, int pos, string method, string path, string contentType, int contentLength, bool post)
        {
            // RFC 9112 §3: request-line = method SP request-target SP HTTP-version CRLF
            pos = Put(buffer, pos, method);
            pos = Put(buffer, pos, " ");
            pos = Put(buffer, pos, path);
            pos = Put(buffer, pos, " HTTP/1.1\r\n");

            // RFC 9112 §3.2: Host is the first header a client sends.
            pos = Line(buffer, pos, "Host: ", _hostHeader);
            pos = Line(buffer, pos, "User-Agent: ", _userAgent);
            pos = Put(buffer, pos, "Connection: close\r\n");
            if (_accept != null)
            {
                pos = Line(buffer, pos, "Accept: ", _accept);
            }

            if (post)
            {
                pos = Line(buffer, pos, "Content-Type: ", contentType);

                // RFC 7030 §4.2.1 asks for it; RFC 8951 §3 receivers ignore it; harmless either way (est.md §9).
                pos = Put(buffer, pos, "Content-Transfer-Encoding: base64\r\n");
                pos = Put(buffer, pos, "Content-Length: ");
                pos = PutDecimal(buffer, pos, contentLength);
                pos = Put(buffer, pos, "\r\n");
            }

            if (_basicToken != null)
            {
                pos = Put(buffer, pos, "Authorization: Basic ");
                if (buffer != null)
                {
                    Array.Copy(_basicToken, 0, buffer, pos, _basicToken.Length);
                }

                pos += _basicToken.Length;
                pos = Put(buffer, pos, "\r\n");
            }

            return Put(buffer, pos, "\r\n");
        }

        private static int Line(byte[] buffer, int pos, string name, string value)
        {
            pos = Put(buffer, pos, name);
            pos = Put(buffer, pos, value);
            return Put(buffer, pos, "\r\n");
        }

        // Strings reaching here were checked to be ASCII.
        private static int Put(byte[] buffer, int pos, string text)
        {
            if (buffer != null)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    buffer[pos + i] = (byte)text[i];
                }
            }

            return pos + text.Length;
        }

        private static int PutDecimal(byte[] buffer, int pos, int value)
        {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10)
            {
                digits++;
            }

            if (buffer != null)
            {
                int v = value;
                for (int i = digits - 1; i >= 0; i--)
                {
                    buffer[pos + i] = (byte)('0' + (v % 10));
                    v /= 10;
                }
            }

            return pos + digits;
        }

        private static bool CheckArguments(string method, string path, string contentType, int contentLength)
        {
            if (method == null)
            {
                throw new ArgumentNullException(nameof(method));
            }

            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            bool post;
            if (method == Post)
            {
                post = true;
                if (contentType == null)
                {
                    throw new ArgumentNullException(nameof(contentType), "POST needs a Content-Type");
                }

                if (contentType.Length == 0)
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, "Content-Type is empty");
                }

                CheckFieldValue(contentType, "Content-Type");
                if (contentLength < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(contentLength));
                }
            }
            else if (method == Get)
            {
                post = false;
                if (contentType != null || contentLength != 0)
                {
                    throw new ArgumentException("GET carries no body and no Content-Type", nameof(contentType));
                }
            }
            else
            {
                throw new ArgumentException("method must be GET or POST", nameof(method));
            }

            // RFC 9112 §3.2.1 origin-form: absolute-path [ "?" query ]; visible ASCII only, so no header can be injected.
            if (path.Length == 0 || path[0] != '/')
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "request path must start with '/'");
            }

            for (int i = 0; i < path.Length; i++)
            {
                if (!HttpChars.IsVisibleAscii(path[i]) || path[i] == '#')
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, "request path holds a space, control, '#' or non-ASCII character at index " + i);
                }
            }

            return post;
        }

        private static void CheckHost(string host)
        {
            if (host.Length == 0 || host.Length > MaxHostLength)
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "host name is empty or longer than " + MaxHostLength);
            }

            bool bracketed = host[0] == '[';
            if (bracketed && host[host.Length - 1] != ']')
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "IPv6 literal host lacks its closing ']'");
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
                if (bracketed)
                {
                    ok = ok || c == ':' || (c == '[' && i == 0) || (c == ']' && i == host.Length - 1);
                }

                if (!ok)
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, "host holds a character not allowed in a host name at index " + i + " (give the port separately)");
                }
            }
        }

        // A header value we send: visible ASCII and SP, not starting or ending with SP (RFC 9110 §5.5).
        private static void CheckFieldValue(string value, string name)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!(HttpChars.IsVisibleAscii(c) || c == ' '))
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, name + " holds a control or non-ASCII character at index " + i);
                }
            }

            if (value.Length > 0 && (value[0] == ' ' || value[value.Length - 1] == ' '))
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, name + " starts or ends with a space");
            }
        }

        private static void CheckCredential(string value, string what, bool isUserId)
        {
            if (value.Length > MaxCredentialLength)
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "Basic " + what + " longer than " + MaxCredentialLength + " characters");
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x20 || c > 0x7E)
                {
                    // The value itself is never put in a message: it may be a secret.
                    throw new HttpException(HttpError.InvalidRequestField, -1, "Basic " + what + " holds a control or non-ASCII character at index " + i);
                }

                if (isUserId && c == ':')
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, "Basic user-id holds ':' (RFC 7617 §2)");
                }
            }
        }

        // RFC 4648 §4 with '=' padding; output length is ((input + 2) / 3) * 4.
        private static void EncodeBase64(byte[] input, byte[] output)
        {
            int o = 0;
            int i = 0;
            for (; i + 3 <= input.Length; i += 3)
            {
                int v = (input[i] << 16) | (input[i + 1] << 8) | input[i + 2];
                output[o++] = (byte)Base64Alphabet[(v >> 18) & 63];
                output[o++] = (byte)Base64Alphabet[(v >> 12) & 63];
                output[o++] = (byte)Base64Alphabet[(v >> 6) & 63];
                output[o++] = (byte)Base64Alphabet[v & 63];
            }

            int rest = input.Length - i;
            if (rest > 0)
            {
                int v = input[i] << 16;
                if (rest == 2)
                {
                    v |= input[i + 1] << 8;
                }

                output[o++] = (byte)Base64Alphabet[(v >> 18) & 63];
                output[o++] = (byte)Base64Alphabet[(v >> 12) & 63];
                output[o++] = rest == 2 ? (byte)Base64Alphabet[(v >> 6) & 63] : (byte)'=';
                output[o] = (byte)'=';
            }
        }

        private static void CheckRange(byte[] data, int offset, int count, string name)
        {
            if (data == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(name, "range outside the array");
            }
        }
    }
}
