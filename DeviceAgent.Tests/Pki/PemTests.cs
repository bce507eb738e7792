using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>PEM and base64: the fact sheet's CSR, round trips over many lengths, and strict decoding.</summary>
    [TestClass]
    public class PemTests
    {
        // static readonly, not const: the compiler would fold every concatenation below into one more literal
        private static readonly string Begin = "-----BEGIN CERTIFICATE REQUEST-----\n";
        private static readonly string End = "-----END CERTIFICATE REQUEST-----\n";
        private static readonly string Body = "MIIB\n";

        // est.md §6.4: the OpenSSL CSR (284 bytes) as OpenSSL prints it, 64 columns.
        private static readonly string[] OpenSslCsrLines =
        {
            "MIIBGDCBwAIBADAPMQ0wCwYDVQQDDARkZXYxMFkwEwYHKoZIzj0CAQYIKoZIzj0D",
            "AQcDQgAEltPh0iItJ9PGCc3o7s2+nODFZBDyzzB8aP5DrCcIKgR4JOU2NZ7m3f/S",
            "8eJhBZzK/o0Wajt8iPWPWl85d6ITVqBPME0GCSqGSIb3DQEJDjFAMD4wFwYDVR0R",
            "BBAwDoIMZGV2MS5leGFtcGxlMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggr",
            "BgEFBQcDAjAKBggqhkjOPQQDAgNHADBEAiA7sCtUqzeF+oQUaWPEwJj0KZg7XUFB",
            "c5WpGu5MULyXtgIgZh0TdtvsiYdnvHEcK7ljJqpBlb81EggiQKePHetSvag=",
        };

        /// <summary>The fact sheet's PEM text, LF line ends.</summary>
        internal static string OpenSslCsrPem()
        {
            string text = Begin;
            for (int i = 0; i < OpenSslCsrLines.Length; i++)
            {
                text += OpenSslCsrLines[i] + "\n";
            }

            return text + End;
        }

        /// <summary>The same CSR's DER, decoded by mscorlib's own base64 (an independent decoder).</summary>
        internal static byte[] OpenSslCsrDer()
        {
            string body = string.Empty;
            for (int i = 0; i < OpenSslCsrLines.Length; i++)
            {
                body += OpenSslCsrLines[i];
            }

            return System.Convert.FromBase64String(body);
        }

        [TestMethod]
        public void Encode_FactSheetCsr_IsOpenSslText()
        {
            byte[] der = OpenSslCsrDer();

            string pem = Pem.Encode(Pem.CertificateRequestLabel, der, 0, der.Length);

            int derLength = der.Length;
            int length = Pem.EncodedLength(Pem.CertificateRequestLabel, derLength);
            Assert.AreEqual(284, derLength, "DER length");
            Assert.AreEqual(OpenSslCsrPem(), pem, "PEM");
            Assert.AreEqual(pem.Length, length, "length");
        }

        [TestMethod]
        public void Decode_FactSheetCsr_IsTheDer()
        {
            var output = new byte[300];

            int length = Pem.Decode(OpenSslCsrPem(), Pem.CertificateRequestLabel, output, 0, output.Length);

            Assert.AreEqual(284, length, "length");
            PkiAssert.Same(OpenSslCsrDer(), 0, output, 0, 284);
        }

        [TestMethod]
        public void RoundTrip_Lengths1To200()
        {
            var data = new byte[200];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)((i * 37) + 11);
            }

            var ascii = new byte[400];
            var back = new byte[200];
            for (int length = 1; length <= 200; length++)
            {
                // string form
                string pem = Pem.Encode(Pem.CertificateLabel, data, 0, length);
                byte[] decoded = Pem.Decode(pem, Pem.CertificateLabel, 200);
                Assert.AreEqual(length, decoded.Length, "decoded");
                PkiAssert.Same(data, 0, decoded, 0, length);

                // ASCII bytes form
                int written = Pem.Encode(Pem.CertificateLabel, data, 0, length, ascii, 0, ascii.Length);
                int read = Pem.Decode(ascii, 0, written, Pem.CertificateLabel, back, 0, back.Length);
                Assert.AreEqual(pem.Length, written, "written");
                Assert.AreEqual(length, read, "read");
                PkiAssert.Same(data, 0, back, 0, length);
            }
        }

        [TestMethod]
        public void Decode_CrlfAnd76Columns_AreAccepted()
        {
            byte[] der = OpenSslCsrDer();
            string body = Base64.ToBase64(der, 0, der.Length, 76, true);
            string pem = "\r\n  " + Begin.Substring(0, Begin.Length - 1) + "\r\n" + body + End + "\r\n";
            var output = new byte[284];

            int length = Pem.Decode(pem, Pem.CertificateRequestLabel, output, 0, output.Length);
            Assert.AreEqual(284, length, "length");
            PkiAssert.Same(der, 0, output, 0, 284);

            length = Pem.Decode(pem.Substring(0, pem.Length - 3), Pem.CertificateRequestLabel, output, 0, 284);
            Assert.AreEqual(284, length, "without final line end");
        }

        [TestMethod]
        [DataRow(0, 2)]
        [DataRow(1, 2)]
        [DataRow(2, 2)]
        [DataRow(3, 1)]
        [DataRow(4, 7)]
        [DataRow(5, 7)]
        [DataRow(6, 7)]
        [DataRow(7, 7)]
        [DataRow(8, 7)]
        [DataRow(9, 7)]
        [DataRow(10, 7)]
        [DataRow(11, 7)]
        [DataRow(12, 6)]
        [DataRow(13, 6)]
        public void Decode_NotStrict_IsRefused(int example, int error)
        {
            string pem = NotStrict(example);
            var output = PkiAssert.Filled(16, 0xEE);

            PkiAssert.Throws((PkiError)error, () => Pem.Decode(pem, Pem.CertificateRequestLabel, output, 0, output.Length));

            PkiAssert.Untouched(output, 0xEE);
        }

        [TestMethod]
        public void Decode_OverTheBound_IsTooLarge()
        {
            var output = PkiAssert.Filled(283, 0xEE);
            string pem = OpenSslCsrPem();

            PkiAssert.Throws(PkiError.TooLarge, () => Pem.Decode(pem, Pem.CertificateRequestLabel, output, 0, 283));
            PkiAssert.Throws(PkiError.TooLarge, () => Pem.Decode(pem, Pem.CertificateRequestLabel, 283));

            PkiAssert.Untouched(output, 0xEE);
        }

        [TestMethod]
        public void Encode_TooSmall_WritesNothing()
        {
            byte[] der = OpenSslCsrDer();
            int needed = Pem.EncodedLength(Pem.CertificateRequestLabel, der.Length);
            var output = PkiAssert.Filled(needed - 1, 0xEE);

            PkiAssert.Throws(PkiError.TooLarge, () => Pem.Encode(Pem.CertificateRequestLabel, der, 0, der.Length, output, 0, output.Length));

            PkiAssert.Untouched(output, 0xEE);
        }

        [TestMethod]
        [DataRow("", "")]
        [DataRow("66", "Zg==")]
        [DataRow("666F", "Zm8=")]
        [DataRow("666F6F", "Zm9v")]
        [DataRow("666F6F626172", "Zm9vYmFy")]
        [DataRow("FBFFBF", "+/+/")]
        public void Base64_Rfc4648Vectors(string hex, string text)
        {
            // RFC 4648 §10 test vectors ("", "f", "fo", "foo", "foobar") and both non-alphanumeric symbols
            byte[] data = Hex.Parse(hex);
            var ascii = new byte[8];
            var back = new byte[6];

            string encoded = Base64.ToBase64(data, 0, data.Length, 0, false);
            int written = Base64.Encode(data, 0, data.Length, ascii, 0, ascii.Length, 0, false);
            int read = Base64.Decode(text, 0, text.Length, false, back, 0, back.Length);
            Assert.AreEqual(text, encoded, "encoded");
            Assert.AreEqual(text.Length, written, "written");
            Assert.AreEqual(data.Length, read, "read");
            PkiAssert.Same(data, 0, back, 0, read);
        }

        [TestMethod]
        public void Base64_EstBody_64ColumnsCrlf()
        {
            var data = new byte[100];   // 136 characters: 64 + 64 + 8
            var output = new byte[200];

            int length = Base64.Encode(data, 0, data.Length, output, 0, output.Length, Base64.PemLineLength, true);

            int expected = Base64.EncodedLength(100, 64, true);
            int read = Base64.Decode(output, 0, length, false, new byte[100], 0, 100);
            Assert.AreEqual(142, length, "length");
            Assert.AreEqual(length, expected, "EncodedLength");
            PkiAssert.Bytes("0D0A", output, 64, 2);
            PkiAssert.Bytes("0D0A", output, 130, 2);
            PkiAssert.Bytes("0D0A", output, 140, 2);
            Assert.AreEqual(100, read, "read");
        }

        [TestMethod]
        public void Base64_Spaces_OnlyWhenAllowed()
        {
            string text = " Zm9v\tYmFy \r\n";
            var output = new byte[6];

            int read = Base64.Decode(text, 0, text.Length, true, output, 0, 6);
            int offset = PkiAssert.Throws(PkiError.BadValue, () => Base64.Decode(text, 0, text.Length, false, output, 0, 6)).Offset;

            Assert.AreEqual(6, read, "read");
            Assert.AreEqual(0, offset, "offset");
        }

        // PEM texts a strict decoder refuses (see the DataRows above for the expected PkiError).
        private static string NotStrict(int example)
        {
            string body = Body;
            switch (example)
            {
                case 0: return "-----BEGIN CERTIFICATE-----\n" + body + "-----END CERTIFICATE-----\n";   // other label
                case 1: return Begin + body + "-----END CERTIFICATE-----\n";                        // END differs
                case 2: return "junk\n" + Begin + body + End;                                          // text before
                case 3: return Begin + body;                                                           // no END
                case 4: return Begin + "MI IB\n" + End;                                                // space
                case 5: return Begin + "MI*B\n" + End;                                                 // not base64
                case 6: return Begin + "MIB\n" + End;                                                  // not 4k symbols
                case 7: return Begin + "M=IB\n" + End;                                                 // padding inside
                case 8: return Begin + "MIF=\n" + End;                                                 // pad bits set
                case 9: return Begin + "MIIB" + End;                                                   // END mid-line
                case 10: return Begin + "\n" + End;                                                    // no data
                case 11: return Begin.Substring(0, Begin.Length - 1) + body + End;                    // BEGIN line runs on
                case 12: return Begin + body + End + body;                                             // data after END
                default: return Begin + body + End + Begin;                                            // a second block
            }
        }
    }
}
