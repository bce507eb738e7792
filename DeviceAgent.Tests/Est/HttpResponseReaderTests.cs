using System;
using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Responses an EST client meets (est.md §2, §9, §10), each parsed whole, one byte at a time and in random pieces
    /// with the same result, and the framing rules of RFC 9112 §6.3.
    /// </summary>
    [TestClass]
    public class HttpResponseReaderTests
    {
        // libest server, /simpleenroll (est.md §1.2): exact Content-Length, CTE header, parameterised Content-Type.
        internal const string LibestEnroll =
            "HTTP/1.1 200 OK\r\n" +
            "Status: 200 OK\r\n" +
            "Content-Type: application/pkcs7-mime; smime-type=certs-only\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "Content-Length: 10\r\n" +
            "\r\n" +
            "MIIB\nAAA=\n";

        // gs/est (Go) switches to chunked above 2048 bytes (est.md §9); here with extensions and trailers.
        private const string Chunked =
            "HTTP/1.1 200 OK\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "5;a=b\r\n" +
            "MIIBx\r\n" +
            "0A ; q=\"x; y\" ; c\r\n" +
            "0123456789\r\n" +
            "000\r\n" +
            "Expires: never\r\n" +
            "\r\n";

        // libest's 202 (est.md §2.2): no Content-Length, no Content-Type; the body ends at connection close.
        internal const string Libest202 = "HTTP/1.1 202 Accepted\r\nStatus: 202 Accepted\r\nRetry-After: 300\r\n\r\n";

        [TestMethod]
        public void ContentLength200_FromLibest()
        {
            ResponseFeeder.SameEverySplit(LibestEnroll, false, 64);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(LibestEnroll, false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(200, reader.StatusCode);
            EstAssert.Equal("OK", reader.ReasonPhrase);
            EstAssert.Equal(1, reader.MinorVersion);
            EstAssert.Equal(4, reader.HeaderCount);
            EstAssert.Equal((int)HttpBodyFraming.ContentLength, (int)reader.Framing);
            EstAssert.Equal(10L, reader.ContentLength);
            EstAssert.Equal("MIIB\nAAA=\n", ResponseFeeder.Body(reader));
            EstAssert.True(reader.ContentTypeIs(MediaType.Pkcs7Mime));
            EstAssert.False(reader.ContentTypeIs(MediaType.CsrAttrs));
            EstAssert.Equal("base64", reader.GetHeader("content-transfer-encoding"));
            EstAssert.True(reader.GetHeader("Retry-After") == null);
        }

        [TestMethod]
        public void Chunked_WithExtensionsAndTrailers_IsDechunked()
        {
            ResponseFeeder.SameEverySplit(Chunked, false, 64);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(Chunked, false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal((int)HttpBodyFraming.Chunked, (int)reader.Framing);
            EstAssert.Equal(-1L, reader.ContentLength);
            EstAssert.Equal("MIIBx0123456789", ResponseFeeder.Body(reader));
            EstAssert.Equal(1, reader.HeaderCount);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")]
        public void Chunked_BareLfOrWithContentLength_IsDechunked(string response)
        {
            ResponseFeeder.SameEverySplit(response, false, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal((int)HttpBodyFraming.Chunked, (int)reader.Framing);
            EstAssert.Equal("abc", ResponseFeeder.Body(reader));
        }

        [TestMethod]
        public void Libest202_ReadsToCloseWithRetryAfter()
        {
            ResponseFeeder.SameEverySplit(Libest202, true, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(Libest202, false);

            EstAssert.Equal((int)HttpReadState.ReadingBody, (int)reader.State);
            EstAssert.Equal((int)HttpBodyFraming.UntilClose, (int)reader.Framing);
            reader.End();
            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(202, reader.StatusCode);
            EstAssert.Equal(0, reader.BodyLength);
            EstAssert.Equal(300, RetryAfter.Parse(reader.GetHeader("Retry-After"), DateTime.UtcNow).DelaySeconds);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\n\r\nCA down\n")]
        [DataRow("HTTP/1.0 200 OK\r\n\r\nCA down\n")]
        public void NoFraming_BodyRunsUntilClose(string response)
        {
            ResponseFeeder.SameEverySplit(response, true, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, true);

            EstAssert.Equal("CA down\n", ResponseFeeder.Body(reader));
        }

        [TestMethod]
        [DataRow(204)]
        [DataRow(304)]
        public void NoContentStatuses_EndAtTheHeaders(int status)
        {
            string response = "HTTP/1.1 " + status + " X\r\nContent-Length: 20\r\n\r\n";

            ResponseFeeder.SameEverySplit(response, false, 64);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal((int)HttpBodyFraming.NoBody, (int)reader.Framing);
        }

        [TestMethod]
        public void LowerCaseHeaderNames_AreFoundByAnyCase()
        {
            string response = "HTTP/1.1 200 OK\r\ncontent-type: APPLICATION/CSRATTRS\r\ncontent-length: 4\r\nretry-after: 5\r\n\r\nMAA=";

            ResponseFeeder.SameEverySplit(response, false, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.Equal("MAA=", ResponseFeeder.Body(reader));
            EstAssert.True(reader.ContentTypeIs(MediaType.CsrAttrs));
            EstAssert.Equal("5", reader.GetHeader("Retry-After"));
            EstAssert.Equal("content-type", reader.GetHeaderName(0));
        }

        [TestMethod]
        public void FoldedHeader_IsJoinedWithOneSpace()
        {
            string response = "HTTP/1.1 401 No\r\nWWW-Authenticate: Basic   \r\n   realm=\"r\",\r\n\t \r\n\tcharset=\"UTF-8\"\r\nX:\r\n later\r\nContent-Length: 0\r\n\r\n";

            ResponseFeeder.SameEverySplit(response, false, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.Equal("Basic realm=\"r\", charset=\"UTF-8\"", reader.GetHeader("www-authenticate"));
            EstAssert.Equal("later", reader.GetHeader("X"));
            EstAssert.Equal("0", reader.GetHeader("Content-Length"));
        }

        [TestMethod]
        public void Http10_IsAccepted()
        {
            HttpResponseReader reader = ResponseFeeder.ParseWhole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(0, reader.MinorVersion);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")]
        [DataRow("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n")]
        public void EmptyReason_IsAccepted(string response)
        {
            ResponseFeeder.SameEverySplit(response, false, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.Equal(200, reader.StatusCode);
            EstAssert.Equal(string.Empty, reader.ReasonPhrase);
        }

        [TestMethod]
        public void InterimResponses_AreSkipped()
        {
            string response = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

            ResponseFeeder.SameEverySplit(response, false, 16);
            HttpResponseReader reader = ResponseFeeder.ParseWhole(response, false);

            EstAssert.Equal(200, reader.StatusCode);
            EstAssert.Equal(1, reader.HeaderCount);
            EstAssert.Equal("ok", ResponseFeeder.Body(reader));
        }

        [TestMethod]
        [DataRow("Content-Length: 3\r\nContent-Length: 3\r\n")]
        [DataRow("Content-Length: 3, 3\r\n")]
        [DataRow("Content-Length: 003\r\n")]
        public void EqualContentLengths_CountAsOne(string headers)
        {
            HttpResponseReader reader = ResponseFeeder.ParseWhole("HTTP/1.1 200 OK\r\n" + headers + "\r\nabc", false);

            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(3L, reader.ContentLength);
        }

        [TestMethod]
        public void BytesAfterTheResponse_AreNotConsumed()
        {
            var reader = new HttpResponseReader();
            reader.Reset(new byte[16]);
            byte[] data = ResponseFeeder.Ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");

            EstAssert.Equal(data.Length - 5, reader.Feed(data, 0, data.Length));
            EstAssert.Equal(0, reader.Feed(data, 0, 5));
            reader.End();
            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(data.Length - 5, reader.BytesConsumed);
        }

        [TestMethod]
        public void RepeatedHeaders_AreFoundOneAfterAnother()
        {
            HttpResponseReader reader = ResponseFeeder.ParseWhole("HTTP/1.1 401 No\r\nWWW-Authenticate: Digest\r\nX: y\r\nwww-authenticate: Basic\r\n\r\n", true);

            int second = reader.FindHeader("WWW-Authenticate", reader.FindHeader("WWW-Authenticate", 0) + 1);

            EstAssert.Equal(2, second);
            EstAssert.Equal(-1, reader.FindHeader("WWW-Authenticate", second + 1));
            EstAssert.Equal(5, reader.GetHeaderValueLength(second));
            EstAssert.Equal('B', reader.HeadBuffer[reader.GetHeaderValueOffset(second)]);
        }

        [TestMethod]
        public void ObsTextInValues_IsKeptAsLatin1()
        {
            HttpResponseReader reader = ResponseFeeder.ParseWhole("HTTP/1.1 400 No\r\nX: caf\u00E9\r\n\r\n", true);

            EstAssert.Equal("caf\u00E9", reader.GetHeader("X"));
        }

        [TestMethod]
        public void OneReader_IsReusedAcrossResponses()
        {
            var reader = new HttpResponseReader();
            byte[] first = ResponseFeeder.Ascii(LibestEnroll);
            string expected = ResponseFeeder.Run(new HttpResponseReader(), first, 1000, null, false, 64);

            ResponseFeeder.Run(reader, ResponseFeeder.Ascii(Libest202), 1000, null, true, 64);
            ResponseFeeder.Run(reader, ResponseFeeder.Ascii("garbage"), 1000, null, true, 64);

            EstAssert.Equal(expected, ResponseFeeder.Run(reader, first, 1000, null, false, 64));
        }

        [TestMethod]
        public void Body_LandsAtTheCallersOffset()
        {
            var reader = new HttpResponseReader();
            var body = new byte[20];
            reader.Reset(body, 7, 5);
            byte[] data = ResponseFeeder.Ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

            reader.Feed(data, 0, data.Length);

            EstAssert.Equal("\0hello\0", ResponseFeeder.Text(body, 6, 7));
        }

        [TestMethod]
        public void HeadAccessors_BeforeTheHeadEnds_ReportNothing()
        {
            HttpResponseReader reader = ResponseFeeder.ParseWhole("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", false);

            EstAssert.Equal((int)HttpReadState.ReadingHead, (int)reader.State);
            EstAssert.False(reader.IsHeadComplete);
            EstAssert.Equal(0, reader.StatusCode);
            EstAssert.Equal(0, reader.HeaderCount);
            EstAssert.True(reader.GetHeader("Content-Length") == null);
            EstAssert.True(reader.ReasonPhrase == null);
        }
    }
}
