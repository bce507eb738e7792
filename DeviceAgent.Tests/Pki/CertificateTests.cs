using System;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>X.509 parsing of OpenSSL-issued certificates (<see cref="PkiFixtures"/>) and of hand-broken variants.</summary>
    [TestClass]
    public class CertificateTests
    {
        [TestMethod]
        public void Parse_OpenSslLeaf_ReportsEveryField()
        {
            byte[] der = PkiFixtures.Leaf();
            Certificate c = Certificate.Parse(der);

            Assert.AreEqual(3, c.Version);
            Assert.AreEqual(0, c.Offset);
            Assert.AreEqual(der.Length, c.Length);
            Assert.AreEqual(4, c.TbsOffset);
            Assert.AreEqual(508, c.TbsLength);
            Assert.AreEqual("00 8A 1B 2C 3D 4E 5F 60 71", Hex.Format(c.GetSerialNumber(), 0, c.SerialNumberLength));
            Assert.AreEqual((int)SignatureAlgorithm.EcdsaWithSha256, (int)c.SignatureAlgorithm);

            Assert.AreEqual("Example Issuing CA", c.Issuer.CommonName);
            Assert.AreEqual("Example Devices", c.Issuer.Organization);
            Assert.AreEqual("US", c.Issuer.Country);
            Assert.IsNull(c.Issuer.OrganizationalUnit);
            Assert.AreEqual("device-0001", c.Subject.CommonName);
            Assert.AreEqual("Sensors", c.Subject.OrganizationalUnit);
            Assert.AreEqual("SN0001", c.Subject.SerialNumber);
            Assert.AreEqual("serialNumber=SN0001, CN=device-0001, OU=Sensors, O=Example Devices, C=US", c.Subject.ToString());
            Assert.IsFalse(c.IsSelfIssued);

            AssertUtc(2026, 11, 27, 4, 14, 3, c.NotBefore);
            AssertUtc(2027, 11, 27, 4, 14, 3, c.NotAfter);

            Assert.AreEqual((int)PublicKeyAlgorithm.EcP256, (int)c.PublicKeyAlgorithm);
            Assert.AreEqual(
                "47 48 1D A2 E3 40 A0 2E 5A 5A 2F 48 01 84 9A 15 F7 C2 68 B3 BE D8 D8 AF FF 46 D0 EC 45 6F 0B F1 "
                + "23 F2 18 49 A3 1E 33 D0 91 39 FE 02 1E 0A A9 CB 06 31 7D 74 F8 33 5D 1C 1E 0D F3 31 C2 8F 08 27",
                Hex.Format(c.PublicKey, 0, 64));
            Assert.AreEqual(91, c.SubjectPublicKeyInfoLength);
            Assert.AreEqual(
                "8E E8 30 A8 61 6A DE 46 E9 F8 5C FA 27 E2 FC D3 BB F1 34 F0 CB 74 16 FB 11 AA 1A 95 19 40 37 CF "
                + "38 64 3C 07 59 15 C2 55 B1 35 3B 45 EF A2 A7 BD 33 38 C2 AA 41 7A 62 5E C2 4A F5 89 72 D8 58 E0",
                Hex.Format(c.Signature, 0, 64));

            Assert.IsTrue(c.HasBasicConstraints);
            Assert.IsFalse(c.IsCertificateAuthority);
            Assert.AreEqual(-1, c.PathLengthConstraint);
            Assert.IsTrue(c.HasKeyUsage);
            Assert.AreEqual((int)X509KeyUsage.DigitalSignature, (int)c.KeyUsage);
            Assert.IsTrue(c.HasExtendedKeyUsage);
            Assert.IsTrue(c.HasClientAuth);
            Assert.IsFalse(c.HasServerAuth);
            Assert.AreEqual("30 0A 06 08 2B 06 01 05 05 07 03 02", Hex.Format(der, c.ExtendedKeyUsageOffset, c.ExtendedKeyUsageLength));
            Assert.IsTrue(c.HasSubjectAltName);
            Assert.AreEqual(1, c.DnsNames.Count);
            Assert.AreEqual("device-0001.example.com", (string)c.DnsNames[0]);
            Assert.AreEqual(1, c.Uris.Count);
            Assert.AreEqual("urn:example:device:0001", (string)c.Uris[0]);
            Assert.AreEqual("B7 09 95 FE E0 FD 24 6A C6 7A 94 94 A8 F5 41 FA E0 71 36 E6", Hex.Format(c.GetSubjectKeyIdentifier(), 0, 20));
            Assert.AreEqual("8B F0 FC 39 BA 09 33 7B EF 99 B4 66 13 FC 41 D1 DE CF 66 CA", Hex.Format(c.GetAuthorityKeyIdentifier(), 0, 20));
        }

        [TestMethod]
        public void Parse_OpenSslRoot_IsSelfIssuedCaWithoutAki()
        {
            Certificate c = Certificate.Parse(PkiFixtures.Root());

            Assert.AreEqual("01", Hex.Format(c.GetSerialNumber(), 0, c.SerialNumberLength));
            Assert.AreEqual("Example Root CA", c.Subject.CommonName);
            Assert.IsTrue(c.IsSelfIssued);
            Assert.IsTrue(c.Subject.RawEquals(c.Issuer));
            Assert.IsTrue(c.IsCertificateAuthority);
            Assert.AreEqual(-1, c.PathLengthConstraint);
            Assert.AreEqual((int)(X509KeyUsage.KeyCertSign | X509KeyUsage.CrlSign), (int)c.KeyUsage);
            Assert.IsFalse(c.HasExtendedKeyUsage);
            Assert.IsFalse(c.HasSubjectAltName);
            Assert.IsNull(c.DnsNames);
            Assert.AreEqual("EF 16 29 F9 70 9D 75 23 26 9F 8F AD 43 31 A8 8F D3 A0 04 57", Hex.Format(c.GetSubjectKeyIdentifier(), 0, 20));
            Assert.IsNull(c.GetAuthorityKeyIdentifier());
            AssertUtc(2026, 11, 27, 4, 14, 2, c.NotBefore);
            AssertUtc(2046, 11, 22, 4, 14, 2, c.NotAfter);
        }

        [TestMethod]
        public void Parse_OpenSslIssuingCa_HasPathLengthZeroAndRootAki()
        {
            Certificate issuing = Certificate.Parse(PkiFixtures.Issuing());
            Certificate root = Certificate.Parse(PkiFixtures.Root());

            Assert.IsTrue(issuing.IsCertificateAuthority);
            Assert.AreEqual(0, issuing.PathLengthConstraint);
            Assert.IsTrue(issuing.Issuer.RawEquals(root.Subject));
            Assert.AreEqual(Hex.Format(root.GetSubjectKeyIdentifier(), 0, 20), Hex.Format(issuing.GetAuthorityKeyIdentifier(), 0, 20));
        }

        [TestMethod]
        public void Parse_CertificateWithoutExtensions_HasNone()
        {
            Certificate c = Certificate.Parse(PkiFixtures.IssuedByLeaf());

            Assert.AreEqual("issued-by-leaf", c.Subject.CommonName);
            Assert.AreEqual("device-0001", c.Issuer.CommonName);
            Assert.IsFalse(c.HasBasicConstraints);
            Assert.IsFalse(c.HasKeyUsage);
            Assert.AreEqual((int)X509KeyUsage.None, (int)c.KeyUsage);
            Assert.AreEqual(-1, c.SubjectKeyIdentifierLength);
        }

        [TestMethod]
        public void Parse_RsaRoot_ParsesWithRsaAlgorithmAndNoP256Key()
        {
            Certificate c = Certificate.Parse(PkiFixtures.RsaRoot());

            Assert.AreEqual((int)SignatureAlgorithm.Sha256WithRsaEncryption, (int)c.SignatureAlgorithm);
            Assert.AreEqual((int)PublicKeyAlgorithm.Rsa, (int)c.PublicKeyAlgorithm);
            Assert.IsNull(c.PublicKey);
            Assert.IsNull(c.Signature);
            Assert.AreEqual("Example RSA Root", c.Subject.CommonName);
            Assert.IsTrue(c.IsCertificateAuthority);
        }

        [TestMethod]
        public void Parse_InsideALargerBuffer_SlicesPointIntoIt()
        {
            byte[] leaf = PkiFixtures.Leaf();
            byte[] buffer = Tlv.Concat(new byte[7], leaf, new byte[3]);

            Certificate c = Certificate.Parse(buffer, 7, leaf.Length);

            Assert.AreEqual(7, c.Offset);
            Assert.AreEqual(11, c.TbsOffset);
            Assert.AreEqual("device-0001", c.Subject.CommonName);
            Assert.IsTrue(c.RawEquals(Certificate.Parse(leaf)));
        }

        [TestMethod]
        public void Parse_UnknownCriticalExtension_IsUnsupported()
        {
            // keyUsage (critical) renamed to 2.5.29.127.
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "06 03 55 1D 0F 01 01 FF", "06 03 55 1D 7F 01 01 FF");

            Attempt.Failed(PkiError.Unsupported, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_UnknownNonCriticalExtension_IsSkipped()
        {
            // extendedKeyUsage (not critical) renamed to 2.5.29.126.
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "06 03 55 1D 25", "06 03 55 1D 7E");

            Certificate c = Certificate.Parse(der);
            Assert.IsFalse(c.HasExtendedKeyUsage);
            Assert.IsFalse(c.HasClientAuth);
        }

        [TestMethod]
        public void Parse_SameExtensionTwice_IsBadValue()
        {
            // extendedKeyUsage renamed to keyUsage: a second keyUsage.
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "06 03 55 1D 25", "06 03 55 1D 0F");

            Attempt.Failed(PkiError.BadValue, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_CriticalNotDerBoolean_IsBadValue()
        {
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "06 03 55 1D 0F 01 01 FF", "06 03 55 1D 0F 01 01 01");

            Attempt.Failed(PkiError.BadValue, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_OuterAlgorithmDiffersFromTbs_IsBadValue()
        {
            byte[] der = PkiFixtures.Leaf();
            // The second ecdsa-with-SHA256 OID is the outer signatureAlgorithm: make it ecdsa-with-SHA384.
            byte[] oid = Hex.Parse("06 08 2A 86 48 CE 3D 04 03 02");
            int first = Tlv.IndexOf(der, oid);
            byte[] rest = new byte[der.Length - first - 1];
            Array.Copy(der, first + 1, rest, 0, rest.Length);
            int second = first + 1 + Tlv.IndexOf(rest, oid);
            der[second + oid.Length - 1] = 0x03;

            Attempt.Failed(PkiError.BadValue, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_UnknownVersion_IsUnsupported()
        {
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "A0 03 02 01 02", "A0 03 02 01 05");

            Attempt.Failed(PkiError.Unsupported, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_TrailingByte_IsTrailingData()
        {
            byte[] der = Tlv.Concat(PkiFixtures.Leaf(), new byte[1]);

            Attempt.Failed(PkiError.TrailingData, Attempt.ParseCertificate(der, der.Length));
        }

        [TestMethod]
        public void Parse_EveryTruncation_IsPkiException()
        {
            byte[] der = PkiFixtures.Leaf();
            for (int length = 0; length < der.Length; length++)
            {
                Assert.IsNotNull(Attempt.ParseCertificate(der, length), "cut to " + length);
            }
        }

        [TestMethod]
        public void Parse_LargerThanBound_IsTooLarge()
        {
            var big = new byte[Certificate.MaxEncodedLength + 1];

            Attempt.Failed(PkiError.TooLarge, Attempt.ParseCertificate(big, big.Length));
        }

        [TestMethod]
        public void Parse_TbsMutatedInAName_StillParses()
        {
            // The chain tests use such a certificate: well-formed, but its signature no longer matches.
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "64 65 76 69 63 65 2D 30 30 30 31", "64 65 76 69 63 65 2D 30 30 30 32");

            Assert.AreEqual("device-0002", Certificate.Parse(der).Subject.CommonName);
        }

        [TestMethod]
        public void EcdsaSignatureDecoder_LeafSignature_GivesPaddedRs()
        {
            byte[] der = PkiFixtures.Leaf();
            Certificate c = Certificate.Parse(der);

            byte[] rs = EcdsaSignatureDecoder.Decode(der, c.SignatureValueOffset, c.SignatureValueLength, 32);

            Assert.AreEqual(Hex.Format(c.Signature, 0, 64), Hex.Format(rs, 0, 64));
        }

        [TestMethod]
        [DataRow("30 06 02 01 01 02 01 02", "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")]
        public void EcdsaSignatureDecoder_ShortComponents_LeftPadded(string hex, string r)
        {
            byte[] data = Hex.Parse(hex);

            byte[] rs = EcdsaSignatureDecoder.Decode(data, 0, data.Length, 32);

            Assert.AreEqual(r, Hex.Format(rs, 0, 32));
            Assert.AreEqual(2, (int)rs[63]);
        }

        // error: 2 = UnexpectedTag, 6 = TrailingData, 7 = BadValue
        [TestMethod]
        [DataRow("30 06 02 01 00 02 01 02", 7)]
        [DataRow("30 06 02 01 81 02 01 02", 7)]
        [DataRow("30 07 02 02 00 01 02 01 02", 7)]
        [DataRow("30 08 02 01 01 02 01 02 05 00", 6)]
        [DataRow("30 06 02 01 01 02 01 02 00", 6)]
        [DataRow("31 06 02 01 01 02 01 02", 2)]
        public void EcdsaSignatureDecoder_Malformed_IsRejected(string hex, int error)
        {
            byte[] data = Hex.Parse(hex);

            Attempt.Failed((PkiError)error, Attempt.DecodeSignature(data));
        }

        [TestMethod]
        public void EcdsaSignatureDecoder_ComponentWiderThanCurve_IsUnsupported()
        {
            byte[] r = Tlv.Make(0x02, Tlv.Concat(new byte[] { 0x01 }, new byte[32]));
            byte[] data = Tlv.Make(0x30, Tlv.Concat(r, Hex.Parse("02 01 01")));

            Attempt.Failed(PkiError.Unsupported, Attempt.DecodeSignature(data));
        }

        private static void AssertUtc(int year, int month, int day, int hour, int minute, int second, DateTime time)
        {
            Assert.AreEqual(new DateTime(year, month, day, hour, minute, second).Ticks, time.Ticks);
        }
    }
}
