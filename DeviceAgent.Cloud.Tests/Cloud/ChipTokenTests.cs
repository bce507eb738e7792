using System;
using DeviceAgent.Cloud;
using DeviceAgent.Tests.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>The chip-signed MQTT password; expected values from Python's base64 and hashlib.</summary>
    [TestClass]
    public class ChipTokenTests
    {
        private static FixedSigner Signer()
        {
            var signature = new byte[64];
            for (int i = 0; i < signature.Length; i++)
            {
                signature[i] = (byte)(i + 1);
            }

            return new FixedSigner(new byte[64], signature);
        }

        [TestMethod]
        public void Build_Format_AndSignedPrefix()
        {
            FixedSigner signer = Signer();

            byte[] token = ChipToken.Build("dev1", 1782907200, new byte[] { 1, 2, 3, 4 }, signer);

            Assert.AreEqual("dev1.1782907200.AQIDBA.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_QA", Text.Of(token));
            Assert.AreEqual("4A 07 5A 1E 51 E6 60 65 BB 13 E4 3A 4B EC 61 98 C8 41 AD 3C FB 50 5C EB A3 B9 87 DB 1C 15 0E 9D", Hex.Format(signer.LastDigest, 0, 32), "sha256");
            Assert.AreEqual(1, signer.Calls, "one signature");
        }

        [TestMethod]
        public void Build_UsesTheUrlAlphabetWithoutPadding()
        {
            string token = Text.Of(ChipToken.Build("d", 0, new byte[] { 0xFB, 0xFF }, Signer()));

            Assert.IsTrue(token.IndexOf("d.0.-_8.") == 0, token);
            Assert.AreEqual(-1, token.IndexOf("="), "no padding");
        }

        [TestMethod]
        public void UrlLength_MatchesRfc4648WithoutPadding()
        {
            Assert.AreEqual(0, ChipToken.UrlLength(0), "0");
            Assert.AreEqual(2, ChipToken.UrlLength(1), "1");
            Assert.AreEqual(3, ChipToken.UrlLength(2), "2");
            Assert.AreEqual(4, ChipToken.UrlLength(3), "3");
            Assert.AreEqual(86, ChipToken.UrlLength(64), "64");
            Assert.AreEqual(134, ChipToken.UrlLength(100), "100");
        }

        [TestMethod]
        public void Build_RefusesBadInputs()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => ChipToken.Build("a/b", 0, new byte[1], Signer()), "id");
            Assert.ThrowsException(typeof(ArgumentException), () => ChipToken.Build("a", 0, new byte[ChipToken.MaxCertificateLength + 1], Signer()), "cert");
            Assert.ThrowsException(typeof(ArgumentException), () => ChipToken.Build("a", 0, new byte[1], new FixedSigner(new byte[64], new byte[63])), "sig");
        }
    }
}
