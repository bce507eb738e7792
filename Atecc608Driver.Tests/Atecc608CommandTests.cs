using DeviceAgent.Tests;
using Atecc608Driver;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// The driver's commands against recorded exchanges: every frame the driver writes is a published one
    /// (facts/atecc608.md §3.3, §4.3, §6, §7.1, §9, §11, §13), and it decodes the replies.
    /// </summary>
    [TestClass]
    public class Atecc608CommandTests
    {
        private const string RealConfigBlock0 =
            "23 01 23 4B 16 00 00 60 02 0F 3A 7D F2 27 01 55 00 B2 00 00 01 8F BD 85 8F CE 0F CE 0F CE 0F CE 0F 6B 82";

        [TestMethod]
        public void Info_SendsPublishedFrame_ReturnsRevision()
        {
            var bus = new ScriptedTransport().Command("03 07 30 00 00 00 03 5D", "07 00 00 60 03 83 BB");

            byte[] revision = new Atecc608Driver.Atecc608(bus).Info();

            Assert.AreEqual("00 00 60 03", Hex.Format(revision, 0, 4));
            bus.AssertDone();
        }

        [TestMethod]
        public void Execute_WaitsTheWakeDelayAndAFirstPoll()
        {
            var bus = new ScriptedTransport().Command("03 07 30 00 00 00 03 5D", "07 00 00 60 03 83 BB");

            new Atecc608Driver.Atecc608(bus).Info();

            // tWHI 1.5 ms, then a third of Info's 5 ms maximum rounded up to the 1 ms floor.
            Assert.AreEqual(1500L + 1666L, bus.DelayedMicroseconds);
        }

        [TestMethod]
        public void ReadSerialNumber_RealConfigBlock0_ReturnsBytes0To3And8To12()
        {
            var bus = new ScriptedTransport().Command("03 07 02 80 00 00 09 AD", RealConfigBlock0);

            byte[] serial = new Atecc608Driver.Atecc608(bus).ReadSerialNumber();

            Assert.AreEqual("01 23 4B 16 0F 3A 7D F2 27", Hex.Format(serial, 0, serial.Length));
            bus.AssertDone();
        }

        [TestMethod]
        public void Read_DataSlot10Block2_UsesPublishedAddress()
        {
            string data = ScriptedTransport.Repeat("5A", 32);
            var bus = new ScriptedTransport().Command("03 07 02 82 50 02 89 95", ScriptedTransport.WithCrc("23 " + data));
            var buffer = new byte[32];

            new Atecc608Driver.Atecc608(bus).Read(Zone.Data, Atecc608Driver.Atecc608.DataAddress(10, 2, 0), buffer, 0, 32);

            Assert.AreEqual(data, Hex.Format(buffer, 0, 32));
            bus.AssertDone();
        }

        [TestMethod]
        public void Read_ConfigWord0x15_FourBytes()
        {
            var bus = new ScriptedTransport().Command("03 07 02 00 15 00 17 5D", ScriptedTransport.WithCrc("07 00 00 55 55"));
            var buffer = new byte[4];

            new Atecc608Driver.Atecc608(bus).Read(Zone.Config, 0x15, buffer, 0, 4);

            Assert.AreEqual("00 00 55 55", Hex.Format(buffer, 0, 4));
        }

        [TestMethod]
        public void Locks_SendPublishedFrames()
        {
            var bus = new ScriptedTransport()
                .Command("03 07 17 81 00 00 3A 07", "04 00 03 40")
                .Command("03 07 17 0A 00 00 6E 09", "04 00 03 40");
            var chip = new Atecc608Driver.Atecc608(bus);

            chip.LockDataZone();
            chip.LockSlot(2);

            bus.AssertDone();
        }

        [TestMethod]
        public void SignDigest_RunsRandomNonceSignOfFactSheet_ReturnsRAndS()
        {
            string r = ScriptedTransport.Repeat("11", 32);
            string s = ScriptedTransport.Repeat("22", 32);
            var bus = new ScriptedTransport()
                .Command("03 07 1B 00 00 00 24 CD", ScriptedTransport.WithCrc("23 " + ScriptedTransport.Repeat("3C", 32)))
                .Command("03 27 16 43 00 00 " + ScriptedTransport.Repeat("00", 32) + " 14 3A", "04 00 03 40")
                .Command("03 07 41 A0 00 00 7B 85", ScriptedTransport.WithCrc("43 " + r + " " + s));

            byte[] signature = new Atecc608Driver.Atecc608(bus).SignDigest(0, new byte[32]);

            Assert.AreEqual(r + " " + s, Hex.Format(signature, 0, 64));
            bus.AssertDone();
        }

        [TestMethod]
        public void NonceRandom_SendsNumIn_ReturnsRandOut()
        {
            string numIn = ScriptedTransport.Repeat("A5", 20);
            string randOut = ScriptedTransport.Repeat("5A", 32);
            var bus = new ScriptedTransport().Command("03 " + ScriptedTransport.WithCrc("1B 16 00 00 00 " + numIn), ScriptedTransport.WithCrc("23 " + randOut));

            byte[] result = new Atecc608Driver.Atecc608(bus).NonceRandom(Hex.Parse(numIn));

            Assert.AreEqual(randOut, Hex.Format(result, 0, 32));
            bus.AssertDone();
        }

        [TestMethod]
        public void SignInternal_FullSerial_SetsMode0x40()
        {
            var bus = new ScriptedTransport().Command("03 " + ScriptedTransport.WithCrc("07 41 40 01 00"), ScriptedTransport.WithCrc("43 " + ScriptedTransport.Repeat("99", 64)));

            byte[] signature = new Atecc608Driver.Atecc608(bus).SignInternal(1, true);

            Assert.AreEqual(64, signature.Length);
            bus.AssertDone();
        }

        [TestMethod]
        public void GenKeyPublicKey_Slot0_ReturnsXY()
        {
            string key = ScriptedTransport.Repeat("C6", 64);
            var bus = new ScriptedTransport().Command("03 07 40 00 00 00 00 05", ScriptedTransport.WithCrc("43 " + key));

            byte[] publicKey = new Atecc608Driver.Atecc608(bus).GetPublicKey(0);

            Assert.AreEqual(key, Hex.Format(publicKey, 0, 64));
        }

        [TestMethod]
        public void GenKeyCreate_Slot2_SendsPublishedFrame()
        {
            var bus = new ScriptedTransport().Command("03 07 40 04 02 00 85 07", ScriptedTransport.WithCrc("43 " + ScriptedTransport.Repeat("01", 64)));

            byte[] publicKey = new Atecc608Driver.Atecc608(bus).GenKeyCreate(2);

            Assert.AreEqual(64, publicKey.Length);
            bus.AssertDone();
        }

        [TestMethod]
        public void Counter_ReadOfCounter1_IsLittleEndian()
        {
            var bus = new ScriptedTransport().Command("03 07 24 00 01 00 05 7D", ScriptedTransport.WithCrc("07 2A 01 00 00"));

            Assert.AreEqual(298u, new Atecc608Driver.Atecc608(bus).CounterRead(1));
        }

        [TestMethod]
        public void Counter_IncrementOfCounter0_ReturnsNewValue()
        {
            var bus = new ScriptedTransport().Command("03 07 24 01 00 00 0F 77", ScriptedTransport.WithCrc("07 FF FF 1F 00"));

            Assert.AreEqual(2097151u, new Atecc608Driver.Atecc608(bus).CounterIncrement(0));
        }

        [TestMethod]
        public void SelfTest_All_SendsPublishedFrame_ReturnsPassMap()
        {
            var bus = new ScriptedTransport().Command("03 07 77 3B 00 00 9D FB", "04 00 03 40");

            Assert.AreEqual((byte)0, new Atecc608Driver.Atecc608(bus).SelfTest(0x3B));
        }

        [TestMethod]
        public void VerifySignature_Miscompare_IsFalseNotAnError()
        {
            var bus = new ScriptedTransport()
                .Command("03 27 16 43 00 00 " + ScriptedTransport.Repeat("00", 32) + " 14 3A", "04 00 03 40")
                .Command("03 " + ScriptedTransport.WithCrc("87 45 22 04 00 " + ScriptedTransport.Repeat("AB", 128)), "04 01 00 C3");
            var key = new byte[64];
            var signature = new byte[64];
            for (int i = 0; i < 64; i++)
            {
                key[i] = 0xAB;
                signature[i] = 0xAB;
            }

            Assert.IsFalse(new Atecc608Driver.Atecc608(bus).VerifySignature(new byte[32], signature, key));
            bus.AssertDone();
        }

        [TestMethod]
        public void Random_UnlockedChipPattern_IsRefusedAsEntropy()
        {
            var bus = new ScriptedTransport().Command("03 07 1B 00 00 00 24 CD",
                "23 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 FF FF 00 00 41 1A");

            try
            {
                new Atecc608Driver.Atecc608(bus).Random();
            }
            catch (Atecc608Exception e)
            {
                Assert.AreEqual((int)Atecc608Error.NotProvisioned, (int)e.Error);
                return;
            }

            Assert.IsTrue(false, "the unlocked-chip pattern was accepted as random bytes");
        }

        [TestMethod]
        public void Read_SecretSlotAfterConfigRead_IsRefusedWithoutBusTraffic()
        {
            // Real TNGTLS config (facts §13.3): slot 0 SlotConfig 0x0085 is secret.
            var blocks = new string[4];
            for (int i = 0; i < blocks.Length; i++)
            {
                blocks[i] = ConfigZoneTests.TngTlsImage.Substring(i * 96, 95);   // 32 bytes as "xx " triples
            }

            var bus = new ScriptedTransport()
                .Command("03 07 02 80 00 00 09 AD", ScriptedTransport.WithCrc("23 " + blocks[0]))
                .Command("03 07 02 80 08 00 0A 4D", ScriptedTransport.WithCrc("23 " + blocks[1]))
                .Command(ReadConfigBlock(2), ScriptedTransport.WithCrc("23 " + blocks[2]))
                .Command(ReadConfigBlock(3), ScriptedTransport.WithCrc("23 " + blocks[3]));
            var chip = new Atecc608Driver.Atecc608(bus);
            chip.ReadConfigZone();
            bus.AssertDone();

            Assert.ThrowsException(typeof(System.ArgumentException),
                () => chip.Read(Zone.Data, Atecc608Driver.Atecc608.DataAddress(0, 0, 0), new byte[32], 0, 32));
            Assert.AreEqual(0, chip.ClockMode);
        }

        [TestMethod]
        [DataRow((byte)0x00, 0)]
        [DataRow((byte)0x28, 1)]
        [DataRow((byte)0x68, 2)]
        [DataRow((byte)0x2D, 1)]   // low bits are other ChipMode flags
        public void ClockModeOf_DividerBits(byte chipMode, int expected)
        {
            Assert.AreEqual(expected, Atecc608Driver.Atecc608.ClockModeOf(chipMode));
        }

        private static string ReadConfigBlock(int block)
        {
            return "03 " + ScriptedTransport.WithCrc("07 02 80 " + ((byte)(block << 3)).ToString("X2") + " 00");
        }
    }
}
