using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Incremental HTTP/1.1 response parser: the caller feeds the bytes its transport returns, in pieces of any size,
    /// and calls <see cref="End"/> when the server closes the connection. It does no I/O and allocates nothing after
    /// construction (only when a header is asked for as a string, and the exception on failure).
    /// <list type="bullet">
    /// <item>Status line "HTTP/1.x SP 3DIGIT [SP reason]" (RFC 9112 §4; 1.0 accepted, empty reason accepted); interim
    /// 1xx responses are skipped (RFC 9110 §15.2), 101 is refused.</item>
    /// <item>Headers (RFC 9112 §5): names are tokens, compared without case; values trimmed of OWS; obsolete line
    /// folding replaced by one SP (RFC 9112 §5.2); stored as offsets into one internal buffer of
    /// <see cref="MaxHeaderBytes"/> bytes, at most <see cref="MaxHeaders"/> of them. A bare LF ends a line like CRLF
    /// (RFC 9112 §2.2); a bare CR is an error.</item>
    /// <item>Body framing (RFC 9112 §6.3): none for 204/304; chunked wins over Content-Length (extensions skipped,
    /// trailers checked and discarded, RFC 9112 §7.1); Content-Length (1*DIGIT, equal duplicates allowed, differing
    /// ones refused); otherwise until the connection closes. The body is copied, de-chunked, into a buffer the caller
    /// owns and gives to <see cref="Reset(byte[], int, int)"/>, whose size is the maximum body accepted.</item>
    /// </list>
    /// Malformed input and exceeded limits throw <see cref="HttpException"/> with the error and the byte offset in the
    /// response stream; the same bytes give the same outcome however they are split between Feed calls. One instance
    /// is reused for every exchange: call Reset before each response.
    /// </summary>
    /// <remarks>
    /// The body buffer belongs to the reader from Reset until the response is complete or failed; the header accessors
    /// are valid from <see cref="IsHeadComplete"/> until the next Reset, even after a body error (so a caller can still
    /// log the status of a response whose body was too large).
    /// </remarks>
    public sealed class HttpResponseReader
    {
        /// <summary>
        /// Default limit of status line plus header section, CRLFs included: an EST server sends about 200 bytes of
        /// headers (libest: Status, Content-Type, Content-Transfer-Encoding, Content-Length, Retry-After); 4 KB leaves
        /// room for what proxies and load balancers add (cookies, HSTS) while costing an ESP32 little.
        /// </summary>
        public const int DefaultMaxHeaderBytes = 4096;

        /// <summary>Default limit of header fields: twice the 16 that libest's client reads (est.md §9).</summary>
        public const int DefaultMaxHeaders = 32;

        /// <summary>
        /// Longest chunk-size line, extensions included. Go's chunked reader allows the same 4096 (net/http/internal
        /// maxLineLength); gs/est, the Go server that sends chunked bodies (est.md §9), sends no extensions. Nothing of
        /// the line is stored; the bound only stops an endless line.
        /// </summary>
        public const int MaxChunkLineBytes = 4096;

        private const int MinHeaderBytes = 64;
        private const int MaxHeaderBytesLimit = 65536;
        private const int MaxHeadersLimit = 256;
        private const int IntsPerField = 4;

        // Content-Length and chunk sizes stop growing here: anything this large is over every body limit anyway.
        private const long SizeCap = 0x7FFFFFFFL;

        private const int SStatusLine = 0;
        private const int SLineStart = 1;
        private const int SHeaderLine = 2;
        private const int SFixedBody = 3;
        private const int SChunkSize = 4;
        private const int SChunkExtension = 5;
        private const int SChunkData = 6;
        private const int SChunkDataCr = 7;
        private const int SChunkDataLf = 8;
        private const int STrailerStart = 9;
        private const int STrailerLine = 10;
        private const int SUntilClose = 11;
        private const int SComplete = 12;
        private const int SFailed = 13;

        // LineEnding results
        private const int Ordinary = 0;
        private const int CrPending = 1;
        private const int LineEnded = 2;

        private const string HttpPrefix = "HTTP/1.";

        private readonly byte[] _head;
        private readonly int[] _fields;
        private readonly int _maxHeaders;

        private int _state;
        private bool _sawCr;
        private int _position;
        private HttpError _failure;
        private int _failureOffset;
        private string _failureMessage;

        private int _headLength;
        private int _headRaw;
        private int _lineStart;
        private bool _lineIsFold;
        private int _headerCount;
        private bool _headComplete;
        private int _statusCode;
        private int _minorVersion;
        private int _reasonLength;

        private HttpBodyFraming _framing;
        private long _contentLength;
        private byte[] _body;
        private int _bodyOffset;
        private int _maxBody;
        private int _bodyLength;
        private int _remaining;

        private long _chunkSize;
        private int _chunkDigits;
        private bool _chunkExtensionStarted;
        private int _lineBytes;
        private int _trailerBytes;
        private bool _trailerInValue;
        private int _trailerNameLength;
        private bool _haveTrailer;

        /// <summary>A reader with <see cref="DefaultMaxHeaderBytes"/> and <see cref="DefaultMaxHeaders"/>.</summary>
        public HttpResponseReader()
            : this(DefaultMaxHeaderBytes, DefaultMaxHeaders)
        {
        }

        /// <summary>
        /// A reader whose head buffer holds <paramref name="maxHeaderBytes"/> bytes (64..65536; the status line and header
        /// section as received, CRLFs included, must fit, and so must a trailer section) and up to
        /// <paramref name="maxHeaders"/> fields (1..256). Both arrays are allocated here, once.
        /// </summary>
        public HttpResponseReader(int maxHeaderBytes, int maxHeaders)
        {
            if (maxHeaderBytes < MinHeaderBytes || maxHeaderBytes > MaxHeaderBytesLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(maxHeaderBytes));
            }

            if (maxHeaders < 1 || maxHeaders > MaxHeadersLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(maxHeaders));
            }

            _head = new byte[maxHeaderBytes];
            _fields = new int[maxHeaders * IntsPerField];
            _maxHeaders = maxHeaders;
            Reset(null, 0, 0);
        }

        /// <summary>Limit of the status line plus header section (and of the trailer section), in bytes as received.</summary>
        public int MaxHeaderBytes
        {
            get { return _head.Length; }
        }

        /// <summary>Limit of header fields.</summary>
        public int MaxHeaders
        {
            get { return _maxHeaders; }
        }

        /// <summary>
        /// Bytes the reader keeps in its two arrays, fixed at construction: <see cref="MaxHeaderBytes"/> + 16 ×
        /// <see cref="MaxHeaders"/> (the body lives in the caller's buffer).
        /// </summary>
        public int BufferBytes
        {
            get { return _head.Length + (_fields.Length * 4); }
        }

        /// <summary>Where the reader stands.</summary>
        public HttpReadState State
        {
            get
            {
                switch (_state)
                {
                    case SStatusLine:
                    case SLineStart:
                    case SHeaderLine:
                        return HttpReadState.ReadingHead;
                    case SComplete:
                        return HttpReadState.Complete;
                    case SFailed:
                        return HttpReadState.Failed;
                    default:
                        return HttpReadState.ReadingBody;
                }
            }
        }

        /// <summary>True once the whole response has been read.</summary>
        public bool IsComplete
        {
            get { return _state == SComplete; }
        }

        /// <summary>True once the final (non-1xx) status line and its header section have been read.</summary>
        public bool IsHeadComplete
        {
            get { return _headComplete; }
        }

        /// <summary>Bytes consumed since Reset.</summary>
        public int BytesConsumed
        {
            get { return _position; }
        }

        /// <summary>The final status code (100..599 range checked, 2xx..5xx in practice), or 0 before the head is complete.</summary>
        public int StatusCode
        {
            get { return _headComplete ? _statusCode : 0; }
        }

        /// <summary>The minor version of the status line: 0 for HTTP/1.0, 1 for HTTP/1.1.</summary>
        public int MinorVersion
        {
            get { return _headComplete ? _minorVersion : 0; }
        }

        /// <summary>The reason phrase (may be empty; allocates a string), or null before the head is complete.</summary>
        public string ReasonPhrase
        {
            get { return _headComplete ? HttpChars.ToLatin1String(_head, 13, _reasonLength) : null; }
        }

        /// <summary>How the body is delimited; <see cref="HttpBodyFraming.Unknown"/> before the head is complete.</summary>
        public HttpBodyFraming Framing
        {
            get { return _framing; }
        }

        /// <summary>The Content-Length value when the body is framed by it, else -1.</summary>
        public long ContentLength
        {
            get { return _framing == HttpBodyFraming.ContentLength ? _contentLength : -1; }
        }

        /// <summary>The caller's body buffer given to Reset (null when none).</summary>
        public byte[] Body
        {
            get { return _body; }
        }

        /// <summary>Where the body starts in <see cref="Body"/>.</summary>
        public int BodyOffset
        {
            get { return _bodyOffset; }
        }

        /// <summary>Body bytes received so far (all of them once <see cref="IsComplete"/>).</summary>
        public int BodyLength
        {
            get { return _bodyLength; }
        }

        /// <summary>The largest body accepted, as given to Reset.</summary>
        public int MaxBodyLength
        {
            get { return _maxBody; }
        }

        /// <summary>Number of header fields of the final response (0 before the head is complete).</summary>
        public int HeaderCount
        {
            get { return _headComplete ? _headerCount : 0; }
        }

        /// <summary>
        /// The internal buffer the header offsets point into (<see cref="GetHeaderValueOffset"/>); read it, never write
        /// it. Valid until the next Reset.
        /// </summary>
        public byte[] HeadBuffer
        {
            get { return _head; }
        }

        /// <summary>Prepares for a new response with no body buffer: any body is then <see cref="HttpError.BodyTooLarge"/>.</summary>
        public void Reset()
        {
            Reset(null, 0, 0);
        }

        /// <summary>Prepares for a new response whose body may fill all of <paramref name="body"/>.</summary>
        public void Reset(byte[] body)
        {
            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            Reset(body, 0, body.Length);
        }

        /// <summary>
        /// Prepares for a new response: the body will be written to <paramref name="body"/> from
        /// <paramref name="offset"/> and may be at most <paramref name="maxBodyLength"/> bytes (see
        /// <see cref="EstBodyLimits"/>). <paramref name="body"/> may be null only with a limit of 0.
        /// </summary>
        public void Reset(byte[] body, int offset, int maxBodyLength)
        {
            if (body == null)
            {
                if (offset != 0 || maxBodyLength != 0)
                {
                    throw new ArgumentNullException(nameof(body));
                }
            }
            else if (offset < 0 || maxBodyLength < 0 || offset > body.Length - maxBodyLength)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBodyLength), "range outside the body buffer");
            }

            _body = body;
            _bodyOffset = offset;
            _maxBody = maxBodyLength;
            _bodyLength = 0;
            _state = SStatusLine;
            _sawCr = false;
            _position = 0;
            _failureMessage = null;
            _headLength = 0;
            _headRaw = 0;
            _lineStart = 0;
            _lineIsFold = false;
            _headerCount = 0;
            _headComplete = false;
            _statusCode = 0;
            _minorVersion = 0;
            _reasonLength = 0;
            _framing = HttpBodyFraming.Unknown;
            _contentLength = -1;
            _remaining = 0;
            ResetChunkLine();
            _trailerBytes = 0;
            _trailerInValue = false;
            _trailerNameLength = 0;
            _haveTrailer = false;
        }

        /// <summary>
        /// Parses <paramref name="count"/> bytes from <paramref name="data"/> and returns how many belong to the
        /// response: all of them until the response completes; bytes after its end are not consumed (RFC 9112 §6.3 lets
        /// a client discard them; with Connection: close there should be none). Returns 0 once complete.
        /// Throws <see cref="HttpException"/> on malformed input or an exceeded limit, and again on every later call.
        /// </summary>
        public int Feed(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the data");
            }

            if (_state == SFailed)
            {
                throw Failure();
            }

            int i = offset;
            int end = offset + count;
            while (i < end && _state != SComplete)
            {
                int n;
                switch (_state)
                {
                    case SFixedBody:
                    case SChunkData:
                        n = Min(end - i, _remaining);
                        CopyBody(data, i, n);
                        i += n;
                        _position += n;
                        _remaining -= n;
                        if (_remaining == 0)
                        {
                            _state = _state == SFixedBody ? SComplete : SChunkDataCr;
                        }

                        break;

                    case SUntilClose:
                        n = end - i;
                        if (n > _maxBody - _bodyLength)
                        {
                            throw Fail(HttpError.BodyTooLarge, _position + (_maxBody - _bodyLength), "body longer than the limit of " + _maxBody + " bytes");
                        }

                        CopyBody(data, i, n);
                        i += n;
                        _position += n;
                        break;

                    default:
                        Step(data[i]);
                        i++;
                        _position++;
                        break;
                }
            }

            return i - offset;
        }

        /// <summary>
        /// The server closed the connection cleanly (TLS close_notify, then end of stream). Completes a body that runs
        /// until close; throws <see cref="HttpError.TruncatedHead"/> or <see cref="HttpError.TruncatedBody"/> when the
        /// response is unfinished. On an abrupt close without close_notify the caller reports
        /// <see cref="HttpError.TransportFailed"/> instead: a body until close could have been cut by an attacker.
        /// </summary>
        public void End()
        {
            switch (_state)
            {
                case SFailed:
                    throw Failure();
                case SComplete:
                    return;
                case SUntilClose:
                    _state = SComplete;
                    return;
                case SStatusLine:
                case SLineStart:
                case SHeaderLine:
                    throw Fail(HttpError.TruncatedHead, _position, _position == 0 ? "connection closed before any response byte" : "connection closed inside the status line or headers");
                default:
                    throw Fail(HttpError.TruncatedBody, _position, "connection closed after " + _bodyLength + " body bytes, before the body ended");
            }
        }

        /// <summary>Index of the first header named <paramref name="name"/> (ASCII case ignored) at or after <paramref name="startIndex"/>, or -1.</summary>
        public int FindHeader(string name, int startIndex)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (!_headComplete)
            {
                return -1;
            }

            for (int h = startIndex < 0 ? 0 : startIndex; h < _headerCount; h++)
            {
                int f = h * IntsPerField;
                if (HttpChars.EqualsIgnoreCase(_head, _fields[f], _fields[f + 1], name))
                {
                    return h;
                }
            }

            return -1;
        }

        /// <summary>The value of the first header named <paramref name="name"/> (allocates a string), or null when absent.</summary>
        public string GetHeader(string name)
        {
            int h = FindHeader(name, 0);
            return h < 0 ? null : GetHeaderValue(h);
        }

        /// <summary>The name of header <paramref name="index"/> as the server spelled it (allocates a string).</summary>
        public string GetHeaderName(int index)
        {
            int f = FieldIndex(index);
            return HttpChars.ToLatin1String(_head, _fields[f], _fields[f + 1]);
        }

        /// <summary>The value of header <paramref name="index"/>, trimmed and unfolded (allocates a string).</summary>
        public string GetHeaderValue(int index)
        {
            int f = FieldIndex(index);
            return HttpChars.ToLatin1String(_head, _fields[f + 2], _fields[f + 3]);
        }

        /// <summary>Where the value of header <paramref name="index"/> starts in <see cref="HeadBuffer"/>.</summary>
        public int GetHeaderValueOffset(int index)
        {
            return _fields[FieldIndex(index) + 2];
        }

        /// <summary>Length of the value of header <paramref name="index"/> in <see cref="HeadBuffer"/>.</summary>
        public int GetHeaderValueLength(int index)
        {
            return _fields[FieldIndex(index) + 3];
        }

        /// <summary>
        /// True when the first Content-Type header names <paramref name="mediaType"/>, comparing only the type/subtype
        /// before any ';' and ignoring case and spaces (est.md §1.1); false when there is none. Allocates nothing.
        /// </summary>
        public bool ContentTypeIs(string mediaType)
        {
            int h = FindHeader("Content-Type", 0);
            if (h < 0)
            {
                return false;
            }

            int f = h * IntsPerField;
            return MediaType.Matches(_head, _fields[f + 2], _fields[f + 3], mediaType);
        }

        private int FieldIndex(int index)
        {
            if (index < 0 || index >= HeaderCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return index * IntsPerField;
        }

        private void Step(int b)
        {
            switch (_state)
            {
                case SStatusLine:
                case SLineStart:
                case SHeaderLine:
                    HeadByte(b);
                    break;
                case SChunkSize:
                case SChunkExtension:
                    ChunkLineByte(b);
                    break;
                case SChunkDataCr:
                    if (b == HttpChars.Cr)
                    {
                        _state = SChunkDataLf;
                    }
                    else if (b == HttpChars.Lf)
                    {
                        StartChunkLine();
                    }
                    else
                    {
                        throw Fail(HttpError.BadChunkData, _position, "chunk data longer than its size (no CRLF after it)");
                    }

                    break;
                case SChunkDataLf:
                    if (b != HttpChars.Lf)
                    {
                        throw Fail(HttpError.BadChunkData, _position, "CR after chunk data not followed by LF");
                    }

                    StartChunkLine();
                    break;
                default:
                    TrailerByte(b);
                    break;
            }
        }

        private void HeadByte(int b)
        {
            if (++_headRaw > _head.Length)
            {
                throw Fail(HttpError.HeaderTooLarge, _position, "status line and headers longer than " + _head.Length + " bytes");
            }

            int ending = LineEnding(b, _state == SStatusLine ? HttpError.BadStatusLine : HttpError.BadHeaderLine, "CR not followed by LF (RFC 9112 §2.2)");
            if (ending != Ordinary)
            {
                if (ending == LineEnded)
                {
                    EndOfHeadLine();
                }

                return;
            }

            if (_state == SStatusLine)
            {
                // Fail fast on something that is not HTTP at all (a TLS alert, a banner): the line must open with "HTTP/1.".
                if (_headLength < HttpPrefix.Length && b != HttpPrefix[_headLength])
                {
                    throw Fail(HttpError.BadStatusLine, _position, "response does not start with \"HTTP/1.\"");
                }
            }
            else if (_state == SLineStart)
            {
                _lineStart = _headLength;
                _lineIsFold = HttpChars.IsWhitespace(b);
                if (_lineIsFold && _headerCount == 0)
                {
                    throw Fail(HttpError.BadHeaderLine, _position, "whitespace between the status line and the first header (RFC 9112 §2.2)");
                }

                _state = SHeaderLine;
            }

            // Fits: stored bytes are a subset of the bytes counted in _headRaw, which is at most _head.Length.
            _head[_headLength++] = (byte)b;
        }

        private void EndOfHeadLine()
        {
            switch (_state)
            {
                case SStatusLine:
                    ParseStatusLine();
                    _state = SLineStart;
                    break;
                case SHeaderLine:
                    if (_lineIsFold)
                    {
                        Unfold();
                    }
                    else
                    {
                        AddField();
                    }

                    _state = SLineStart;
                    break;
                default:
                    EndOfHead();
                    break;
            }
        }

        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]; "HTTP/1.1 200" without the second
        // SP is accepted too, as most clients do.
        private void ParseStatusLine()
        {
            int n = _headLength;
            bool ok = n >= 12 && HttpChars.IsDigit(_head[7]) && _head[8] == HttpChars.Sp
                && HttpChars.IsDigit(_head[9]) && HttpChars.IsDigit(_head[10]) && HttpChars.IsDigit(_head[11])
                && (n == 12 || _head[12] == HttpChars.Sp);
            if (!ok)
            {
                throw Fail(HttpError.BadStatusLine, _position, "status line is not \"HTTP/1.x NNN reason\"");
            }

            int code = ((_head[9] - '0') * 100) + ((_head[10] - '0') * 10) + (_head[11] - '0');
            if (code < 100 || code > 599)
            {
                throw Fail(HttpError.BadStatusLine, _position, "status code " + code + " outside 100..599 (RFC 9110 §15)");
            }

            for (int k = 13; k < n; k++)
            {
                if (!HttpChars.IsFieldValueChar(_head[k]))
                {
                    throw Fail(HttpError.BadStatusLine, _position, "control character in the reason phrase");
                }
            }

            _statusCode = code;
            _minorVersion = _head[7] - '0';
            _reasonLength = n > 13 ? n - 13 : 0;
        }

        // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; no whitespace before the colon (§5.1).
        private void AddField()
        {
            int lineStart = _lineStart;
            int lineEnd = _headLength;
            int colon = -1;
            for (int k = lineStart; k < lineEnd; k++)
            {
                int c = _head[k];
                if (c == ':')
                {
                    colon = k;
                    break;
                }

                if (!HttpChars.IsTokenChar(c))
                {
                    throw Fail(HttpError.BadHeaderLine, _position, "header name is not a token, or whitespace before ':' (RFC 9112 §5.1)");
                }
            }

            if (colon < 0)
            {
                throw Fail(HttpError.BadHeaderLine, _position, "header line without ':'");
            }

            if (colon == lineStart)
            {
                throw Fail(HttpError.BadHeaderLine, _position, "header line with an empty name");
            }

            CheckValueChars(colon + 1, lineEnd);
            int valueStart = SkipWhitespace(colon + 1, lineEnd);
            int valueEnd = TrimWhitespaceEnd(valueStart, lineEnd);
            if (_headerCount == _maxHeaders)
            {
                throw Fail(HttpError.TooManyHeaders, _position, "more than " + _maxHeaders + " header fields");
            }

            int f = _headerCount * IntsPerField;
            _fields[f] = lineStart;
            _fields[f + 1] = colon - lineStart;

            // An empty value starts at the end of its line, where a continuation line would be appended.
            _fields[f + 2] = valueEnd > valueStart ? valueStart : lineEnd;
            _fields[f + 3] = valueEnd - valueStart;
            _headerCount++;
        }

        // RFC 9112 §5.2: obs-fold = OWS CRLF RWS; a recipient replaces each obs-fold with SP. The continuation is moved
        // down to follow the previous value, so every value stays one contiguous run of the buffer.
        private void Unfold()
        {
            int lineStart = _lineStart;
            CheckValueChars(lineStart, _headLength);
            int from = SkipWhitespace(lineStart, _headLength);
            int to = TrimWhitespaceEnd(from, _headLength);
            int f = (_headerCount - 1) * IntsPerField;
            int valueStart = _fields[f + 2];
            int dest = valueStart + _fields[f + 3];
            if (to > from)
            {
                if (_fields[f + 3] > 0)
                {
                    _head[dest++] = HttpChars.Sp;
                }

                // dest <= from: the previous value ends before this line, which starts with at least one whitespace.
                for (int k = from; k < to; k++)
                {
                    _head[dest++] = _head[k];
                }

                _fields[f + 3] = dest - valueStart;
            }

            // Drops the continuation line's raw bytes (and an empty continuation entirely).
            _headLength = dest;
        }

        private void CheckValueChars(int from, int to)
        {
            for (int k = from; k < to; k++)
            {
                if (!HttpChars.IsFieldValueChar(_head[k]))
                {
                    throw Fail(HttpError.BadHeaderLine, _position, "control character in a header value (RFC 9110 §5.5)");
                }
            }
        }

        private int SkipWhitespace(int from, int to)
        {
            while (from < to && HttpChars.IsWhitespace(_head[from]))
            {
                from++;
            }

            return from;
        }

        private int TrimWhitespaceEnd(int from, int to)
        {
            while (to > from && HttpChars.IsWhitespace(_head[to - 1]))
            {
                to--;
            }

            return to;
        }

        private void EndOfHead()
        {
            if (_statusCode < 200)
            {
                if (_statusCode == 101)
                {
                    throw Fail(HttpError.UnexpectedInterimResponse, _position, "101 Switching Protocols to a request that asked for no upgrade");
                }

                // RFC 9110 §15.2: a client accepts any number of interim responses before the final one. They share the
                // head byte budget (_headRaw is not reset), so a stream of them still ends in HeaderTooLarge.
                _headLength = 0;
                _headerCount = 0;
                _statusCode = 0;
                _state = SStatusLine;
                return;
            }

            _headComplete = true;

            // RFC 9112 §6.3 item 1: 204 and 304 end at the header section whatever their headers say.
            if (_statusCode == 204 || _statusCode == 304)
            {
                _framing = HttpBodyFraming.NoBody;
                _state = SComplete;
                return;
            }

            if (FindHeader("Transfer-Encoding", 0) >= 0)
            {
                CheckTransferEncoding();
                _framing = HttpBodyFraming.Chunked;
                StartChunkLine();
                return;
            }

            long length = ReadContentLength();
            if (length >= 0)
            {
                _framing = HttpBodyFraming.ContentLength;
                _contentLength = length;
                if (length > _maxBody)
                {
                    throw Fail(HttpError.BodyTooLarge, _position, "Content-Length " + length + " exceeds the limit of " + _maxBody + " bytes");
                }

                _remaining = (int)length;
                _state = length == 0 ? SComplete : SFixedBody;
                return;
            }

            // RFC 9112 §6.3 item 8: no framing header in a response: the body runs until the connection closes.
            _framing = HttpBodyFraming.UntilClose;
            _state = SUntilClose;
        }

        // RFC 9112 §6.1, §6.3 item 4: only "chunked", once; HTTP/1.0 has no Transfer-Encoding.
        private void CheckTransferEncoding()
        {
            if (_minorVersion == 0)
            {
                throw Fail(HttpError.BadTransferEncoding, _position, "Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1)");
            }

            int codings = 0;
            for (int h = FindHeader("Transfer-Encoding", 0); h >= 0; h = FindHeader("Transfer-Encoding", h + 1))
            {
                int f = h * IntsPerField;
                int pos = _fields[f + 2];
                int end = pos + _fields[f + 3];
                while (pos <= end)
                {
                    int comma = pos;
                    while (comma < end && _head[comma] != ',')
                    {
                        comma++;
                    }

                    int from = SkipWhitespace(pos, comma);
                    int to = TrimWhitespaceEnd(from, comma);
                    if (to > from)
                    {
                        codings++;
                        if (!HttpChars.EqualsIgnoreCase(_head, from, to - from, "chunked"))
                        {
                            throw Fail(HttpError.BadTransferEncoding, _position, "transfer coding other than chunked");
                        }
                    }

                    pos = comma + 1;
                }
            }

            if (codings != 1)
            {
                throw Fail(HttpError.BadTransferEncoding, _position, codings == 0 ? "empty Transfer-Encoding" : "chunked applied more than once (RFC 9112 §7)");
            }
        }

        // RFC 9110 §8.6: Content-Length = 1*DIGIT; a list or repeated field of identical values may be taken as one value
        // (RFC 9112 §6.3 item 5), differing values are an error. Returns -1 when there is none.
        private long ReadContentLength()
        {
            long length = -1;
            for (int h = FindHeader("Content-Length", 0); h >= 0; h = FindHeader("Content-Length", h + 1))
            {
                int f = h * IntsPerField;
                int pos = _fields[f + 2];
                int end = pos + _fields[f + 3];
                while (pos <= end)
                {
                    int comma = pos;
                    while (comma < end && _head[comma] != ',')
                    {
                        comma++;
                    }

                    int from = SkipWhitespace(pos, comma);
                    int to = TrimWhitespaceEnd(from, comma);
                    if (to == from)
                    {
                        throw Fail(HttpError.BadContentLength, _position, "empty Content-Length");
                    }

                    long value = 0;
                    for (int k = from; k < to; k++)
                    {
                        if (!HttpChars.IsDigit(_head[k]))
                        {
                            throw Fail(HttpError.BadContentLength, _position, "Content-Length is not 1*DIGIT (RFC 9110 §8.6)");
                        }

                        value = (value * 10) + (_head[k] - '0');
                        if (value > SizeCap)
                        {
                            value = SizeCap + 1;
                        }
                    }

                    if (length >= 0 && value != length)
                    {
                        throw Fail(HttpError.ConflictingContentLength, _position, "differing Content-Length values (RFC 9112 §6.3)");
                    }

                    length = value;
                    pos = comma + 1;
                }
            }

            return length;
        }

        private void StartChunkLine()
        {
            ResetChunkLine();
            _state = SChunkSize;
        }

        private void ResetChunkLine()
        {
            _chunkSize = 0;
            _chunkDigits = 0;
            _chunkExtensionStarted = false;
            _lineBytes = 0;
            _sawCr = false;
        }

        // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; chunk-size = 1*HEXDIG;
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ). Extensions are skipped.
        /// <summary>
        /// Line endings, shared by the head, chunk-size lines and the trailer (RFC 9112 §2.2: CRLF, or a bare LF):
        /// <see cref="CrPending"/> for a CR (the next byte must be LF), <see cref="LineEnded"/> for the LF that ends a
        /// line, <see cref="Ordinary"/> for any other byte. A CR followed by anything but LF is <paramref name="error"/>.
        /// </summary>
        private int LineEnding(int b, HttpError error, string crWithoutLf)
        {
            if (_sawCr)
            {
                if (b != HttpChars.Lf)
                {
                    throw Fail(error, _position, crWithoutLf);
                }

                _sawCr = false;
                return LineEnded;
            }

            if (b == HttpChars.Cr)
            {
                _sawCr = true;
                return CrPending;
            }

            return b == HttpChars.Lf ? LineEnded : Ordinary;
        }

        private void ChunkLineByte(int b)
        {
            if (++_lineBytes > MaxChunkLineBytes)
            {
                throw Fail(HttpError.BadChunkHeader, _position, "chunk-size line longer than " + MaxChunkLineBytes + " bytes");
            }

            int ending = LineEnding(b, HttpError.BadChunkHeader, "CR not followed by LF in a chunk-size line");
            if (ending != Ordinary)
            {
                if (_chunkDigits == 0)
                {
                    throw Fail(HttpError.BadChunkHeader, _position, "chunk-size line without a size");
                }

                if (ending == LineEnded)
                {
                    EndOfChunkLine();
                }

                return;
            }

            if (_state == SChunkSize)
            {
                int digit = HexValue(b);
                if (digit >= 0)
                {
                    _chunkDigits++;
                    _chunkSize = (_chunkSize * 16) + digit;
                    if (_chunkSize > SizeCap)
                    {
                        _chunkSize = SizeCap + 1;
                    }

                    return;
                }

                if (_chunkDigits > 0 && (b == ';' || HttpChars.IsWhitespace(b)))
                {
                    _state = SChunkExtension;
                    _chunkExtensionStarted = b == ';';
                    return;
                }

                throw Fail(HttpError.BadChunkHeader, _position, "chunk size is not hexadecimal (RFC 9112 §7.1)");
            }

            if (!_chunkExtensionStarted)
            {
                if (b == ';')
                {
                    _chunkExtensionStarted = true;
                    return;
                }

                if (!HttpChars.IsWhitespace(b))
                {
                    throw Fail(HttpError.BadChunkHeader, _position, "text after the chunk size that is not an extension");
                }

                return;
            }

            if (!HttpChars.IsFieldValueChar(b))
            {
                throw Fail(HttpError.BadChunkHeader, _position, "control character in a chunk extension");
            }
        }

        private void EndOfChunkLine()
        {
            _sawCr = false;
            if (_chunkSize == 0)
            {
                _state = STrailerStart;
                return;
            }

            if (_chunkSize > _maxBody - _bodyLength)
            {
                throw Fail(HttpError.BodyTooLarge, _position, "chunk would make the body longer than the limit of " + _maxBody + " bytes");
            }

            _remaining = (int)_chunkSize;
            _state = SChunkData;
        }

        // RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF. Trailers are checked for shape and
        // size (against MaxHeaderBytes) and then dropped: RFC 9110 §6.5.1 forbids merging them into the headers blindly.
        private void TrailerByte(int b)
        {
            if (++_trailerBytes > _head.Length)
            {
                throw Fail(HttpError.HeaderTooLarge, _position, "trailer section longer than " + _head.Length + " bytes");
            }

            int ending = LineEnding(b, HttpError.BadHeaderLine, "CR not followed by LF in the trailer section");
            if (ending != Ordinary)
            {
                if (ending == LineEnded)
                {
                    EndOfTrailerLine();
                }

                return;
            }

            if (_state == STrailerStart)
            {
                _state = STrailerLine;
                _trailerNameLength = 0;
                _trailerInValue = HttpChars.IsWhitespace(b);
                if (_trailerInValue)
                {
                    if (!_haveTrailer)
                    {
                        throw Fail(HttpError.BadHeaderLine, _position, "folded trailer line with nothing to continue");
                    }

                    return;
                }
            }

            if (_trailerInValue)
            {
                if (!HttpChars.IsFieldValueChar(b))
                {
                    throw Fail(HttpError.BadHeaderLine, _position, "control character in a trailer value");
                }

                return;
            }

            if (b == ':' && _trailerNameLength > 0)
            {
                _trailerInValue = true;
                return;
            }

            if (!HttpChars.IsTokenChar(b))
            {
                throw Fail(HttpError.BadHeaderLine, _position, "trailer name is not a token");
            }

            _trailerNameLength++;
        }

        private void EndOfTrailerLine()
        {
            if (_state == STrailerStart)
            {
                _state = SComplete;
                return;
            }

            if (!_trailerInValue)
            {
                throw Fail(HttpError.BadHeaderLine, _position, "trailer line without ':'");
            }

            _haveTrailer = true;
            _state = STrailerStart;
        }

        private void CopyBody(byte[] data, int offset, int count)
        {
            if (count > 0)
            {
                Array.Copy(data, offset, _body, _bodyOffset + _bodyLength, count);
                _bodyLength += count;
            }
        }

        private HttpException Fail(HttpError error, int offset, string message)
        {
            _state = SFailed;
            _failure = error;
            _failureOffset = offset;
            _failureMessage = message;
            return new HttpException(error, offset, message);
        }

        private HttpException Failure()
        {
            return new HttpException(_failure, _failureOffset, _failureMessage);
        }

        private static int HexValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }
    }
}
