using System;
using System.Collections;
using System.IO;
using DeviceAgent.Est.Http;
using DeviceAgent.Pki;

namespace DeviceAgent.Est
{
    /// <summary>
    /// The RFC 7030 client (with RFC 8951): /cacerts, /simpleenroll, /simplereenroll and /csrattrs, each one HTTP/1.1
    /// request on its own TLS connection (Connection: close) through the <see cref="ITlsConnector"/> port; no other I/O.
    /// Expected server answers come back as an <see cref="EstOutcome"/>; an issued certificate is returned only after it
    /// was checked against the CSR, the trust anchors and the trusted time.
    /// </summary>
    /// <remarks>
    /// <para>Authentication (RFC 7030 §3.2.3, §3.3.2): /simpleenroll sends HTTP Basic with the bootstrap secret;
    /// /simplereenroll presents <see cref="ClientCredential"/> in TLS, or, with <see cref="ReenrollWithBasic"/>, sends
    /// Basic instead (boards whose TLS cannot use the chip's key). Credentials are written into the request only after
    /// the connector returned a stream, i.e. after the server certificate was verified (est.md §12.10), and the
    /// request buffer is wiped after sending. /cacerts and /csrattrs carry no credentials.</para>
    /// <para>Memory: one 512-byte receive buffer kept; the body buffer (<see cref="EstBodyLimits"/>: 8 KB for an
    /// enrollment, 16 KB for /cacerts) and the request buffer (about 1 KB with a CSR) live for one call only.
    /// Not thread-safe: one exchange at a time, as the board has heap for one TLS session.</para>
    /// </remarks>
    public sealed class EstClient
    {
        /// <summary>Wait used for a 202 without a usable Retry-After (RFC 7030 §4.2.3 requires one; est.md §10: 60 s is common).</summary>
        public const int DefaultRetryAfterSeconds = 60;

        /// <summary>Shortest wait honoured: 10 s (est.md §2.1), so a server cannot make the device spin.</summary>
        public const int MinRetryAfterSeconds = 10;

        /// <summary>Longest wait honoured: 48 h, libest's server maximum (est.md §2.2).</summary>
        public const int MaxRetryAfterSeconds = 172800;

        /// <summary>Most characters of server text kept in <see cref="EstOutcome.Message"/>: enough for a reason, too
        /// little for a log flood.</summary>
        public const int MaxMessageLength = 200;

        /// <summary>User-Agent sent (est.md §9).</summary>
        public const string UserAgent = "dev-agent/1.0";

        // Read granularity: one TLS record fragment is at most 16 KB, but small reads keep the stack buffer small.
        private const int ReceiveBufferSize = 512;

        private readonly ITlsConnector _connector;
        private readonly string _host;
        private readonly int _port;
        private readonly TrustAnchorStore _trust;
        private readonly ChainValidator _validator;
        private readonly HttpRequestWriter _writer;
        // EST heads are ~200 bytes (Kestrel, libest); 2 KB leaves room for proxies at half the reader's default heap.
        private const int MaxHeadBytes = 2048;

        private readonly HttpResponseReader _reader = new HttpResponseReader(MaxHeadBytes, HttpResponseReader.DefaultMaxHeaders);
        private readonly byte[] _receive = new byte[ReceiveBufferSize];
        private byte[] _body;
        private string _userId;
        private string _password;
        private int _derLength;
        private int _status;
        private bool _hasDate;
        private DateTime _date;

        /// <summary>A client for https://<paramref name="host"/>:<paramref name="port"/>/.well-known/est trusting
        /// exactly <paramref name="trustAnchors"/>, checking signatures with <paramref name="verifier"/> (the chip on the
        /// device).</summary>
        public EstClient(ITlsConnector connector, string host, int port, TrustAnchorStore trustAnchors, ISignatureVerifier verifier)
        {
            if (connector == null || trustAnchors == null || verifier == null)
            {
                throw new ArgumentNullException(connector == null ? nameof(connector) : trustAnchors == null ? nameof(trustAnchors) : nameof(verifier));
            }

            // No Accept header: absent, it means any media type (RFC 9110 §12.5.1), and every EST response type is
            // fixed by the operation (RFC 7030 §4); "Accept: */*" would be 13 bytes per request saying the same.
            _writer = new HttpRequestWriter(host, port, UserAgent) { Accept = null };
            _connector = connector;
            _host = host;
            _port = port;
            _trust = trustAnchors;
            _validator = new ChainValidator(verifier);
            RequireClientAuth = true;
            ClockSkew = TimeSpan.FromMinutes(5);
            ReadTimeoutMilliseconds = 10000;
        }

        /// <summary>The CA label path segment (RFC 7030 §3.2.2), or null.</summary>
        public string Label { get; set; }

        /// <summary>Read timeout per connection (libest's default is 10 s).</summary>
        public int ReadTimeoutMilliseconds { get; set; }

        /// <summary>The operational certificate and chip signer presented in TLS for /simplereenroll.</summary>
        public TlsClientCredential ClientCredential { get; set; }

        /// <summary>When true, /simplereenroll authenticates with HTTP Basic (the device's secret) and presents no
        /// client certificate: for boards whose TLS stack cannot sign with the chip.</summary>
        public bool ReenrollWithBasic { get; set; }

        /// <summary>The issued certificate must allow TLS client authentication (EKU clientAuth): default true.</summary>
        public bool RequireClientAuth { get; set; }

        /// <summary>How far the issued certificate's notBefore may lie beyond the time estimate (default 5 minutes).</summary>
        public TimeSpan ClockSkew { get; set; }

        /// <summary>True when Basic credentials are set.</summary>
        public bool HasBasicCredentials
        {
            get { return _userId != null; }
        }

        /// <summary>Sets the device id and its bootstrap (or device) secret for HTTP Basic (RFC 7617). Checked now
        /// (printable ASCII, no ':' in the user-id, at most 255 characters).</summary>
        public void SetBasicCredentials(string userId, string password)
        {
            _writer.SetBasicCredentials(userId, password);
            _writer.ClearCredentials();
            _userId = userId;
            _password = password;
        }

        /// <summary>Forgets the Basic credentials.</summary>
        public void ClearBasicCredentials()
        {
            _userId = null;
            _password = null;
        }

        /// <summary>GET /cacerts (RFC 7030 §4.1): the CA certificates, accepted only when each is linked to an anchor
        /// or pinned (<see cref="TrustAnchorStore.AcceptCaCerts"/>), valid at the latest of the floor, the estimate and the
        /// response's Date (the server is authenticated, so its Date is as good as its certificates; a CA created after
        /// the firmware was built must not look "not yet valid" at a floor that is only a lower bound); a linked new
        /// root is added to the store as pending.</summary>
        public EstOutcome CaCerts(DateTime timeFloor, DateTime timeEstimate)
        {
            // RFC 7030 §4.1.3: a chain plus up to three rollover certificates; EstBodyLimits explains the size.
            var body = new byte[EstBodyLimits.CaCerts];
            EstOutcome failure = Exchange(HttpRequestWriter.Get, EstPath.CaCerts, null, 0, 0, null, false, body, MediaType.Pkcs7Mime, timeEstimate);
            if (failure != null)
            {
                return failure;
            }

            ArrayList certificates;
            try
            {
                certificates = Pkcs7CertsOnly.Parse(body, 0, _derLength).ParseCertificates();
            }
            catch (PkiException e)
            {
                return Fail(EstOutcomeKind.MalformedResponse, "cacerts PKCS#7: " + e.Message);
            }

            bool added;
            try
            {
                added = _trust.AcceptCaCerts(certificates, _validator, Latest(timeFloor, timeEstimate));
            }
            catch (PkiException e)
            {
                return Fail(EstOutcomeKind.CertificateUntrusted, e.Message);
            }

            var list = new ArrayList();
            for (int i = 0; i < certificates.Count; i++)
            {
                list.Add(((Certificate)certificates[i]).GetEncoded());
            }

            EstOutcome outcome = Done(EstOutcomeKind.Success, null);
            outcome.CaCertificates = list;
            outcome.TrustAnchorAdded = added;
            return outcome;
        }

        /// <summary>GET /csrattrs (RFC 7030 §4.5, RFC 8951 §4): the CsrAttrs DER; 204 and 404 give an empty SEQUENCE.</summary>
        public EstOutcome CsrAttrs(DateTime timeEstimate)
        {
            byte[] body = Body();
            EstOutcome failure = Exchange(HttpRequestWriter.Get, EstPath.CsrAttrs, null, 0, 0, null, false, body, MediaType.CsrAttrs, timeEstimate);
            if (failure != null)
            {
                if (failure.HttpStatus != 204 && failure.HttpStatus != 404)
                {
                    return failure;
                }

                _derLength = 0;
            }

            var attributes = new byte[_derLength == 0 ? 2 : _derLength];
            if (_derLength == 0)
            {
                attributes[0] = DerReader.TagSequence;
            }
            else
            {
                Array.Copy(body, 0, attributes, 0, _derLength);
                try
                {
                    var r = new DerReader(attributes, 0, attributes.Length);
                    r.ReadElement(DerReader.TagSequence);
                    r.ExpectEnd();
                }
                catch (PkiException e)
                {
                    return Fail(EstOutcomeKind.MalformedResponse, "csrattrs: " + e.Message);
                }
            }

            EstOutcome outcome = Done(EstOutcomeKind.Success, null);
            outcome.CsrAttributes = attributes;
            return outcome;
        }

        /// <summary>POST /simpleenroll (RFC 7030 §4.2.1) with HTTP Basic: sends the CSR (DER, built and signed ahead of
        /// time) and validates the answer. On <see cref="EstOutcomeKind.RetryLater"/> send the same CSR again later.</summary>
        /// <exception cref="PkiException">The CSR is not a well-formed CertificationRequest (a caller bug).</exception>
        public EstOutcome SimpleEnroll(byte[] csr, int offset, int count, DateTime timeFloor, DateTime timeEstimate)
        {
            if (_userId == null)
            {
                throw new InvalidOperationException("simpleenroll needs Basic credentials (SetBasicCredentials)");
            }

            return Enroll(EstPath.SimpleEnroll, csr, offset, count, null, true, timeFloor, timeEstimate);
        }

        /// <summary>POST /simplereenroll (RFC 7030 §4.2.2): authenticated by <see cref="ClientCredential"/>, or by HTTP
        /// Basic when <see cref="ReenrollWithBasic"/>. The CSR repeats the current certificate's subject and SAN.</summary>
        /// <exception cref="PkiException">The CSR is not a well-formed CertificationRequest (a caller bug).</exception>
        public EstOutcome SimpleReenroll(byte[] csr, int offset, int count, DateTime timeFloor, DateTime timeEstimate)
        {
            if (ReenrollWithBasic ? _userId == null : ClientCredential == null)
            {
                throw new InvalidOperationException(ReenrollWithBasic ? "no Basic credentials" : "no ClientCredential");
            }

            return Enroll(EstPath.SimpleReenroll, csr, offset, count, ReenrollWithBasic ? null : ClientCredential, ReenrollWithBasic, timeFloor, timeEstimate);
        }

        private EstOutcome Enroll(string operation, byte[] csr, int offset, int count, TlsClientCredential client, bool basic, DateTime floor, DateTime estimate)
        {
            CsrIdentity asked = CsrIdentity.Parse(csr, offset, count);
            byte[] body = Body();
            EstOutcome failure = Exchange(HttpRequestWriter.Post, operation, csr, offset, count, client, basic, body, MediaType.Pkcs7Mime, estimate);
            EstOutcome outcome = failure ?? CheckIssued(asked, body, floor, Latest(floor, estimate));
            _body = null;   // a few requests a year: the board's heap is worth more than the allocation
            return outcome;
        }

        /// <summary>The latest of the floor, the estimate and the Date of the response just read.</summary>
        private DateTime Latest(DateTime floor, DateTime estimate)
        {
            DateTime latest = estimate > floor ? estimate : floor;
            return _hasDate && _date > latest ? _date : latest;
        }

        // RFC 7030 §4.2.3 and ARCHITECTURE.md "Renewal engine": our key, not expired, chains to an anchor, same names.
        private EstOutcome CheckIssued(CsrIdentity asked, byte[] body, DateTime floor, DateTime estimate)
        {
            ArrayList certificates;
            try
            {
                certificates = Pkcs7CertsOnly.Parse(body, 0, _derLength).ParseCertificates();
            }
            catch (PkiException e)
            {
                return Fail(EstOutcomeKind.MalformedResponse, "PKCS#7: " + e.Message);
            }

            Certificate leaf = null;
            var others = new ArrayList();
            for (int i = 0; i < certificates.Count; i++)
            {
                var c = (Certificate)certificates[i];
                if (!c.HasSubjectPublicKeyInfo(asked.Buffer, asked.PublicKeyInfoOffset, asked.PublicKeyInfoLength))
                {
                    others.Add(c);
                }
                else if (leaf != null)
                {
                    return Fail(EstOutcomeKind.MalformedResponse, "two certificates for our key");
                }
                else
                {
                    leaf = c;
                }
            }

            if (leaf == null)
            {
                return certificates.Count == 0
                    ? Fail(EstOutcomeKind.MalformedResponse, "no certificate in the response")
                    : Fail(EstOutcomeKind.CertificateKeyMismatch, "certificate is for another key: " + certificates[0]);
            }

            // Extra certificates may only be the issuing chain (est.md §8.2).
            for (int i = 0; i < others.Count; i++)
            {
                var c = (Certificate)others[i];
                if (!c.HasBasicConstraints || !c.IsCertificateAuthority)
                {
                    return Fail(EstOutcomeKind.MalformedResponse, "extra end-entity certificate: " + c);
                }
            }

            if (leaf.NotAfter <= floor)
            {
                return Fail(EstOutcomeKind.CertificateValidityInvalid, "expired at the trusted time floor");
            }

            if (leaf.NotBefore > estimate + ClockSkew)
            {
                return Fail(EstOutcomeKind.CertificateValidityInvalid, "not yet valid at the time estimate");
            }

            ArrayList intermediates = _trust.Intermediates;
            for (int i = 0; i < intermediates.Count; i++)
            {
                others.Add(intermediates[i]);
            }

            // Checked at the later of the floor and notBefore: both lie within the leaf's validity (checked above).
            DateTime at = leaf.NotBefore > floor ? leaf.NotBefore : floor;
            // During a rollover a leaf may chain to both roots (through NewWithOld or OldWithNew): the shortest path
            // names the root that really issued it, so the caller confirms the right anchor.
            byte[] anchor = null;
            int best = int.MaxValue;
            string why = "no trust anchor";
            _validator.RequireClientAuth = RequireClientAuth;
            for (int i = 0; i < _trust.Count; i++)
            {
                Certificate candidate = _trust.GetAnchor(i);
                try
                {
                    int length = _validator.Validate(leaf, others, candidate, at).Count;
                    if (length < best)
                    {
                        best = length;
                        anchor = candidate.GetEncoded();
                    }
                }
                catch (PkiException e)
                {
                    why = e.Message;
                }
            }

            _validator.RequireClientAuth = false;
            if (anchor == null)
            {
                return Fail(EstOutcomeKind.CertificateUntrusted, why);
            }

            if (!DerReader.BytesEqual(leaf.Subject.Buffer, leaf.Subject.Offset, leaf.Subject.Length, asked.Buffer, asked.SubjectOffset, asked.SubjectLength))
            {
                return Fail(EstOutcomeKind.CertificateNameMismatch, "subject differs from the CSR: " + leaf.Subject);
            }

            if (asked.HasSubjectAltName && (!leaf.HasSubjectAltName
                || !DerReader.BytesEqual(leaf.Buffer, leaf.SubjectAltNameOffset, leaf.SubjectAltNameLength, asked.Buffer, asked.SubjectAltNameOffset, asked.SubjectAltNameLength)))
            {
                return Fail(EstOutcomeKind.CertificateNameMismatch, "subjectAltName differs from the CSR");
            }

            EstOutcome outcome = Done(EstOutcomeKind.Success, null);
            outcome.Certificate = leaf.GetEncoded();
            outcome.TrustAnchor = anchor;
            return outcome;
        }

        // One request on one connection. Returns null when the answer was 200 with the expected media type and a valid
        // base64 body, now decoded to DER in body[0.._derLength); otherwise the outcome to return.
        private EstOutcome Exchange(string method, string operation, byte[] csr, int csrOffset, int csrCount, TlsClientCredential client,
            bool basic, byte[] body, string mediaType, DateTime estimate)
        {
            _derLength = 0;
            _status = 0;
            _hasDate = false;
            string path = EstPath.Build(Label, operation);
            var endpoint = new TlsEndpoint(_host, _port, _trust.GetAnchorsDer());
            endpoint.ReadTimeoutMilliseconds = ReadTimeoutMilliseconds;
            ITlsStream stream;
            try
            {
                stream = _connector.Connect(endpoint, client);
            }
            catch (NotSupportedException e)
            {
                return Fail(EstOutcomeKind.ClientCertificateUnsupported, e.Message);
            }
            catch (IOException e)
            {
                return Fail(EstOutcomeKind.TransportFailed, "connect: " + e.Message);
            }
            catch (TimeoutException)
            {
                return Fail(EstOutcomeKind.TransportFailed, "connect timed out");
            }

            try
            {
                // The connector verified the server: only now may credentials be written (RFC 7030 §3.2.3).
                Send(stream, method, path, csr, csrOffset, csrCount, basic);
                _reader.Reset(body, 0, body.Length);
                while (!_reader.IsComplete)
                {
                    int read = stream.Read(_receive, 0, _receive.Length);
                    if (read <= 0)
                    {
                        _reader.End();
                        break;
                    }

                    _reader.Feed(_receive, 0, read);
                }
            }
            catch (HttpException e)
            {
                NoteHead(estimate);
                // A peer that closes before sending a single byte dropped the connection; it did not send garbage.
                if (e.IsTransportFailure || (e.Error == HttpError.TruncatedHead && e.Offset == 0))
                {
                    return Fail(EstOutcomeKind.TransportFailed, e.Message);
                }

                return Fail(e.IsLimitExceeded ? EstOutcomeKind.ResponseTooLarge : EstOutcomeKind.MalformedResponse, e.Message);
            }
            catch (IOException e)
            {
                NoteHead(estimate);
                return Fail(EstOutcomeKind.TransportFailed, "I/O: " + e.Message);
            }
            catch (TimeoutException)
            {
                NoteHead(estimate);
                return Fail(EstOutcomeKind.TransportFailed, "read timed out");
            }
            finally
            {
                stream.Dispose();
            }

            NoteHead(estimate);
            return Interpret(body, mediaType, estimate);
        }

        private void Send(ITlsStream stream, string method, string path, byte[] csr, int csrOffset, int csrCount, bool basic)
        {
            // RFC 8951 §3 / est.md §1.2: base64 in 64-column lines ended by CRLF, as Pkcs10Builder.BuildBase64 writes it.
            int bodyLength = csr == null ? 0 : Base64.EncodedLength(csrCount, Base64.PemLineLength, true);
            byte[] request = null;
            try
            {
                if (basic)
                {
                    _writer.SetBasicCredentials(_userId, _password);
                }

                string contentType = csr == null ? null : MediaType.Pkcs10;
                int head = _writer.GetHeadLength(method, path, contentType, bodyLength);
                request = new byte[head + bodyLength];
                _writer.WriteHead(method, path, contentType, bodyLength, request, 0, head);
                if (csr != null)
                {
                    Base64.Encode(csr, csrOffset, csrCount, request, head, bodyLength, Base64.PemLineLength, true);
                }

                stream.Write(request, 0, request.Length);
            }
            finally
            {
                _writer.ClearCredentials();
                if (request != null)
                {
                    Array.Clear(request, 0, request.Length);
                }
            }
        }

        // Records the status and the Date header (RFC 9110 §6.6.1) of a response whose head was read.
        private void NoteHead(DateTime estimate)
        {
            if (!_reader.IsHeadComplete)
            {
                return;
            }

            _status = _reader.StatusCode;
            string date = _reader.GetHeader("Date");
            if (date == null)
            {
                return;
            }

            try
            {
                RetryAfter parsed = RetryAfter.Parse(date, estimate);
                if (parsed.IsDate)
                {
                    _date = parsed.Date;
                    _hasDate = true;
                }
            }
            catch (HttpException)
            {
                // An unreadable Date is ignored: it only ever raises the time floor.
            }
        }

        // est.md §2: what each status means.
        private EstOutcome Interpret(byte[] body, string mediaType, DateTime estimate)
        {
            int status = _status;
            if (status == 200)
            {
                if (!_reader.ContentTypeIs(mediaType))
                {
                    return Fail(EstOutcomeKind.MalformedResponse, "Content-Type is not " + mediaType + ": " + Sanitize(_reader.GetHeader("Content-Type")));
                }

                try
                {
                    _derLength = Base64Body.Decode(body, 0, _reader.BodyLength, body, 0, body.Length);
                }
                catch (HttpException e)
                {
                    return Fail(EstOutcomeKind.MalformedResponse, e.Message);
                }

                if (_derLength == 0)
                {
                    return Fail(EstOutcomeKind.MalformedResponse, "empty body");
                }

                return null;
            }

            if (status == 202)
            {
                int seconds = RetrySeconds(estimate);
                EstOutcome pending = Done(EstOutcomeKind.RetryLater, seconds < 0 ? "no valid Retry-After; default used" : null);
                SetRetry(pending, seconds < 0 ? DefaultRetryAfterSeconds : seconds, estimate);
                return pending;
            }

            if (status == 401 || status == 403)
            {
                return Done(EstOutcomeKind.AuthenticationFailed, ServerText());
            }

            if (status >= 500)
            {
                EstOutcome error = Done(EstOutcomeKind.ServerError, ServerText());
                int seconds = RetrySeconds(estimate);
                if (seconds >= 0)
                {
                    SetRetry(error, seconds, estimate);
                }

                return error;
            }

            if (status >= 400)
            {
                return Done(EstOutcomeKind.Rejected, ServerText());
            }

            if (status >= 300)
            {
                return Done(EstOutcomeKind.Rejected, "redirect not followed (RFC 7030 §3.2.1): " + Sanitize(_reader.GetHeader("Location")));
            }

            return Done(EstOutcomeKind.MalformedResponse, "unexpected status");
        }

        // Retry-After (RFC 9110 §10.2.3): a date is measured against the server's own Date when present, so a device
        // clock that is off does not stretch the wait. -1 when absent or unreadable.
        private int RetrySeconds(DateTime estimate)
        {
            string value = _reader.GetHeader("Retry-After");
            if (value == null)
            {
                return -1;
            }

            try
            {
                RetryAfter parsed = RetryAfter.Parse(value, estimate);
                return RetryAfter.Clamp(parsed.SecondsFrom(_hasDate ? _date : estimate), MinRetryAfterSeconds, MaxRetryAfterSeconds);
            }
            catch (HttpException)
            {
                return -1;
            }
        }

        private static void SetRetry(EstOutcome outcome, int seconds, DateTime estimate)
        {
            outcome.RetryAfterSeconds = seconds;
            outcome.RetryAt = estimate.AddSeconds(seconds);
        }

        private string ServerText()
        {
            int length = _reader.BodyLength;
            return length > 0 ? Sanitize(_reader.Body, _reader.BodyOffset, length) : Sanitize(_reader.ReasonPhrase);
        }

        private EstOutcome Fail(EstOutcomeKind kind, string message)
        {
            return Done(kind, Sanitize(message));
        }

        private EstOutcome Done(EstOutcomeKind kind, string message)
        {
            var outcome = new EstOutcome(kind, _status, message);
            if (_hasDate)
            {
                outcome.HasServerDate = true;
                outcome.ServerDate = _date;
            }

            return outcome;
        }

        private byte[] Body()
        {
            // EstBodyLimits.Enroll: a certs-only PKCS#7 with the device certificate and a short chain, in base64.
            if (_body == null)
            {
                _body = new byte[EstBodyLimits.Enroll];
            }

            return _body;
        }

        private static string Sanitize(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            int n = text.Length < MaxMessageLength ? text.Length : MaxMessageLength;
            var bytes = new byte[n];
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                bytes[i] = c < 0x80 ? (byte)c : (byte)'?';
            }

            return Sanitize(bytes, 0, n);
        }

        /// <summary>Server text for a log: printable ASCII only (CR, LF, TAB become spaces, anything else '?'), runs
        /// of spaces collapsed, trimmed, at most <see cref="MaxMessageLength"/> characters.</summary>
        public static string Sanitize(byte[] data, int offset, int count)
        {
            if (data == null || count <= 0)
            {
                return string.Empty;
            }

            var chars = new char[MaxMessageLength];
            int m = 0;
            for (int i = 0; i < count && m < MaxMessageLength; i++)
            {
                int b = data[offset + i];
                char c = b == '\r' || b == '\n' || b == '\t' ? ' ' : b >= 0x20 && b < 0x7F ? (char)b : '?';
                if (c == ' ' && (m == 0 || chars[m - 1] == ' '))
                {
                    continue;
                }

                chars[m++] = c;
            }

            while (m > 0 && chars[m - 1] == ' ')
            {
                m--;
            }

            return new string(chars, 0, m);
        }
    }
}
