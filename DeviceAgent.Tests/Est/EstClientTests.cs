using System;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using DeviceAgent.Tests.Pki;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Est
{
    /// <summary>EstClient over <see cref="ScriptedTls"/>: requests, every status and body variant, transport failures.</summary>
    [TestClass]
    public class EstClientTests
    {
        internal static readonly DateTime Now = new DateTime(2026, 7, 1, 12, 0, 0);

        internal static KnownSignatureVerifier Verifier()
        {
            Certificate r1 = Certificate.Parse(EstFixtures.Root1());
            Certificate r2 = Certificate.Parse(EstFixtures.Root2());
            Certificate r3 = Certificate.Parse(EstFixtures.Root3());
            return new KnownSignatureVerifier()
                .Genuine(Certificate.Parse(EstFixtures.Leaf()), r1).Genuine(Certificate.Parse(EstFixtures.WrongKey()), r1)
                .Genuine(Certificate.Parse(EstFixtures.WrongName()), r1).Genuine(Certificate.Parse(EstFixtures.Expired()), r1)
                .Genuine(Certificate.Parse(EstFixtures.NewWithOld()), r1).Genuine(Certificate.Parse(EstFixtures.Leaf2()), r2)
                .Genuine(Certificate.Parse(EstFixtures.OldWithNew()), r2).Genuine(r1, r1).Genuine(r2, r2).Genuine(r3, r3);
        }

        internal static TrustAnchorStore Store()
        {
            var store = new TrustAnchorStore();
            store.AddProvisioned(EstFixtures.Root1());
            return store;
        }

        internal static EstClient Client(ScriptedTls tls, TrustAnchorStore store)
        {
            var client = new EstClient(tls, "est.example", 8443, store, Verifier());
            client.SetBasicCredentials("dev1", "s3cret");
            return client;
        }

        internal static EstOutcome Enroll(ScriptedTls tls)
        {
            return Enroll(Client(tls, Store()));
        }

        internal static EstOutcome Enroll(EstClient client)
        {
            byte[] csr = EstFixtures.Csr();
            return client.SimpleEnroll(csr, 0, csr.Length, Now, Now);
        }

        internal static void Is(EstOutcomeKind kind, EstOutcome outcome)
        {
            Assert.AreEqual((int)kind, (int)outcome.Kind, outcome.Message);
        }

        private static bool Has(ScriptedTls tls, string text)
        {
            return tls.RequestText().IndexOf(text) >= 0;
        }

        [TestMethod]
        public void SimpleEnroll_Request_PostsBase64CsrWithBasic()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf())));
            Is(EstOutcomeKind.Success, Enroll(tls));
            EstAssert.True(Has(tls, "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: est.example:8443\r\n"));
            EstAssert.True(Has(tls, "Connection: close\r\nContent-Type: application/pkcs10\r\n"));   // no Accept between them
            EstAssert.True(Has(tls, "Authorization: Basic ZGV2MTpzM2NyZXQ=\r\n"));
            EstAssert.True(Has(tls, "\r\n\r\nMIH1MIGbAgEAMA8xDTALBgNVBAMMBGRldjEw"));
            EstAssert.True(tls.Client == null);
            EstAssert.Equal(1, tls.Endpoint.TrustAnchors.Length);
        }

        [TestMethod]
        public void CaCertsAndCsrAttrs_Requests_GetWithLabelNoCredentials()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Root1()))).Add(Http("HTTP/1.1 204 No Content", null));
            EstClient client = Client(tls, Store());
            client.Label = "lbl";
            Is(EstOutcomeKind.Success, client.CaCerts(Now, Now));
            EstAssert.True(Has(tls, "GET /.well-known/est/lbl/cacerts HTTP/1.1\r\n"));
            EstAssert.False(Has(tls, "Authorization"));
            EstAssert.False(Has(tls, "Content-Length"));
            EstOutcome attrs = client.CsrAttrs(Now);
            Is(EstOutcomeKind.Success, attrs);
            EstAssert.True(Has(tls, "GET /.well-known/est/lbl/csrattrs HTTP/1.1\r\n"));
            EstAssert.Equal(2, attrs.CsrAttributes.Length);
        }

        [TestMethod]
        public void SimpleReenroll_WithCertificate_PresentsItWithoutBasic()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf())));
            EstClient client = Client(tls, Store());
            var credential = new TlsClientCredential(new byte[][] { EstFixtures.Leaf() }, new FixedSigner(new byte[64], new byte[64]));
            client.ClientCredential = credential;
            byte[] csr = EstFixtures.Csr();
            Is(EstOutcomeKind.Success, client.SimpleReenroll(csr, 0, csr.Length, Now, Now));
            EstAssert.True(tls.Client == credential);
            EstAssert.True(Has(tls, "POST /.well-known/est/simplereenroll "));
            EstAssert.False(Has(tls, "Authorization"));
        }

        [TestMethod]
        public void SimpleReenroll_WithBasicOption_SendsBasicAndNoCertificate()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf())));
            EstClient client = Client(tls, Store());
            client.ReenrollWithBasic = true;
            byte[] csr = EstFixtures.Csr();
            Is(EstOutcomeKind.Success, client.SimpleReenroll(csr, 0, csr.Length, Now, Now));
            EstAssert.True(tls.Client == null);
            EstAssert.True(Has(tls, "Authorization: Basic "));
        }

        [TestMethod]
        public void ConnectFails_TransportFailedAndNothingSent()
        {
            var tls = new ScriptedTls().Add(null, ScriptedTls.ConnectFails);
            EstOutcome outcome = Enroll(tls);
            Is(EstOutcomeKind.TransportFailed, outcome);
            EstAssert.True(tls.Request == null);
            EstAssert.Equal(0, outcome.HttpStatus);
            EstAssert.True(outcome.IsTransient);
        }

        [TestMethod]
        public void ConnectorWithoutChipKey_ClientCertificateUnsupported()
        {
            Is(EstOutcomeKind.ClientCertificateUnsupported, Enroll(new ScriptedTls().Add(null, ScriptedTls.NotSupported)));
        }

        [TestMethod]
        public void Ok_WithLineBreaksAndCte_ReturnsCertificateAndAnchor()
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf()))));
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.Equal(200, outcome.HttpStatus);
            EstAssert.True(Same(EstFixtures.Leaf(), outcome.Certificate));
            EstAssert.True(Same(EstFixtures.Root1(), outcome.TrustAnchor));
            EstAssert.False(outcome.HasServerDate);
        }

        [TestMethod]
        public void Ok_OneLineNoCteByteByByteWithDate_Success()
        {
            byte[] body = B64(P7(EstFixtures.Leaf()), 0);
            var tls = new ScriptedTls().Add(Http("HTTP/1.1 200 OK|date: Wed, 01 Jul 2026 12:34:56 GMT|content-type: Application/PKCS7-MIME|Content-Length: " + body.Length, body));
            tls.Split = 1;
            EstOutcome outcome = Enroll(tls);
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.True(outcome.HasServerDate);
            EstAssert.True(outcome.ServerDate == new DateTime(2026, 7, 1, 12, 34, 56));
        }

        [TestMethod]
        public void Ok_ChunkedWithChainAppended_Success()
        {
            byte[] body = B64(P7(EstFixtures.Root1(), EstFixtures.Leaf()), 76);
            byte[] chunk1 = new byte[100];
            Array.Copy(body, chunk1, 100);
            byte[] rest = new byte[body.Length - 100];
            Array.Copy(body, 100, rest, 0, rest.Length);
            byte[] head = Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime|Transfer-Encoding: chunked", Ascii("64\r\n"));
            byte[] all = Join(Join(head, chunk1), Join(Ascii("\r\n" + rest.Length.ToString("x") + "\r\n"), Join(rest, Ascii("\r\n0\r\n\r\n"))));
            EstOutcome outcome = Enroll(new ScriptedTls().Add(all));
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.True(Same(EstFixtures.Leaf(), outcome.Certificate));
        }

        [TestMethod]
        public void Accepted202_ReadToCloseWithSeconds_RetryLater()
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 202 Accepted|Retry-After: 120", Ascii("pending"))));
            Is(EstOutcomeKind.RetryLater, outcome);
            EstAssert.Equal(120, outcome.RetryAfterSeconds);
            EstAssert.True(outcome.RetryAt == Now.AddSeconds(120));
            EstAssert.True(outcome.Certificate == null);
        }

        [TestMethod]
        public void Accepted202_RetryAfterDate_MeasuredFromServerDate()
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 202 Accepted|Date: Wed, 01 Jul 2026 13:00:00 GMT|Retry-After: Wed, 01 Jul 2026 13:05:00 GMT|Content-Length: 0", null)));
            Is(EstOutcomeKind.RetryLater, outcome);
            EstAssert.Equal(300, outcome.RetryAfterSeconds);
            EstAssert.True(outcome.HasServerDate);
        }

        [TestMethod]
        public void Accepted202_WithoutRetryAfter_DefaultWait()
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 202 Accepted|Content-Length: 0", null)));
            Is(EstOutcomeKind.RetryLater, outcome);
            EstAssert.Equal(EstClient.DefaultRetryAfterSeconds, outcome.RetryAfterSeconds);
        }

        [TestMethod]
        [DataRow(401)]
        [DataRow(403)]
        public void Unauthorized_AuthenticationFailed(int status)
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 " + status + " No|WWW-Authenticate: Basic realm=\"x\"|Content-Length: 0", null)));
            Is(EstOutcomeKind.AuthenticationFailed, outcome);
            EstAssert.Equal(status, outcome.HttpStatus);
            EstAssert.Equal("No", outcome.Message);
        }

        [TestMethod]
        public void BadRequest_RejectedWithSanitizedText()
        {
            byte[] text = Ascii("bad\u0001 CSR\r\n\r\n  x\u00e9");
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 400 Bad Request|Content-Type: text/plain|Content-Length: " + text.Length, text)));
            Is(EstOutcomeKind.Rejected, outcome);
            EstAssert.Equal("bad? CSR x?", outcome.Message);
            EstAssert.False(outcome.IsTransient);
        }

        [TestMethod]
        public void NotFound_Rejected()
        {
            Is(EstOutcomeKind.Rejected, Enroll(new ScriptedTls().Add(Http("HTTP/1.1 404 Not Found|Content-Length: 0", null))));
        }

        [TestMethod]
        public void ServerErrors_TransientWithOptionalRetryAfter()
        {
            EstOutcome e500 = Enroll(new ScriptedTls().Add(Http("HTTP/1.1 500 Oops|Content-Length: 0", null)));
            Is(EstOutcomeKind.ServerError, e500);
            EstAssert.Equal(-1, e500.RetryAfterSeconds);
            EstOutcome e503 = Enroll(new ScriptedTls().Add(Http("HTTP/1.0 503 Busy|Retry-After: 30|Content-Length: 0", null)));
            Is(EstOutcomeKind.ServerError, e503);
            EstAssert.Equal(30, e503.RetryAfterSeconds);
            EstAssert.True(e503.IsTransient);
        }

        [TestMethod]
        public void GarbageBase64_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime|Content-Length: 8", Ascii("MII*!!==")))));
        }

        [TestMethod]
        public void Base64OfNonPkcs7_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Ok(EstFixtures.Leaf()))));
        }

        [TestMethod]
        public void TruncatedBody_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime|Content-Length: 400", Ascii("MIIB")))));
        }

        [TestMethod]
        public void OversizedBody_ResponseTooLarge()
        {
            Is(EstOutcomeKind.ResponseTooLarge, Enroll(new ScriptedTls().Add(Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime|Content-Length: 16385", null))));
        }

        [TestMethod]
        public void WrongContentType_Malformed()
        {
            byte[] body = B64(P7(EstFixtures.Leaf()), 64);
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Http("HTTP/1.1 200 OK|Content-Type: text/html|Content-Length: " + body.Length, body))));
        }

        [TestMethod]
        public void NotHttp_MalformedNotTransport()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Ascii("SSH-2.0-OpenSSH\r\n"))));
        }

        [TestMethod]
        public void AbruptCloseAndTimeout_TransportFailed()
        {
            byte[] partial = Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime", Ascii("MIIB"));
            Is(EstOutcomeKind.TransportFailed, Enroll(new ScriptedTls().Add(partial, ScriptedTls.AbruptClose)));
            Is(EstOutcomeKind.TransportFailed, Enroll(new ScriptedTls().Add(Ascii("HTTP/1.1 2"), ScriptedTls.ReadTimeout)));
        }

        [TestMethod]
        public void CsrAttrs_OkAndNotFound_Success()
        {
            byte[] attrs = { 0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };
            byte[] body = B64(attrs, 0);
            var tls = new ScriptedTls().Add(Http("HTTP/1.1 200 OK|Content-Type: application/csrattrs|Content-Length: " + body.Length, body))
                .Add(Http("HTTP/1.1 404 Not Found|Content-Length: 0", null));
            EstClient client = Client(tls, Store());
            EstOutcome ok = client.CsrAttrs(Now);
            Is(EstOutcomeKind.Success, ok);
            EstAssert.True(Same(attrs, ok.CsrAttributes));
            EstOutcome none = client.CsrAttrs(Now);
            Is(EstOutcomeKind.Success, none);
            EstAssert.Equal(404, none.HttpStatus);
        }

        internal static bool Same(byte[] a, byte[] b)
        {
            return a != null && b != null && DerReader.BytesEqual(a, 0, a.Length, b, 0, b.Length);
        }

        private static byte[] Join(byte[] a, byte[] b)
        {
            var c = new byte[a.Length + b.Length];
            Array.Copy(a, c, a.Length);
            Array.Copy(b, 0, c, a.Length, b.Length);
            return c;
        }
    }
}
