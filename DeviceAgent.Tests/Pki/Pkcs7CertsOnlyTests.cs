using System.Collections;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// Certs-only PKCS#7 as servers emit it (facts/est.md §8): OpenSSL's <c>crl2pkcs7 -nocrl</c> output, and
    /// hand-made Go-style (empty <c>crls</c>) and BouncyCastle-style (BER indefinite lengths) variants.
    /// </summary>
    [TestClass]
    public class Pkcs7CertsOnlyTests
    {
        private const string SignedDataOid = "06 09 2A 86 48 86 F7 0D 01 07 02";
        private const string EncapsulatedIdData = "30 0B 06 09 2A 86 48 86 F7 0D 01 07 01";

        [TestMethod]
        public void Parse_OpenSslOneCertificate_FindsTheLeaf()
        {
            byte[] p7 = PkiFixtures.Pkcs7One();
            byte[] leaf = PkiFixtures.Leaf();

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

            Assert.AreEqual(1, bundle.Count);
            Assert.AreEqual(leaf.Length, bundle.GetCertificateLength(0));
            Assert.AreEqual(Hex.Format(leaf, 0, leaf.Length), Hex.Format(p7, bundle.GetCertificateOffset(0), leaf.Length));
            Assert.AreEqual("device-0001", bundle.GetCertificate(0).Subject.CommonName);
        }

        [TestMethod]
        public void Parse_OpenSslThreeCertificates_InBundleOrder()
        {
            byte[] p7 = PkiFixtures.Pkcs7Three();

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);
            ArrayList certificates = bundle.ParseCertificates();

            Assert.AreEqual(3, bundle.Count);
            Assert.AreEqual("device-0001", ((Certificate)certificates[0]).Subject.CommonName);
            Assert.AreEqual("Example Issuing CA", ((Certificate)certificates[1]).Subject.CommonName);
            Assert.AreEqual("Example Root CA", ((Certificate)certificates[2]).Subject.CommonName);
            Assert.IsTrue(((Certificate)certificates[2]).RawEquals(Certificate.Parse(PkiFixtures.Root())));
        }

        [TestMethod]
        public void Parse_HandMadeDer_EqualsOpenSslBytes()
        {
            // Checks the builder below against OpenSSL's encoding, so the variants differ only where intended.
            byte[] made = Bundle(Tlv.Make(0xA0, Leaf()), new byte[0], false);

            Assert.AreEqual(PkiFixtures.Pkcs7One().Length, made.Length);
            Assert.AreEqual(Hex.Format(PkiFixtures.Pkcs7One(), 0, made.Length), Hex.Format(made, 0, made.Length));
        }

        [TestMethod]
        public void Parse_EmptyCrlsLikeGo_Accepted()
        {
            byte[] p7 = Bundle(Tlv.Make(0xA0, Tlv.Concat(Leaf(), Root())), Hex.Parse("A1 00"), false);

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

            Assert.AreEqual(2, bundle.Count);
            Assert.AreEqual("Example Root CA", bundle.GetCertificate(1).Subject.CommonName);
        }

        [TestMethod]
        public void Parse_BerIndefiniteLikeBouncyCastle_Accepted()
        {
            byte[] p7 = Bundle(Tlv.Indefinite(0xA0, Tlv.Concat(Leaf(), Issuing(), Root())), new byte[0], true);
            Assert.AreEqual(0x80, (int)p7[1]);

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

            Assert.AreEqual(3, bundle.Count);
            Assert.AreEqual("Example Issuing CA", bundle.GetCertificate(1).Subject.CommonName);
            Assert.AreEqual(Leaf().Length, bundle.GetCertificateLength(0));
        }

        [TestMethod]
        public void Parse_BerWithCrlsAndOtherCertificateChoices_SkipsThem()
        {
            // [1] (an attribute certificate choice) between the certificates, a non-empty crls [1] with a fake CRL.
            byte[] other = Hex.Parse("A1 03 02 01 00");
            byte[] crls = Tlv.Make(0xA1, Hex.Parse("30 03 02 01 00"));
            byte[] p7 = Bundle(Tlv.Indefinite(0xA0, Tlv.Concat(Leaf(), other, Root())), crls, true);

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

            Assert.AreEqual(2, bundle.Count);
            Assert.AreEqual("Example Root CA", bundle.GetCertificate(1).Subject.CommonName);
        }

        [TestMethod]
        public void Parse_NoCertificatesField_CountZero()
        {
            byte[] p7 = Bundle(new byte[0], new byte[0], false);

            Assert.AreEqual(0, Pkcs7CertsOnly.Parse(p7).Count);
        }

        [TestMethod]
        public void Parse_NotSignedData_IsUnsupported()
        {
            byte[] p7 = Tlv.Patch(PkiFixtures.Pkcs7One(), SignedDataOid, "06 09 2A 86 48 86 F7 0D 01 07 01");

            Attempt.Failed(PkiError.Unsupported, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_VersionZero_IsBadValue()
        {
            byte[] p7 = Tlv.Patch(PkiFixtures.Pkcs7One(), "02 01 01 31 00", "02 01 00 31 00");

            Attempt.Failed(PkiError.BadValue, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_TrailingGarbage_IsTrailingData()
        {
            byte[] p7 = Tlv.Concat(PkiFixtures.Pkcs7One(), new byte[] { 0x00 });

            Attempt.Failed(PkiError.TrailingData, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_EveryTruncation_IsPkiException()
        {
            byte[] p7 = PkiFixtures.Pkcs7Three();
            byte[] ber = Bundle(Tlv.Indefinite(0xA0, Tlv.Concat(Leaf(), Root())), new byte[0], true);
            AllPrefixesRejected(p7);
            AllPrefixesRejected(ber);
        }

        [TestMethod]
        public void Parse_IndefiniteLengthInsideACertificate_IsRejected()
        {
            byte[] leaf = Leaf();
            byte[] berLeaf = Tlv.Indefinite(0x30, Sub(leaf, 4, leaf.Length - 4));
            byte[] p7 = Bundle(Tlv.Make(0xA0, berLeaf), new byte[0], true);

            Attempt.Failed(PkiError.IndefiniteLength, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_MoreCertificatesThanBound_IsTooLarge()
        {
            byte[] certs = new byte[0];
            for (int i = 0; i <= Pkcs7CertsOnly.MaxCertificates; i++)
            {
                certs = Tlv.Concat(certs, Hex.Parse("30 00"));
            }

            byte[] p7 = Bundle(Tlv.Make(0xA0, certs), new byte[0], false);
            Attempt.Failed(PkiError.TooLarge, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_MissingSignerInfos_IsTruncated()
        {
            byte[] content = Tlv.Concat(Hex.Parse("02 01 01 31 00"), Hex.Parse(EncapsulatedIdData), Tlv.Make(0xA0, Leaf()));
            byte[] p7 = Tlv.Make(0x30, Tlv.Concat(Hex.Parse(SignedDataOid), Tlv.Make(0xA0, Tlv.Make(0x30, content))));

            Attempt.Failed(PkiError.Truncated, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_DeeplyNestedBer_IsTooDeep()
        {
            byte[] inner = new byte[0];
            for (int i = 0; i < 12; i++)
            {
                inner = Tlv.Indefinite(0x30, inner);
            }

            byte[] p7 = Bundle(Tlv.Indefinite(0xA0, inner), new byte[0], true);

            Attempt.Failed(PkiError.TooDeep, Attempt.ParsePkcs7(p7, p7.Length));
        }

        [TestMethod]
        public void Parse_HeapUse_ProportionalToTheInput()
        {
            byte[] p7 = PkiFixtures.Pkcs7Three();
            nanoFramework.Runtime.Native.GC.Run(true);
            long before = nanoFramework.Runtime.Native.GC.Run(true);

            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);
            ArrayList certificates = bundle.ParseCertificates();

            long used = before - nanoFramework.Runtime.Native.GC.Run(true);
            OutputHelper.WriteLine("PKCS#7 of " + p7.Length + " bytes, 3 certificates: heap held " + used + " bytes");
            Assert.AreEqual(3, certificates.Count);
            // Measured 4704 bytes on this 64-bit host (object headers and fields cost about half on the ESP32):
            // the bundle's ranges, three Certificate objects with their Names, keys, signatures and SAN strings.
            Assert.IsTrue(used <= (3 * p7.Length) + 1024, "heap held " + used + " bytes");
        }

        private static void AllPrefixesRejected(byte[] p7)
        {
            for (int length = 0; length < p7.Length; length++)
            {
                Assert.IsNotNull(Attempt.ParsePkcs7(p7, length), "cut to " + length);
            }
        }

        // ContentInfo { signedData, [0] { SignedData { 1, {}, { id-data }, certificates, crls, {} } } }, DER or with
        // the indefinite lengths BouncyCastle puts on ContentInfo, [0] and SignedData.
        private static byte[] Bundle(byte[] certificatesField, byte[] crlsField, bool indefinite)
        {
            byte[] content = Tlv.Concat(Hex.Parse("02 01 01 31 00"), Hex.Parse(EncapsulatedIdData), certificatesField,
                Tlv.Concat(crlsField, Hex.Parse("31 00")));
            byte[] signedData = indefinite ? Tlv.Indefinite(0x30, content) : Tlv.Make(0x30, content);
            byte[] explicitContent = indefinite ? Tlv.Indefinite(0xA0, signedData) : Tlv.Make(0xA0, signedData);
            byte[] contentInfo = Tlv.Concat(Hex.Parse(SignedDataOid), explicitContent);
            return indefinite ? Tlv.Indefinite(0x30, contentInfo) : Tlv.Make(0x30, contentInfo);
        }

        private static byte[] Leaf()
        {
            return PkiFixtures.Leaf();
        }

        private static byte[] Issuing()
        {
            return PkiFixtures.Issuing();
        }

        private static byte[] Root()
        {
            return PkiFixtures.Root();
        }

        private static byte[] Sub(byte[] data, int offset, int length)
        {
            var part = new byte[length];
            System.Array.Copy(data, offset, part, 0, length);
            return part;
        }
    }
}
