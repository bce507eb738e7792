using DeviceAgent.Tests;
using Atecc608Driver;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// CRC-16 vectors from facts/atecc608.md §2.3 and §13: real chip traces (wake reply, Read of config block 0,
    /// a real ATSHA204 status reply) and values computed with the published algorithm.
    /// </summary>
    [TestClass]
    public class Crc16Tests
    {
        [TestMethod]
        [DataRow("04 11", "33 43")]            // wake reply, real traces
        [DataRow("04 00", "03 40")]
        [DataRow("04 0F", "23 42")]            // real ATSHA204 execution-error reply
        [DataRow("07 02 80 00 00", "09 AD")]   // Read config block 0, real trace
        [DataRow("07 30 00 00 00", "03 5D")]   // Info revision
        [DataRow("07 1B 00 00 00", "24 CD")]   // Random
        [DataRow("07 00 00 60 02", "80 38")]   // Info reply, 608A
        [DataRow("07 00 00 60 03", "83 BB")]   // Info reply, 608B
        [DataRow("04 01", "00 C3")]
        [DataRow("04 EE", "31 41")]
        [DataRow("04 FF", "01 42")]
        [DataRow("31 32 33 34 35 36 37 38 39", "DD BC")]   // check string "123456789"
        public void Append_WritesPublishedCrcLowByteFirst(string data, string crc)
        {
            byte[] input = Hex.Parse(data);
            var framed = new byte[input.Length + 2];
            System.Array.Copy(input, framed, input.Length);

            Crc16.Append(framed, 0, input.Length);

            Assert.AreEqual(crc, Hex.Format(framed, input.Length, 2));
            Assert.IsTrue(Crc16.Matches(framed, 0, input.Length));
        }

        [TestMethod]
        public void Compute_OverEmptyRange_IsInitialValueZero()
        {
            Assert.AreEqual((ushort)0, Crc16.Compute(new byte[3], 1, 0));
        }

        [TestMethod]
        public void Compute_RespectsOffset()
        {
            byte[] framed = Hex.Parse("AA 55 04 11 99");
            Assert.AreEqual((ushort)0x4333, Crc16.Compute(framed, 2, 2));
        }

        [TestMethod]
        public void Compute_RealTngTlsConfigZone_MatchesFactSheet()
        {
            // facts/atecc608.md §13.3: the 128-byte config zone of a real ATECC608A-TNGTLS; CRC "61 E8".
            byte[] config = Hex.Parse(
                "01 23 CF E1 00 00 60 02 EF 17 F0 B0 01 01 29 00 6A 00 00 01 85 00 82 00 85 20 85 20 85 20 8F 46 " +
                "8F 0F 9F 8F 0F 0F 8F 0F 0F 8F 0F 8F 0F 8F 0F 0F 0D 1F 0F 0F FF FF FF FF 00 00 00 00 FF FF FF FF " +
                "00 00 00 00 00 00 03 F7 00 69 76 00 00 00 00 00 00 00 00 00 00 00 00 00 FF FF 0E 60 00 00 00 00 " +
                "53 00 53 00 73 00 73 00 73 00 38 00 7C 00 1C 00 3C 00 1A 00 1C 00 10 00 1C 00 30 00 12 00 30 00");
            Assert.AreEqual(128, config.Length);

            Assert.AreEqual((ushort)0xE861, Crc16.Compute(config, 0, config.Length));
        }

        [TestMethod]
        public void Matches_FlippedBit_IsFalse()
        {
            byte[] reply = Hex.Parse("04 11 33 43");
            reply[2] ^= 0x01;
            Assert.IsFalse(Crc16.Matches(reply, 0, 2));
        }

        [TestMethod]
        public void Compute_RangeOutsideBuffer_Throws()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Crc16.Compute(new byte[4], 3, 2));
        }
    }
}
