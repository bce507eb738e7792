using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Content-Type matching as est.md §1.1 asks (type/subtype only, any case, parameters ignored) and base64 bodies in
    /// every layout servers send (est.md §1.2: 64-column LF, 76-column CRLF, one line), with typed errors on garbage.
    /// </summary>
    [TestClass]
    public class MediaTypeAndBase64BodyTests
    {
        [TestMethod]
        [DataRow("application/pkcs7-mime; smime-type=certs-only", true)]
        [DataRow("Application/PKCS7-MIME;smime-type=\"certs-only\"", true)]
        [DataRow("  application/pkcs7-mime  ; x=y", true)]
        [DataRow("application/pkcs7-mime", true)]
        [DataRow("application/pkcs7-mime-x", false)]
        [DataRow("application/pkcs7", false)]
        [DataRow("", false)]
        [DataRow("; application/pkcs7-mime", false)]
        public void Matches_TypeAndSubtypeOnly(string contentType, bool expected)
        {
            byte[] bytes = ResponseFeeder.Ascii("xx" + contentType + "yy");

            EstAssert.Equal(expected, MediaType.Matches(contentType, MediaType.Pkcs7Mime));
            EstAssert.Equal(expected, MediaType.Matches(bytes, 2, contentType.Length, MediaType.Pkcs7Mime));
            EstAssert.False(MediaType.Matches(null, MediaType.Pkcs7Mime));
        }

        [TestMethod]
        [DataRow("TWFu", "Man")]
        [DataRow("TWE=", "Ma")]
        [DataRow("TQ==", "M")]
        [DataRow("", "")]
        [DataRow("\r\n", "")]
        [DataRow("TWFuIGlz\nIGRp\n", "Man is di")]
        [DataRow("TWFuIGlz\r\nIGRp\r\n", "Man is di")]
        [DataRow("TWFuIGlzIGRp", "Man is di")]
        [DataRow(" TW Fu\tIGlz IGR p ", "Man is di")]
        [DataRow("TQ=\r\n=", "M")]
        public void Decode_StripsAllWhitespace(string base64, string expected)
        {
            byte[] input = ResponseFeeder.Ascii(base64);
            var output = new byte[32];

            int length = Base64Body.Decode(input, 0, input.Length, output, 0, output.Length);

            EstAssert.Equal(expected, ResponseFeeder.Text(output, 0, length));
            EstAssert.Equal(length, Base64Body.DecodedLength(input, 0, input.Length));
        }

        [TestMethod]
        [DataRow("TW@u", 2)]
        [DataRow("TWFu-_==", 4)]
        [DataRow("TWF", 3)]
        [DataRow("TWFuT", 5)]
        [DataRow("TQ=A", 3)]
        [DataRow("T===", 3)]
        [DataRow("TQ==TWFu", 4)]
        [DataRow("TW\u0100u", 2)]
        [DataRow("TWFu\u000B", 4)]
        public void Decode_Garbage_IsBadBase64AtItsOffset(string base64, int offset)
        {
            byte[] input = ResponseFeeder.Ascii(base64);
            var output = new byte[] { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };

            HttpException caught = Decode(input, output, 6);

            EstAssert.Error(HttpError.BadBase64, caught);
            EstAssert.Equal(offset, caught.Offset);
            for (int i = 0; i < output.Length; i++)
            {
                EstAssert.Equal(0x55, output[i]);
            }
        }

        [TestMethod]
        public void Decode_OverTheOutputLimit_WritesNothing()
        {
            byte[] input = ResponseFeeder.Ascii("TWFuIGlz\r\n");
            var output = new byte[8];

            EstAssert.Error(HttpError.DecodedTooLarge, Decode(input, output, 5));
            EstAssert.Equal(0, output[0]);
            EstAssert.True(Decode(input, output, 6) == null);
        }

        [TestMethod]
        public void Decode_InPlace_OverTheBodyBuffer()
        {
            byte[] buffer = ResponseFeeder.Ascii("xxTWFuIGlz\nIGRp\n");

            int length = Base64Body.Decode(buffer, 2, buffer.Length - 2, buffer, 0, buffer.Length);

            EstAssert.Equal("Man is di", ResponseFeeder.Text(buffer, 0, length));
        }

        private static HttpException Decode(byte[] input, byte[] output, int max)
        {
            try
            {
                Base64Body.Decode(input, 0, input.Length, output, 0, max);
                return null;
            }
            catch (HttpException e)
            {
                return e;
            }
        }
    }
}
