using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// The reader's memory inside nanoCLR: its arrays are allocated once (<see cref="HttpResponseReader.BufferBytes"/>),
    /// and parsing a response, byte by byte, leaves nothing more behind. GC.Run(true) returns the free heap after a
    /// full collection; this host is 64-bit, so object overhead is up to twice the ESP32's (figures are upper bounds).
    /// </summary>
    [TestClass]
    public class HttpResponseReaderHeapTests
    {
        // Object headers of the reader and its two arrays, on a 64-bit host.
        private const int ObjectOverhead = 512;

        [TestMethod]
        public void Reader_RetainsOnlyItsStatedBuffers_AndParsingAddsNothing()
        {
            byte[] response = ResponseFeeder.Ascii(
                "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nMIIB\r\n0\r\nT: t\r\n\r\n");
            var body = new byte[EstBodyLimits.Enroll];
            var piece = new byte[1];

            uint before = FreeHeap.Settle();
            var reader = new HttpResponseReader();
            uint afterConstruction = NativeGC.Run(true);
            for (int round = 0; round < 3; round++)
            {
                reader.Reset(body, 0, body.Length);
                for (int i = 0; i < response.Length; i++)
                {
                    piece[0] = response[i];
                    reader.Feed(piece, 0, 1);
                }
            }

            uint afterParsing = NativeGC.Run(true);
            int retained = (int)(before - afterConstruction);
            int growth = (int)(afterConstruction - afterParsing);

            OutputHelper.WriteLine("HTTP reader heap: new reader " + retained + " B (BufferBytes " + reader.BufferBytes + "), after 3 parses +" + growth + " B");
            EstAssert.True(reader.IsComplete);
            EstAssert.Equal(HttpResponseReader.DefaultMaxHeaderBytes + (16 * HttpResponseReader.DefaultMaxHeaders), reader.BufferBytes);
            Assert.IsTrue(retained <= reader.BufferBytes + ObjectOverhead, "a new reader retained " + retained + " bytes");
            Assert.IsTrue(growth <= 0, "parsing retained " + growth + " bytes");
        }
    }
}
