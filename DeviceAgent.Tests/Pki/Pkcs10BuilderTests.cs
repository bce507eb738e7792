using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// PKCS#10 requests reproduced byte for byte from independent sources: the CSR a real ATECC608A-TNGTLS signed
    /// (atecc608.md §13.6), OpenSSL's annotated CSR (est.md §6.4), and two requests OpenSSL 3.0 built for this test
    /// with every subject field, both SAN kinds and a challengePassword (only their CertificationRequestInfo is
    /// compared: OpenSSL's signature is random). Long vectors are base64, decoded by mscorlib's Convert (independent
    /// of the code under test, and shorter: nanoFramework keeps all string literals of an assembly in one 64 KB table).
    /// </summary>
    [TestClass]
    public class Pkcs10BuilderTests
    {
        // atecc608.md §13.6
        internal const string TngPublicKey =
            "C60BDCC94D5B1044D7F1A15E15A9504B88C466A78841A800DE20E0B407FC579F" +
            "1D386BE6392DFC9CD68CBAE9210FD6FBBE568B0535122739D1F2E7CB390DEB2F";

        internal const string TngSignature =
            "75EDAFEB2135E28135742B6CA69974030DB0617EC71CCF52F9D040A342A77B24" +
            "AC998FBD36B35B4AAC084056D5A8E3EED5105DFD90482BA50EBC022D690306AA";

        internal const string TngCsrBase64 =
            "MIHdMIGEAgEAMCIxIDAeBgNVBAMMF0hEOTYgRGV2aWNlIENTUiBFeGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExgvcyU1bEETX8aFeFalQS4jEZqeIQagA3iDgtAf8V58dOGvmOS38nNaMuukhD9b7vlaLBTUSJznR8ufLOQ3rL6AAMAoGCCqGSM49BAMCA0gAMEUCIHXtr+shNeKBNXQrbKaZdAMNsGF+xxzPUvnQQKNCp3skAiEArJmPvTazW0qsCEBW1ajj7tUQXf2QSCulDrwCLWkDBqo=";

        internal const string TngTbsSha256 = "03330FD8432A5F532BA24370F45884F7611CFEF2DF2CAECDE0D289B9D7113E79";

        // est.md §6.4
        internal const string OpenSslPublicKey =
            "96D3E1D2222D27D3C609CDE8EECDBE9CE0C56410F2CF307C68FE43AC27082A04" +
            "7824E536359EE6DDFFD2F1E261059CCAFE8D166A3B7C88F58F5A5F3977A21356";

        internal const string OpenSslSignature =
            "3BB02B54AB3785FA84146963C4C098F429983B5D41417395A91AEE4C50BC97B6" +
            "661D1376DBEC898767BC711C2BB96326AA4195BF3512082240A78F1DEB52BDA8";

        // OpenSSL 3.0.19: openssl req -new -key k.pem (this key) -subj as below
        //   -addext "subjectAltName=DNS:dev1.example,URI:urn:dev:ops:32473-Sensor-0123EE45"
        //   -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=clientAuth"
        //   with [attrs] challengePassword = s3cret-Pw; self-signature verified. Bytes 4..334 of its DER, base64.
        internal const string FullPublicKey =
            "14AB119FF6507FF159A2F54F942DE1DF8CA005A6CD0832663E9A3A89318EDA93" +
            "300ED2E10E268CFD6077F7063B27184ADC9FF6D729467BA1F6EB524237A95C51";

        internal const string FullRequestInfo =
            "MIIBRwIBADBYMQswCQYDVQQGEwJERTEVMBMGA1UECgwMQWNtZSBEZXZpY2VzMRAwDgYDVQQLDAdTZW5zb3JzMQ0wCwYDVQQDDARkZXYxMREwDwYDVQQFEwgwMTIzRUU0NTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBSrEZ/2UH/xWaL1T5Qt4d+MoAWmzQgyZj6aOokxjtqTMA7S4Q4mjP1gd/cGOycYStyf9tcpRnuh9utSQjepXFGggYwwGAYJKoZIhvcNAQkHMQsMCXMzY3JldC1QdzBwBgkqhkiG9w0BCQ4xYzBhMDoGA1UdEQQzMDGCDGRldjEuZXhhbXBsZYYhdXJuOmRldjpvcHM6MzI0NzMtU2Vuc29yLTAxMjNFRTQ1MA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAg==";

        // Same key, -subj /CN=dev1, only keyUsage, and a challengePassword longer than the extensionRequest: DER's
        // SET OF order puts the shorter attribute (extensionRequest) first. Bytes 4..221 of its DER, base64.
        internal const string LongPasswordRequestInfo =
            "MIHXAgEAMA8xDTALBgNVBAMMBGRldjEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQUqxGf9lB/8Vmi9U+ULeHfjKAFps0IMmY+mjqJMY7akzAO0uEOJoz9YHf3BjsnGErcn/bXKUZ7ofbrUkI3qVxRoGYwHwYJKoZIhvcNAQkOMRIwEDAOBgNVHQ8BAf8EBAMCB4AwQwYJKoZIhvcNAQkHMTYMNGEtdmVyeS1sb25nLWNoYWxsZW5nZS1wYXNzd29yZC0wMTIzNDU2Nzg5LWFiY2RlZmdoaWo=";

        internal const string LongPassword = "a-very-long-challenge-password-0123456789-abcdefghij";

        [TestMethod]
        public void Build_TngTlsChipCsr_IsTheFactSheetCsr()
        {
            var signer = new FixedSigner(Hex.Parse(TngPublicKey), Hex.Parse(TngSignature));
            var builder = new Pkcs10Builder(signer) { CommonName = "HD96 Device CSR Example", KeyUsageDigitalSignature = false };
            var output = new byte[300];

            int length = builder.Build(output, 0, output.Length);

            string base64 = Base64.ToBase64(output, 0, length, 0, false);
            Assert.AreEqual(224, length, "length");
            Assert.AreEqual(TngCsrBase64, base64, "base64");
            PkiAssert.Bytes(TngTbsSha256, signer.LastDigest, 0, 32);
            PkiAssert.Bytes("A000", output, 3 + 135 - 2, 2);
        }

        [TestMethod]
        public void Build_OpenSslCsr_IsTheFactSheetCsr()
        {
            var builder = OpenSslBuilder(new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature)));
            var output = new byte[400];

            int length = builder.Build(output, 7, 393);
            string pem = builder.BuildPem();

            Assert.AreEqual(284, length, "length");
            PkiAssert.Same(PemTests.OpenSslCsrDer(), 0, output, 7, 284);
            Assert.AreEqual(PemTests.OpenSslCsrPem(), pem, "PEM");
        }

        [TestMethod]
        public void Build_SignsSha256OfRequestInfo()
        {
            var signer = new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature));
            var output = new byte[400];

            OpenSslBuilder(signer).Build(output, 0, output.Length);

            int calls = signer.Calls;
            PkiAssert.Same(Sha256.Hash(PemTests.OpenSslCsrDer(), 4, 195), 0, signer.LastDigest, 0, 32);
            Assert.AreEqual(1, calls, "calls");
        }

        [TestMethod]
        public void Build_EveryField_MatchesOpenSsl()
        {
            var builder = FullBuilder(new FixedSigner(Hex.Parse(FullPublicKey), Hex.Parse(OpenSslSignature)));
            var output = new byte[500];

            int length = builder.Build(output, 0, output.Length);

            Assert.AreEqual(4 + 331 + 12 + 73, length, "length");
            PkiAssert.Bytes("308201A0", output, 0, 4);
            PkiAssert.Same(System.Convert.FromBase64String(FullRequestInfo), 0, output, 4, 331);
        }

        [TestMethod]
        public void Build_LongPassword_SortedAfterExtensions()
        {
            var signer = new FixedSigner(Hex.Parse(FullPublicKey), Hex.Parse(OpenSslSignature));
            var builder = new Pkcs10Builder(signer) { CommonName = "dev1", ChallengePassword = LongPassword };
            var output = new byte[400];

            builder.Build(output, 0, output.Length);

            PkiAssert.Same(System.Convert.FromBase64String(LongPasswordRequestInfo), 0, output, 4, 218);
        }

        [TestMethod]
        public void Build_Reused_SameBytesAndFollowsChanges()
        {
            var builder = OpenSslBuilder(new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature)));
            var first = new byte[300];
            var second = new byte[300];

            int length = builder.Build(first, 0, 300);
            int again = builder.Build(second, 0, 300);
            Assert.AreEqual(length, again, "length");
            PkiAssert.Same(first, 0, second, 0, length);

            builder.ClearSubjectAltNames();
            builder.KeyUsageDigitalSignature = false;
            builder.ExtendedKeyUsageClientAuth = false;
            int bare = builder.Build(second, 0, 300);
            Assert.AreEqual(203, bare, "bare");   // [0] shrinks from 81 bytes to A0 00: request info 195 → 115, header 4 → 3
        }

        [TestMethod]
        public void Build_ShortSignature_StillStartsAtOffset()
        {
            // r = s = 0: an 11-byte signature BIT STRING. The request info (195 bytes) + 87 bytes of worst-case
            // signature and algorithm need a 4-byte outer header, the real 218 bytes only 3: the builder closes the gap.
            var signer = new FixedSigner(Hex.Parse(OpenSslPublicKey), new byte[64]);
            var output = PkiAssert.Filled(300, 0xEE);

            int length = OpenSslBuilder(signer).Build(output, 5, 295);

            Assert.AreEqual(221, length, "length");
            PkiAssert.Bytes("EE3081DA", output, 4, 4);
            PkiAssert.Same(PemTests.OpenSslCsrDer(), 4, output, 8, 195 + 12);
            PkiAssert.Bytes("0309003006020100020100", output, 8 + 195 + 12, 11);
        }

        [TestMethod]
        public void Build_BelowMaxLength_TooLargeNoSigning()
        {
            var signer = new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature));
            var builder = OpenSslBuilder(signer);
            int max = builder.GetMaxLength();
            var output = PkiAssert.Filled(max - 1, 0xEE);

            PkiAssert.Throws(PkiError.TooLarge, () => builder.Build(output, 0, output.Length));

            int calls = signer.Calls;
            Assert.AreEqual(286, max, "max");   // 284 with a 71-byte signature; the longest signature is 73
            Assert.AreEqual(0, calls, "calls");
            PkiAssert.Untouched(output, 0xEE);
            int length = builder.Build(new byte[max], 0, max);
            Assert.AreEqual(284, length, "length");
        }

        [TestMethod]
        public void BuildBase64_IsTheEstBody()
        {
            var builder = OpenSslBuilder(new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature)));
            byte[] der = PemTests.OpenSslCsrDer();
            string expected = Base64.ToBase64(der, 0, der.Length, 64, true);
            var body = new byte[500];

            int length = builder.BuildBase64(body, 0, body.Length);

            Assert.AreEqual(expected.Length, length, "length");
            for (int i = 0; i < length; i++)
            {
                if (expected[i] != body[i])
                {
                    Assert.IsTrue(false, "character " + i);
                }
            }

            PkiAssert.Throws(PkiError.TooLarge, () => builder.BuildBase64(new byte[380], 0, 380));
        }

        [TestMethod]
        public void Build_EmptySubject_IsEmptyName()
        {
            var signer = new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature));
            var builder = new Pkcs10Builder(signer) { KeyUsageDigitalSignature = false };
            builder.AddUri("urn:dev:ops:32473-Sensor-1");
            var output = new byte[300];

            builder.Build(output, 0, output.Length);

            PkiAssert.Bytes("30819A 020100 3000 3059", output, 3, 10);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        public void Build_InvalidSetting_IsBadValue(int setting)
        {
            var signer = new FixedSigner(Hex.Parse(OpenSslPublicKey), Hex.Parse(OpenSslSignature));
            var builder = new Pkcs10Builder(signer);
            switch (setting)
            {
                case 0: builder.Country = "de"; break;
                case 1: builder.Country = "DEU"; break;
                case 2: builder.SerialNumber = "0123_EE"; break;
                case 3: builder.CommonName = string.Empty; break;
                case 4: builder.CommonName = new string('x', 65); break;
                default: builder.ChallengePassword = new string('p', 256); break;
            }

            var output = PkiAssert.Filled(400, 0xEE);

            PkiAssert.Throws(PkiError.BadValue, () => builder.Build(output, 0, 400));

            int calls = signer.Calls;
            PkiAssert.Untouched(output, 0xEE);
            Assert.AreEqual(0, calls, "calls");
        }

        [TestMethod]
        public void AltNames_CheckedWhenAdded()
        {
            var builder = new Pkcs10Builder(new FixedSigner(new byte[64], new byte[64]));

            PkiAssert.Throws(PkiError.Unsupported, () => builder.AddDnsName("d\u00E9v.example"));
            PkiAssert.Throws(PkiError.Unsupported, () => builder.AddUri("urn:with space"));
            PkiAssert.Throws(PkiError.BadValue, () => builder.AddDnsName(string.Empty));
            for (int i = 0; i < Pkcs10Builder.MaxSubjectAltNames; i++)
            {
                builder.AddDnsName("n" + i + ".example");
            }

            PkiAssert.Throws(PkiError.TooLarge, () => builder.AddUri("urn:one-too-many"));
            int count = builder.SubjectAltNameCount;
            Assert.AreEqual(Pkcs10Builder.MaxSubjectAltNames, count, "count");
        }

        [TestMethod]
        [DataRow(65, 64, 9)]
        [DataRow(64, 63, 7)]
        [DataRow(64, -1, 7)]
        public void Build_MisbehavingSigner_IsRefused(int publicKeyLength, int signatureLength, int error)
        {
            byte[] signature = signatureLength < 0 ? null : new byte[signatureLength];
            var builder = new Pkcs10Builder(new FixedSigner(new byte[publicKeyLength], signature));

            PkiAssert.Throws((PkiError)error, () => builder.Build(new byte[400], 0, 400));
        }

        internal static Pkcs10Builder OpenSslBuilder(IDigestSigner signer)
        {
            var builder = new Pkcs10Builder(signer) { CommonName = "dev1", ExtendedKeyUsageClientAuth = true };
            builder.AddDnsName("dev1.example");
            return builder;
        }

        internal static Pkcs10Builder FullBuilder(IDigestSigner signer)
        {
            var builder = new Pkcs10Builder(signer)
            {
                Country = "DE",
                Organization = "Acme Devices",
                OrganizationalUnit = "Sensors",
                CommonName = "dev1",
                SerialNumber = "0123EE45",
                ExtendedKeyUsageClientAuth = true,
                ChallengePassword = "s3cret-Pw",
            };
            builder.AddDnsName("dev1.example");
            builder.AddUri("urn:dev:ops:32473-Sensor-0123EE45");
            return builder;
        }
    }
}
