using System;
using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Request bytes against est.md §9 (libest's request, with CRLF everywhere and no trailing junk), RFC 7617's Basic
    /// example, the size-first rule (nothing written on overflow) and the refusal of fields that would break the head.
    /// </summary>
    [TestClass]
    public class HttpRequestWriterTests
    {
        private const string Enroll = "/.well-known/est/simpleenroll";

        // Body as Pki's encoder sends it: 64-column lines, CRLF, final CRLF (est.md §1.2); 6 bytes here.
        private const string Body = "MIIB\r\n";

        private const string EnrollRequest =
            "POST /.well-known/est/simpleenroll HTTP/1.1\r\n" +
            "Host: est.example.com:8443\r\n" +
            "User-Agent: dev-agent/1.0\r\n" +
            "Connection: close\r\n" +
            "Accept: */*\r\n" +
            "Content-Type: application/pkcs10\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "Content-Length: 6\r\n" +
            "Authorization: Basic ZXN0dXNlcjplc3Rwd2Q=\r\n" +
            "\r\n" +
            Body;

        [TestMethod]
        public void PostEnroll_IsTheFactSheetRequest()
        {
            HttpRequestWriter writer = EnrollWriter();
            byte[] body = ResponseFeeder.Ascii(Body);
            var buffer = new byte[512];

            int length = writer.WriteRequest(HttpRequestWriter.Post, EstPath.Build(null, EstPath.SimpleEnroll), MediaType.Pkcs10, body, 0, 6, buffer, 0, 512);

            EstAssert.Equal(EnrollRequest, ResponseFeeder.Text(buffer, 0, length));
        }

        [TestMethod]
        public void PostHead_ThenCallersBody_GivesTheSameBytes()
        {
            HttpRequestWriter writer = EnrollWriter();
            var buffer = new byte[512];

            int length = writer.WriteHead(HttpRequestWriter.Post, Enroll, MediaType.Pkcs10, 6, buffer, 3, 509);

            EstAssert.Equal(writer.GetHeadLength(HttpRequestWriter.Post, Enroll, MediaType.Pkcs10, 6), length);
            EstAssert.Equal(EnrollRequest, ResponseFeeder.Text(buffer, 3, length) + Body);
        }

        [TestMethod]
        public void GetOnPort443_OmitsPortBodyAndContentHeaders()
        {
            var writer = new HttpRequestWriter("est.example.com", 443, "dev-agent/1.0");
            writer.Accept = null;   // as EstClient sends it
            var buffer = new byte[256];

            int length = writer.WriteRequest(HttpRequestWriter.Get, EstPath.Build("arbitraryLabel1", EstPath.CaCerts), null, null, 0, 0, buffer, 0, 256);

            EstAssert.Equal(
                "GET /.well-known/est/arbitraryLabel1/cacerts HTTP/1.1\r\nHost: est.example.com\r\nUser-Agent: dev-agent/1.0\r\nConnection: close\r\n\r\n",
                ResponseFeeder.Text(buffer, 0, length));
        }

        [TestMethod]
        public void Ipv6LiteralHost_KeepsItsBrackets()
        {
            EstAssert.Equal("[::1]:8085", new HttpRequestWriter("[::1]", 8085, "a").HostHeader);
        }

        [TestMethod]
        [DataRow("Aladdin", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]   // RFC 7617 §2
        [DataRow("a", "", "YTo=")]
        [DataRow("", "pw", "OnB3")]
        public void BasicCredentials_AreBase64OfUserColonPassword(string user, string password, string token)
        {
            var writer = new HttpRequestWriter("h", 443, "a");
            writer.SetBasicCredentials(user, password);

            Assert.Contains("\r\nAuthorization: Basic " + token + "\r\n\r\n", GetHead(writer), string.Empty);
            writer.ClearCredentials();
            EstAssert.False(writer.HasCredentials);
            Assert.DoesNotContains("Authorization", GetHead(writer), string.Empty);
        }

        [TestMethod]
        public void Accept_CanBeNarrowed()
        {
            var writer = new HttpRequestWriter("h", 443, "a");
            writer.Accept = MediaType.Pkcs7Mime;

            Assert.Contains("\r\nAccept: application/pkcs7-mime\r\n", GetHead(writer), string.Empty);
        }

        [TestMethod]
        public void BufferOneByteShort_WritesNothing()
        {
            HttpRequestWriter writer = EnrollWriter();
            byte[] body = ResponseFeeder.Ascii(Body);
            int needed = EnrollRequest.Length;
            var buffer = new byte[needed];
            for (int i = 0; i < needed; i++)
            {
                buffer[i] = 0xAA;
            }

            HttpException requestError = null;
            HttpException headError = null;
            try
            {
                writer.WriteRequest(HttpRequestWriter.Post, Enroll, MediaType.Pkcs10, body, 0, 6, buffer, 0, needed - 1);
            }
            catch (HttpException e)
            {
                requestError = e;
            }

            try
            {
                writer.WriteHead(HttpRequestWriter.Post, Enroll, MediaType.Pkcs10, 6, buffer, 0, needed - 7);
            }
            catch (HttpException e)
            {
                headError = e;
            }

            EstAssert.Error(HttpError.BufferTooSmall, requestError);
            EstAssert.Error(HttpError.BufferTooSmall, headError);
            for (int i = 0; i < needed; i++)
            {
                EstAssert.Equal(0xAA, buffer[i]);
            }

            EstAssert.Equal(needed, writer.WriteRequest(HttpRequestWriter.Post, Enroll, MediaType.Pkcs10, body, 0, 6, buffer, 0, needed));
        }

        [TestMethod]
        [DataRow("est:user", "pw")]
        [DataRow("user", "p\u00E9")]
        [DataRow("us\u0001er", "pw")]
        [DataRow("user", "pw\r\nX: y")]
        [DataRow("user", "\u007F")]
        [DataRow("", "")]
        public void InvalidCredentials_AreRefused(string user, string password)
        {
            var writer = new HttpRequestWriter("h", 443, "a");
            if (user.Length == 0)
            {
                user = ResponseFeeder.Repeat("x", HttpRequestWriter.MaxCredentialLength + 1);
            }

            HttpException caught = null;
            try
            {
                writer.SetBasicCredentials(user, password);
            }
            catch (HttpException e)
            {
                caught = e;
            }

            EstAssert.Error(HttpError.InvalidRequestField, caught);
            EstAssert.False(writer.HasCredentials);
        }

        [TestMethod]
        [DataRow("est.example.com:8443", "a")]
        [DataRow("est example.com", "a")]
        [DataRow("https://est", "a")]
        [DataRow("est/x", "a")]
        [DataRow("u@est", "a")]
        [DataRow("[::1", "a")]
        [DataRow("", "a")]
        [DataRow("caf\u00E9", "a")]
        [DataRow("h", "agent\r\nX: y")]
        [DataRow("h", " agent")]
        [DataRow("h", "agent\u00E9")]
        public void InvalidHostOrUserAgent_IsRefused(string host, string userAgent)
        {
            HttpException caught = null;
            try
            {
                new HttpRequestWriter(host, 443, userAgent);
            }
            catch (HttpException e)
            {
                caught = e;
            }

            EstAssert.Error(HttpError.InvalidRequestField, caught);
        }

        [TestMethod]
        [DataRow("relative")]
        [DataRow("")]
        [DataRow("/a b")]
        [DataRow("/a\r\nX: y")]
        [DataRow("/a#f")]
        [DataRow("/caf\u00E9")]
        public void InvalidPath_IsRefused(string path)
        {
            var writer = new HttpRequestWriter("h", 443, "a");
            HttpException caught = null;
            try
            {
                writer.WriteHead(HttpRequestWriter.Get, path, null, 0, new byte[256], 0, 256);
            }
            catch (HttpException e)
            {
                caught = e;
            }

            EstAssert.Error(HttpError.InvalidRequestField, caught);
        }

        [TestMethod]
        public void MisuseByTheCaller_ThrowsArgumentExceptions()
        {
            var writer = new HttpRequestWriter("h", 443, "a");
            var buffer = new byte[256];
            int thrown = 0;
            try
            {
                writer.WriteHead(HttpRequestWriter.Get, "/", MediaType.Pkcs10, 5, buffer, 0, 256);
            }
            catch (ArgumentException)
            {
                thrown++;
            }

            try
            {
                writer.WriteHead("PUT", "/", null, 0, buffer, 0, 256);
            }
            catch (ArgumentException)
            {
                thrown++;
            }

            try
            {
                writer.WriteHead(HttpRequestWriter.Post, "/", null, 5, buffer, 0, 256);
            }
            catch (ArgumentException)
            {
                thrown++;
            }

            try
            {
                writer.WriteHead(HttpRequestWriter.Get, "/", null, 0, buffer, 200, 100);
            }
            catch (ArgumentException)
            {
                thrown++;
            }

            EstAssert.Equal(4, thrown);
        }

        [TestMethod]
        [DataRow("arbitraryLabel1", "simplereenroll", "/.well-known/est/arbitraryLabel1/simplereenroll")]
        [DataRow("ca-1.x_y~z", "csrattrs", "/.well-known/est/ca-1.x_y~z/csrattrs")]
        [DataRow("", "cacerts", "/.well-known/est/cacerts")]
        public void EstPath_IsPrefixLabelAndOperation(string label, string operation, string expected)
        {
            EstAssert.Equal(expected, EstPath.Build(label, operation));
        }

        [TestMethod]
        [DataRow("a/b", "cacerts")]
        [DataRow("..", "cacerts")]
        [DataRow(".", "cacerts")]
        [DataRow("a b", "cacerts")]
        [DataRow("a%2F", "cacerts")]
        [DataRow("a?b", "cacerts")]
        [DataRow("x", "")]
        [DataRow("x", "a/b")]
        [DataRow("", "")]
        public void EstPath_NotOneSegment_IsRefused(string label, string operation)
        {
            if (label.Length == 0)
            {
                label = ResponseFeeder.Repeat("a", EstPath.MaxLabelLength + 1);
                operation = EstPath.CaCerts;
                EstAssert.Equal(EstPath.Prefix.Length + EstPath.MaxLabelLength + 9, EstPath.Build(label.Substring(1), operation).Length);
            }

            HttpException caught = null;
            try
            {
                EstPath.Build(label, operation);
            }
            catch (HttpException e)
            {
                caught = e;
            }

            EstAssert.Error(HttpError.InvalidRequestField, caught);
        }

        private static HttpRequestWriter EnrollWriter()
        {
            var writer = new HttpRequestWriter("est.example.com", 8443, "dev-agent/1.0");
            writer.SetBasicCredentials("estuser", "estpwd");
            return writer;
        }

        private static string GetHead(HttpRequestWriter writer)
        {
            var buffer = new byte[256];
            return ResponseFeeder.Text(buffer, 0, writer.WriteHead(HttpRequestWriter.Get, "/", null, 0, buffer, 0, 256));
        }
    }
}
