using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Every malformed or oversized response the reader claims to catch, each with its own <see cref="HttpError"/>,
    /// the same error and offset however the bytes are split, and no other exception type.
    /// </summary>
    [TestClass]
    public class HttpResponseReaderErrorTests
    {
        private const string Ok = "HTTP/1.1 200 OK\r\n";
        private const string ChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

        [TestMethod]
        [DataRow("HTTP/2 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 20 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 2000 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 099 Low\r\n\r\n")]
        [DataRow("HTTP/1.1 600 High\r\n\r\n")]
        [DataRow("HTTP/1.x 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1  200 OK\r\n\r\n")]
        [DataRow("http/1.1 200 OK\r\n\r\n")]
        [DataRow("SSH-2.0-OpenSSH_9.2\r\n")]
        [DataRow("\r\nHTTP/1.1 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n")]
        [DataRow("HTTP/1.1 200 O\u0001K\r\n\r\n")]
        public void BadStatusLine(string response)
        {
            ResponseFeeder.Fails(response, true, HttpError.BadStatusLine, 16);
        }

        [TestMethod]
        [DataRow("NoColon\r\n\r\n")]
        [DataRow("Name : value\r\n\r\n")]
        [DataRow("Na me: value\r\n\r\n")]
        [DataRow(": value\r\n\r\n")]
        [DataRow("X: a\u0100b\r\n\r\n")]
        [DataRow("X: a\u007Fb\r\n\r\n")]
        [DataRow("X: a\rb\r\n\r\n")]
        [DataRow(" folded-first: x\r\n\r\n")]
        [DataRow("X: y\r\n\r\r\n")]
        [DataRow("X: y\r\n\u0001\r\n\r\n")]
        public void BadHeaderLine(string headers)
        {
            ResponseFeeder.Fails(Ok + headers, true, HttpError.BadHeaderLine, 16);
        }

        [TestMethod]
        [DataRow("Content-Length: abc\r\n")]
        [DataRow("Content-Length: -1\r\n")]
        [DataRow("Content-Length: +5\r\n")]
        [DataRow("Content-Length: \r\n")]
        [DataRow("Content-Length: 1 2\r\n")]
        [DataRow("Content-Length: 0x10\r\n")]
        [DataRow("Content-Length: 5,\r\n")]
        public void BadContentLength(string headers)
        {
            ResponseFeeder.Fails(Ok + headers + "\r\nabcde", true, HttpError.BadContentLength, 16);
        }

        [TestMethod]
        [DataRow("Content-Length: 5\r\nContent-Length: 6\r\n")]
        [DataRow("Content-Length: 5, 6\r\n")]
        [DataRow("content-length: 5\r\nX: y\r\nCONTENT-LENGTH: 50\r\n")]
        public void ConflictingContentLength(string headers)
        {
            ResponseFeeder.Fails(Ok + headers + "\r\nabcde", true, HttpError.ConflictingContentLength, 16);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n")]
        [DataRow("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
        public void BadTransferEncoding(string response)
        {
            ResponseFeeder.Fails(response, true, HttpError.BadTransferEncoding, 16);
        }

        [TestMethod]
        [DataRow("zz\r\n")]
        [DataRow("\r\n")]
        [DataRow(";ext\r\n")]
        [DataRow("5 x\r\nabcde\r\n0\r\n\r\n")]
        [DataRow("5\rxabcde")]
        [DataRow("-5\r\n")]
        [DataRow("5;ext\u0001\r\n")]
        public void BadChunkHeader(string chunks)
        {
            ResponseFeeder.Fails(ChunkedHead + chunks, true, HttpError.BadChunkHeader, 16);
        }

        [TestMethod]
        public void ChunkSizeLine_LongerThanTheBound_IsBadChunkHeader()
        {
            string extension = "1;" + ResponseFeeder.Repeat("abcdefghijklmnopqrstuvwxyz", HttpResponseReader.MaxChunkLineBytes);

            ResponseFeeder.Fails(ChunkedHead + extension + "\r\nx\r\n0\r\n\r\n", true, HttpError.BadChunkHeader, 16);
        }

        [TestMethod]
        [DataRow("3\r\nabcd\r\n0\r\n\r\n")]
        [DataRow("3\r\nabc\rX")]
        public void BadChunkData(string chunks)
        {
            ResponseFeeder.Fails(ChunkedHead + chunks, true, HttpError.BadChunkData, 16);
        }

        [TestMethod]
        [DataRow("0\r\nNoColon\r\n\r\n")]
        [DataRow("0\r\n folded-first: x\r\n\r\n")]
        [DataRow("0\r\nX: a\u0100\r\n\r\n")]
        [DataRow("0\r\nBad Name: x\r\n\r\n")]
        [DataRow("0\r\nX: y\rz")]
        public void BadTrailerLine_IsBadHeaderLine(string chunks)
        {
            ResponseFeeder.Fails(ChunkedHead + chunks, true, HttpError.BadHeaderLine, 16);
        }

        [TestMethod]
        public void SwitchingProtocols_IsAnUnexpectedInterimResponse()
        {
            ResponseFeeder.Fails("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", true, HttpError.UnexpectedInterimResponse, 16);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("HTT")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Le")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r")]
        public void ClosedInsideTheHead_IsTruncatedHead(string response)
        {
            ResponseFeeder.Fails(response, true, HttpError.TruncatedHead, 16);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcde")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")]
        [DataRow(ChunkedHead)]
        [DataRow(ChunkedHead + "5\r\nab")]
        [DataRow(ChunkedHead + "5\r\nabcde")]
        [DataRow(ChunkedHead + "5\r\nabcde\r\n")]
        [DataRow(ChunkedHead + "0\r\n")]
        [DataRow(ChunkedHead + "0\r\nX: y\r\n")]
        public void ClosedInsideTheBody_IsTruncatedBody(string response)
        {
            ResponseFeeder.Fails(response, true, HttpError.TruncatedBody, 16);
        }

        [TestMethod]
        public void HeaderSection_OverTheByteLimit_IsHeaderTooLarge()
        {
            string value = ResponseFeeder.Repeat("0123456789abcdef", HttpResponseReader.DefaultMaxHeaderBytes);

            ResponseFeeder.Fails(Ok + "X: " + value + "\r\n\r\n", true, HttpError.HeaderTooLarge, 16);
        }

        [TestMethod]
        public void HeaderSection_ExactlyAtTheByteLimit_IsAccepted()
        {
            // status line 17 + "X: " 3 + value + CRLF 2 + final CRLF 2 = DefaultMaxHeaderBytes
            string value = ResponseFeeder.Repeat("v", HttpResponseReader.DefaultMaxHeaderBytes - 24);

            ResponseFeeder.Completes(Ok + "X: " + value + "\r\n\r\n", 16);
            ResponseFeeder.Fails(Ok + "X: " + value + "v\r\n\r\n", true, HttpError.HeaderTooLarge, 16);
        }

        [TestMethod]
        public void EndlessFoldedWhitespace_IsHeaderTooLarge()
        {
            string folds = ResponseFeeder.Repeat(" \r\n", HttpResponseReader.DefaultMaxHeaderBytes + 1);

            ResponseFeeder.Fails(Ok + "X: y\r\n" + folds + "\r\n", true, HttpError.HeaderTooLarge, 16);
        }

        [TestMethod]
        public void EndlessInterimResponses_AreHeaderTooLarge()
        {
            string interim = ResponseFeeder.Repeat("HTTP/1.1 100 Continue\r\n\r\n", HttpResponseReader.DefaultMaxHeaderBytes + 1);

            ResponseFeeder.Fails(interim + "HTTP/1.1 204 No Content\r\n\r\n", true, HttpError.HeaderTooLarge, 16);
        }

        [TestMethod]
        public void TrailerSection_OverTheByteLimit_IsHeaderTooLarge()
        {
            string trailers = ResponseFeeder.Repeat("X-Trailer: 0123456789\r\n", HttpResponseReader.DefaultMaxHeaderBytes + 1);

            ResponseFeeder.Fails(ChunkedHead + "0\r\n" + trailers + "\r\n", true, HttpError.HeaderTooLarge, 16);
        }

        [TestMethod]
        public void MoreFieldsThanTheLimit_IsTooManyHeaders()
        {
            string headers = string.Empty;
            for (int i = 0; i <= HttpResponseReader.DefaultMaxHeaders; i++)
            {
                headers += "X-" + i + ": y\r\n";
            }

            ResponseFeeder.Fails(Ok + headers + "\r\n", true, HttpError.TooManyHeaders, 16);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999999\r\n\r\n")]
        [DataRow(ChunkedHead + "11\r\n")]
        [DataRow(ChunkedHead + "8\r\n01234567\r\n9\r\n")]
        [DataRow(ChunkedHead + "ffffffffffffffffffffffff\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\n\r\n01234567890123456")]
        public void BodyOverTheCallersLimit_IsBodyTooLarge(string response)
        {
            ResponseFeeder.Fails(response, true, HttpError.BodyTooLarge, 16);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n0123456789abcdef")]
        [DataRow(ChunkedHead + "8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\n\r\n0123456789abcdef")]
        public void BodyExactlyAtTheCallersLimit_IsAccepted(string response)
        {
            ResponseFeeder.Completes(response, 16);
        }

        [TestMethod]
        public void BodyTooLarge_StillReportsTheStatus()
        {
            string outcome = ResponseFeeder.SameEverySplit("HTTP/1.1 503 No\r\nContent-Length: 5000\r\n\r\n", true, 16);

            EstAssert.Equal("error 42 at 40 after status 503", outcome);
        }

        [TestMethod]
        public void ErrorFamilies_SeparateHostileInputFromTransport()
        {
            EstAssert.True(new HttpException(HttpError.BadChunkHeader, 0, "x").IsMalformedResponse);
            EstAssert.True(new HttpException(HttpError.TruncatedBody, 0, "x").IsMalformedResponse);
            EstAssert.False(new HttpException(HttpError.BadChunkHeader, 0, "x").IsTransportFailure);
            EstAssert.True(new HttpException(HttpError.Timeout, -1, "x").IsTransportFailure);
            EstAssert.False(new HttpException(HttpError.Timeout, -1, "x").IsMalformedResponse);
            EstAssert.True(new HttpException(HttpError.BodyTooLarge, 3, "x").IsLimitExceeded);
            EstAssert.Equal("x (at byte 3)", new HttpException(HttpError.HeaderTooLarge, 3, "x").Message);
        }
    }
}
