using DeviceAgent.Tests;
using Atecc608Driver;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// Every failure the execution path claims to handle, injected one at a time: each ends in a bounded retry
    /// that succeeds, or in an <see cref="Atecc608Exception"/> naming the failure; never a hang or a wrong answer.
    /// </summary>
    [TestClass]
    public class Atecc608FaultTests
    {
        private const string InfoCommand = "03 07 30 00 00 00 03 5D";
        private const string InfoReply = "07 00 00 60 03 83 BB";

        [TestMethod]
        public void BusyChip_IsPolledUntilItAnswers()
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand).ReadNack().ReadNack().Reply(InfoReply).Idle();

            byte[] revision = new Atecc608Driver.Atecc608(bus).Info();

            Assert.AreEqual("00 00 60 03", Hex.Format(revision, 0, 4));
            Assert.AreEqual(1500L + 1666L + (2 * 2000L), bus.DelayedMicroseconds);
            bus.AssertDone();
        }

        [TestMethod]
        public void FloatingBusCountByte_CountsAsNotReady()
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand).Read("FF").Reply(InfoReply).Idle();

            new Atecc608Driver.Atecc608(bus).Info();

            bus.AssertDone();
        }

        [TestMethod]
        public void CorruptReply_IsReReadFromItsStart_WithoutResending()
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand)
                .Reply("07 00 00 60 03 83 BA")   // one bit off in the CRC
                .Write("00")                     // reset the read pointer
                .Reply(InfoReply).Idle();

            byte[] revision = new Atecc608Driver.Atecc608(bus).Info();

            Assert.AreEqual("00 00 60 03", Hex.Format(revision, 0, 4));
            bus.AssertDone();
        }

        [TestMethod]
        public void PersistentlyCorruptReply_ThrowsResponseCrc()
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand)
                .Reply("07 00 00 60 03 83 BA").Write("00")
                .Reply("07 00 00 60 03 83 BA").Write("00")
                .Reply("07 00 00 60 03 83 BA").Idle();

            AssertFails(Atecc608Error.ResponseCrc, 0, bus);
        }

        [TestMethod]
        public void ImpossibleCountByte_IsReReadThenThrowsResponseLength()
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand)
                .Read("02").Write("00")
                .Read("02").Write("00")
                .Read("02").Idle();

            AssertFails(Atecc608Error.ResponseLength, 0, bus);
        }

        [TestMethod]
        [DataRow("04 FF 01 42")]   // chip saw a CRC error on the command
        [DataRow("04 11 33 43")]   // chip had slept and re-woke: command lost
        [DataRow("04 EE 31 41")]   // watchdog about to expire: not executed
        public void NotExecutedStatus_CommandIsSentAgain(string firstReply)
        {
            var bus = new ScriptedTransport()
                .WakeOk().Write(InfoCommand).Reply(firstReply)
                .WakeOk().Write(InfoCommand).Reply(InfoReply).Idle();

            byte[] revision = new Atecc608Driver.Atecc608(bus).Info();

            Assert.AreEqual("00 00 60 03", Hex.Format(revision, 0, 4));
            bus.AssertDone();
        }

        [TestMethod]
        public void NotExecutedEveryTime_GivesUpAfterThreeSends()
        {
            var bus = new ScriptedTransport()
                .WakeOk().Write(InfoCommand).Reply("04 FF 01 42")
                .WakeOk().Write(InfoCommand).Reply("04 FF 01 42")
                .WakeOk().Write(InfoCommand).Reply("04 FF 01 42").Idle();

            AssertFails(Atecc608Error.ChipStatus, 0xFF, bus);
        }

        [TestMethod]
        public void CommandWriteNacked_ChipIsWokenAgainAndCommandResent()
        {
            var bus = new ScriptedTransport()
                .WakeOk().WriteNack(InfoCommand)
                .WakeOk().Write(InfoCommand).Reply(InfoReply).Idle();

            new Atecc608Driver.Atecc608(bus).Info();

            bus.AssertDone();
        }

        [TestMethod]
        [DataRow("04 03 83 42", (byte)0x03)]
        [DataRow("04 0F 23 42", (byte)0x0F)]
        [DataRow("04 07 40 C2", (byte)0x07)]
        [DataRow("04 08 60 C0", (byte)0x08)]
        public void FailureStatus_ThrowsWithTheChipsStatus_AndIdles(string reply, byte status)
        {
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand).Reply(reply).Idle();

            AssertFails(Atecc608Error.ChipStatus, status, bus);
        }

        [TestMethod]
        public void MissedWakeReply_IsRetriedWithThePostDelay()
        {
            var bus = new ScriptedTransport()
                .Wake().ReadNack()
                .WakeOk().Write(InfoCommand).Reply(InfoReply).Idle();

            new Atecc608Driver.Atecc608(bus).Info();

            Assert.AreEqual(1500L + (1500L + 25000L) + 1666L, bus.DelayedMicroseconds);
            bus.AssertDone();
        }

        [TestMethod]
        public void StaleReplyAtWake_ChipIsIdledThenWokenAgain()
        {
            var bus = new ScriptedTransport()
                .Wake().Read("FF FF FF FF").Idle()
                .WakeOk().Write(InfoCommand).Reply(InfoReply).Idle();

            new Atecc608Driver.Atecc608(bus).Info();

            bus.AssertDone();
        }

        [TestMethod]
        public void NoWakeReplyEver_ThrowsWakeFailedAfterFiveAttempts()
        {
            var bus = new ScriptedTransport();
            for (int i = 0; i < 5; i++)
            {
                bus.Wake().ReadNack();
            }

            bus.Idle();

            AssertFails(Atecc608Error.WakeFailed, 0, bus);
        }

        [TestMethod]
        public void SelfTestFailureAtWake_ThrowsStatus07()
        {
            var bus = new ScriptedTransport().Wake().Read("04 07 40 C2").Idle();

            AssertFails(Atecc608Error.ChipStatus, 0x07, bus);
        }

        [TestMethod]
        public void ChipNeverAnswers_ThrowsNoResponseAtTheDeadline()
        {
            // Info: 5 ms maximum → deadline 5 + 2 (50 %) + 10 = 17 ms; first poll at 1.666 ms, then every 2 ms.
            var bus = new ScriptedTransport().WakeOk().Write(InfoCommand);
            for (int i = 0; i < 9; i++)
            {
                bus.ReadNack();
            }

            bus.Idle();

            AssertFails(Atecc608Error.NoResponse, 0, bus);
            Assert.AreEqual(1500L + 1666L + (8 * 2000L), bus.DelayedMicroseconds);
        }

        [TestMethod]
        public void SignDigest_EccFault_RetriesTheWholeSequence()
        {
            string random = "03 07 1B 00 00 00 24 CD";
            string randomReply = ScriptedTransport.WithCrc("23 " + ScriptedTransport.Repeat("3C", 32));
            string nonce = "03 27 16 43 00 00 " + ScriptedTransport.Repeat("00", 32) + " 14 3A";
            string sign = "03 07 41 A0 00 00 7B 85";
            var bus = new ScriptedTransport()
                .Command(random, randomReply).Command(nonce, "04 00 03 40").Command(sign, "04 05 C3 43")
                .Command(random, randomReply).Command(nonce, "04 00 03 40")
                .Command(sign, ScriptedTransport.WithCrc("43 " + ScriptedTransport.Repeat("77", 64)));

            byte[] signature = new Atecc608Driver.Atecc608(bus).SignDigest(0, new byte[32]);

            Assert.AreEqual(ScriptedTransport.Repeat("77", 64), Hex.Format(signature, 0, 64));
            bus.AssertDone();
        }

        [TestMethod]
        public void SignDigest_ExecutionErrorTwice_IsReportedNotRetriedForever()
        {
            string random = "03 07 1B 00 00 00 24 CD";
            string randomReply = ScriptedTransport.WithCrc("23 " + ScriptedTransport.Repeat("3C", 32));
            string nonce = "03 27 16 43 00 00 " + ScriptedTransport.Repeat("00", 32) + " 14 3A";
            string sign = "03 07 41 A0 00 00 7B 85";
            var bus = new ScriptedTransport()
                .Command(random, randomReply).Command(nonce, "04 00 03 40").Command(sign, "04 0F 23 42")
                .Command(random, randomReply).Command(nonce, "04 00 03 40").Command(sign, "04 0F 23 42");

            try
            {
                new Atecc608Driver.Atecc608(bus).SignDigest(0, new byte[32]);
            }
            catch (Atecc608Exception e)
            {
                Assert.AreEqual((byte)0x0F, e.ChipStatus);
                Assert.AreEqual((byte)Opcode.Sign, (byte)e.Command);
                bus.AssertDone();
                return;
            }

            Assert.IsTrue(false, "execution error was swallowed");
        }

        [TestMethod]
        public void Arguments_AreCheckedBeforeAnyBusTraffic()
        {
            var bus = new ScriptedTransport();
            var chip = new Atecc608Driver.Atecc608(bus);

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => chip.Read(Zone.Config, 0, new byte[8], 0, 8));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => chip.SignDigest(16, new byte[32]));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => chip.SignDigest(0, new byte[31]));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => chip.CounterRead(2));
            bus.AssertDone();
        }

        private static void AssertFails(Atecc608Error error, byte status, ScriptedTransport bus)
        {
            try
            {
                new Atecc608Driver.Atecc608(bus).Info();
            }
            catch (Atecc608Exception e)
            {
                Assert.AreEqual((int)error, (int)e.Error, e.Message);
                Assert.AreEqual(status, e.ChipStatus, e.Message);
                Assert.AreEqual((byte)Opcode.Info, (byte)e.Command);
                bus.AssertDone();
                return;
            }

            Assert.IsTrue(false, "no Atecc608Exception");
        }
    }
}
