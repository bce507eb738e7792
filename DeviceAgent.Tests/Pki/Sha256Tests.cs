using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>SHA-256 against the FIPS 180-2 / NIST CSRC example vectors.</summary>
    [TestClass]
    public class Sha256Tests
    {
        [TestMethod]
        [DataRow("", "E3 B0 C4 42 98 FC 1C 14 9A FB F4 C8 99 6F B9 24 27 AE 41 E4 64 9B 93 4C A4 95 99 1B 78 52 B8 55")]
        [DataRow("abc", "BA 78 16 BF 8F 01 CF EA 41 41 40 DE 5D AE 22 23 B0 03 61 A3 96 17 7A 9C B4 10 FF 61 F2 00 15 AD")]
        [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "24 8D 6A 61 D2 06 38 B8 E5 C0 26 93 0C 3E 60 39 A3 3C E4 59 64 FF 21 67 F6 EC ED D4 19 DB 06 C1")]
        [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "CF 5B 16 A7 78 AF 83 80 03 6C E5 9E 7B 04 92 37 0B 24 9B 11 E8 F0 7A 51 AF AC 45 03 7A FE E9 D1")]
        public void Hash_NistVectors(string message, string digest)
        {
            byte[] data = Ascii(message);

            Assert.AreEqual(digest, Hex.Format(Sha256.Hash(data, 0, data.Length), 0, 32));
        }

        [TestMethod]
        public void Hash_MillionA_NistVector()
        {
            var hasher = new Sha256();
            var chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)'a';
            }

            for (int i = 0; i < 1000; i++)
            {
                hasher.Update(chunk, 0, chunk.Length);
            }

            var digest = new byte[32];
            hasher.Final(digest, 0);

            Assert.AreEqual("CD C7 6E 5C 99 14 FB 92 81 A1 C7 E2 84 D7 3E 67 F1 80 9A 48 A4 97 20 0E 04 6D 39 CC C7 11 2C D0", Hex.Format(digest, 0, 32));
        }

        [TestMethod]
        public void Update_InPiecesOfAnySize_EqualsOneShot()
        {
            byte[] data = Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq0123456789-padding-across-blocks");
            byte[] expected = Sha256.Hash(data, 0, data.Length);
            var hasher = new Sha256();
            for (int piece = 1; piece < 70; piece += 7)
            {
                for (int i = 0; i < data.Length; i += piece)
                {
                    hasher.Update(data, i, i + piece > data.Length ? data.Length - i : piece);
                }

                var digest = new byte[32];
                hasher.Final(digest, 0);
                Assert.AreEqual(Hex.Format(expected, 0, 32), Hex.Format(digest, 0, 32), "piece " + piece);
            }
        }

        [TestMethod]
        [DataRow(55)]
        [DataRow(56)]
        [DataRow(63)]
        [DataRow(64)]
        public void Final_AtPaddingBoundaries_DiffersPerLength(int length)
        {
            var data = new byte[length + 1];
            string shorter = Hex.Format(Sha256.Hash(data, 0, length), 0, 32);
            string longer = Hex.Format(Sha256.Hash(data, 0, length + 1), 0, 32);

            Assert.AreNotEqual(shorter, longer);
        }

        internal static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
