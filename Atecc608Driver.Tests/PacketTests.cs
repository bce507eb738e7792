using DeviceAgent.Tests;
using System;
using Atecc608Driver;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// Command framing and response checking against the frames of facts/atecc608.md §13.1–13.2.
    /// </summary>
    [TestClass]
    public class PacketTests
    {
        [TestMethod]
        [DataRow((byte)0x30, (byte)0x00, 0x0000, "03 07 30 00 00 00 03 5D")]   // Info revision
        [DataRow((byte)0x1B, (byte)0x00, 0x0000, "03 07 1B 00 00 00 24 CD")]   // Random
        [DataRow((byte)0x02, (byte)0x80, 0x0000, "03 07 02 80 00 00 09 AD")]   // Read config block 0 (real trace)
        [DataRow((byte)0x40, (byte)0x00, 0x0000, "03 07 40 00 00 00 00 05")]   // GenKey public, slot 0
        [DataRow((byte)0x40, (byte)0x04, 0x0002, "03 07 40 04 02 00 85 07")]   // GenKey private, slot 2 (param2 LE)
        [DataRow((byte)0x41, (byte)0xA0, 0x0000, "03 07 41 A0 00 00 7B 85")]   // Sign external, message-digest buffer
        [DataRow((byte)0x41, (byte)0x80, 0x0000, "03 07 41 80 00 00 28 05")]   // Sign external, TempKey
        [DataRow((byte)0x24, (byte)0x00, 0x0000, "03 07 24 00 00 00 0C FD")]   // Counter read 0
        [DataRow((byte)0x24, (byte)0x01, 0x0000, "03 07 24 01 00 00 0F 77")]   // Counter increment 0
        public void EncodeCommand_WithoutData_MatchesFactSheetFrame(byte opcode, byte param1, int param2, string expected)
        {
            var buffer = new byte[Packet.MaxCommandWriteLength];

            int written = Packet.EncodeCommand(buffer, 0, (Opcode)opcode, param1, (ushort)param2, null, 0, 0);

            Assert.AreEqual(8, written);
            Assert.AreEqual(expected, Hex.Format(buffer, 0, written));
        }

        [TestMethod]
        public void EncodeCommand_WithData_CountsDataAndCrcCoversIt()
        {
            var digest = new byte[32];
            for (int i = 0; i < digest.Length; i++)
            {
                digest[i] = (byte)(i * 7);
            }

            var buffer = new byte[Packet.MaxCommandWriteLength + 4];
            int written = Packet.EncodeCommand(buffer, 4, Opcode.Nonce, 0x43, 0, digest, 0, digest.Length);

            Assert.AreEqual(40, written);
            Assert.AreEqual((byte)WordAddress.Command, buffer[4]);
            Assert.AreEqual((byte)39, buffer[5]);                    // count 0x27 for a 32-byte pass-through Nonce
            Assert.AreEqual((byte)0x16, buffer[6]);
            Assert.AreEqual((byte)0x43, buffer[7]);
            Assert.AreEqual((byte)0x07, buffer[11]);                  // data starts after param2: digest[1]
            Assert.AreEqual((byte)0xD9, buffer[41]);                  // digest[31] = 31 * 7
            Assert.IsTrue(Crc16.Matches(buffer, 5, 37));
        }

        [TestMethod]
        public void EncodeCommand_DataTooLong_ThrowsAndWritesNothing()
        {
            var buffer = new byte[200];
            var data = new byte[Packet.MaxCommandLength - Packet.MinCommandLength + 1];

            Assert.ThrowsException(typeof(ArgumentException),
                () => Packet.EncodeCommand(buffer, 0, Opcode.Write, 0, 0, data, 0, data.Length));
            Assert.AreEqual((byte)0, buffer[0]);
        }

        [TestMethod]
        public void EncodeCommand_BufferTooSmall_ThrowsAndWritesNothing()
        {
            var buffer = new byte[7];

            Assert.ThrowsException(typeof(ArgumentException),
                () => Packet.EncodeCommand(buffer, 0, Opcode.Info, 0, 0, null, 0, 0));
            Assert.AreEqual((byte)0, buffer[0]);
        }

        [TestMethod]
        [DataRow("23 01 23 4B 16 00 00 60 02 0F 3A 7D F2 27 01 55 00 B2 00 00 01 8F BD 85 8F CE 0F CE 0F CE 0F CE 0F 6B 82")]
        [DataRow("23 01 23 88 05 00 00 60 02 81 97 BA F6 EE 01 5D 00 C0 00 00 00 83 20 87 20 8F 20 C4 8F 8F 8F 8F 8F 90 A8")]
        [DataRow("23 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 41 1A")]
        [DataRow("07 00 00 60 03 83 BB")]
        public void CheckResponse_RealReplies_ReturnCountAndSuccess(string reply)
        {
            byte[] bytes = Hex.Parse(reply);

            int count = Packet.CheckResponse(bytes, 0, bytes.Length, Opcode.Read);

            Assert.AreEqual(bytes.Length, count);
            Assert.AreEqual((byte)Atecc608Status.Success, (byte)Packet.StatusOf(bytes, 0, count));
        }

        [TestMethod]
        [DataRow("04 00 03 40", (byte)0x00)]
        [DataRow("04 01 00 C3", (byte)0x01)]
        [DataRow("04 03 83 42", (byte)0x03)]
        [DataRow("04 05 C3 43", (byte)0x05)]
        [DataRow("04 07 40 C2", (byte)0x07)]
        [DataRow("04 08 60 C0", (byte)0x08)]
        [DataRow("04 0F 23 42", (byte)0x0F)]
        [DataRow("04 EE 31 41", (byte)0xEE)]
        [DataRow("04 FF 01 42", (byte)0xFF)]
        public void StatusOf_StatusGroups_NameTheDatasheetCode(string reply, byte status)
        {
            byte[] bytes = Hex.Parse(reply);

            int count = Packet.CheckResponse(bytes, 0, bytes.Length, Opcode.Sign);

            Assert.AreEqual(4, count);
            Assert.AreEqual(status, (byte)Packet.StatusOf(bytes, 0, count));
        }

        [TestMethod]
        public void CheckResponse_ExtraBytesAfterGroup_AreIgnored()
        {
            byte[] bytes = Hex.Parse("04 00 03 40 FF FF");

            Assert.AreEqual(4, Packet.CheckResponse(bytes, 0, bytes.Length, Opcode.Write));
        }

        [TestMethod]
        [DataRow("03 00 03 40")]      // count below the 4-byte minimum
        [DataRow("4C 00 03 40")]      // count above the 75-byte maximum
        [DataRow("FF FF FF FF")]      // floating bus
        [DataRow("23 01 23 4B 16")]   // count says 35, only 5 bytes read
        [DataRow("")]                 // nothing read
        public void CheckResponse_BadCount_ThrowsResponseLength(string reply)
        {
            byte[] bytes = Hex.Parse(reply);

            AssertError(Atecc608Error.ResponseLength, bytes);
        }

        [TestMethod]
        [DataRow("04 00 03 41")]
        [DataRow("04 10 03 40")]
        [DataRow("07 00 00 60 02 83 BB")]   // 608A data with the 608B CRC
        public void CheckResponse_CorruptReply_ThrowsResponseCrc(string reply)
        {
            byte[] bytes = Hex.Parse(reply);

            AssertError(Atecc608Error.ResponseCrc, bytes);
        }

        [TestMethod]
        public void IsWakeResponse_RecognisesOnlyTheExactReply()
        {
            Assert.IsTrue(Packet.IsWakeResponse(Hex.Parse("04 11 33 43"), 0));
            Assert.IsTrue(Packet.IsWakeResponse(Hex.Parse("00 04 11 33 43"), 1));
            Assert.IsFalse(Packet.IsWakeResponse(Hex.Parse("04 11 33 42"), 0));
            Assert.IsFalse(Packet.IsWakeResponse(Hex.Parse("04 00 03 40"), 0));
            Assert.IsFalse(Packet.IsWakeResponse(Hex.Parse("04 11 33"), 0));
        }

        [TestMethod]
        public void OpcodeName_GivesDatasheetNames()
        {
            Assert.AreEqual("GenKey", Packet.OpcodeName(Opcode.GenKey));
            Assert.AreEqual("opcode 0x99", Packet.OpcodeName((Opcode)0x99));
        }

        private static void AssertError(Atecc608Error expected, byte[] reply)
        {
            try
            {
                Packet.CheckResponse(reply, 0, reply.Length, Opcode.Read);
            }
            catch (Atecc608Exception e)
            {
                Assert.AreEqual((int)expected, (int)e.Error, e.Message);
                Assert.AreEqual((byte)Opcode.Read, (byte)e.Command);
                return;
            }

            Assert.IsTrue(false, "no Atecc608Exception for " + Hex.Format(reply, 0, reply.Length));
        }
    }
}
