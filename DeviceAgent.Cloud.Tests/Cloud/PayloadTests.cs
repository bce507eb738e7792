using System;
using DeviceAgent.Cloud;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>Topics and the exact bytes of the status, will, telemetry and command-result payloads.</summary>
    [TestClass]
    public class PayloadTests
    {
        private static readonly long T = new DateTime(2026, 7, 1, 12, 0, 0).Ticks;

        [TestMethod]
        public void Topics_AllUnderTheDevicePrefix()
        {
            var topics = new CloudTopics("dev-1.a_B");

            Assert.AreEqual("dev/dev-1.a_B/status", topics.Status);
            Assert.AreEqual("dev/dev-1.a_B/telemetry", topics.Telemetry);
            Assert.AreEqual("dev/dev-1.a_B/cmd", topics.Commands);
            Assert.AreEqual("dev/dev-1.a_B/cmd/result", topics.CommandResults);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("a/b")]
        [DataRow("a+")]
        [DataRow("#")]
        [DataRow("a b")]
        [DataRow("\u00e9")]
        public void DeviceId_WithTopicOrJsonSpecials_IsRefused(string id)
        {
            Assert.IsFalse(CloudTopics.IsValidDeviceId(id), id);
        }

        [TestMethod]
        public void DeviceId_LongerThan64_IsRefused()
        {
            Assert.IsTrue(CloudTopics.IsValidDeviceId(new string('a', 64)), "64");
            Assert.IsFalse(CloudTopics.IsValidDeviceId(new string('a', 65)), "65");
        }

        [TestMethod]
        public void UnixTime_Seconds()
        {
            Assert.AreEqual(1782907200L, UnixTime.Seconds(T), "t");
            Assert.AreEqual(0L, UnixTime.Seconds(new DateTime(1970, 1, 1).Ticks), "epoch");
            Assert.AreEqual(-1L, UnixTime.Seconds(new DateTime(1970, 1, 1).Ticks - 1), "floor");
            Assert.AreEqual(T, UnixTime.Ticks(1782907200), "back");
        }

        [TestMethod]
        public void Status_FirstBoot_ExactBytes()
        {
            var engine = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 1, 2);
            engine.Boot(RecordState.Absent, null, 0, 0);
            var w = new JsonObjectWriter(StatusPayload.MaxBytes);

            int n = StatusPayload.Write(w, engine.Status(new TimeReading(T, T, true)), "1.2.3", StatusPayload.Online, 0);

            Assert.AreEqual(
                "{\"v\":1,\"state\":\"online\",\"fw\":\"1.2.3\",\"tier\":\"birth\",\"phase\":\"lapsed\",\"certExpiry\":null,\"candidateExpiry\":null,"
                + "\"lastAttempt\":null,\"lastOutcome\":\"none\",\"nextAttempt\":1782907200,\"rejected\":false,\"rejectReason\":0,\"attempts\":0,"
                + "\"renewals\":0,\"transientFailures\":0,\"rejections\":0,\"promotions\":0,\"policyVersion\":1,\"wake\":null}",
                Text.Of(w.Buffer, n));
        }

        [TestMethod]
        public void Status_Asleep_CarriesTheWakeTime()
        {
            var engine = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 1, 2);
            engine.Boot(RecordState.Absent, null, 0, 0);
            var w = new JsonObjectWriter(StatusPayload.MaxBytes);

            int n = StatusPayload.Write(w, engine.Status(new TimeReading(T, T, true)), "1.2.3", StatusPayload.Asleep, T + TimeSpan.TicksPerHour);

            string text = Text.Of(w.Buffer, n);
            Assert.IsTrue(text.IndexOf("\"state\":\"asleep\"") > 0, "state");
            Assert.IsTrue(text.IndexOf("\"wake\":1782910800}") > 0, "wake");
        }

        [TestMethod]
        public void Will_ExactBytes()
        {
            Assert.AreEqual("{\"v\":1,\"state\":\"offline\"}", Text.Of(StatusPayload.Will()));
        }

        [TestMethod]
        public void Telemetry_ExactBytes()
        {
            var w = new JsonObjectWriter(TelemetryPayload.MaxBytes);

            Assert.AreEqual("{\"v\":1,\"t\":1782907200,\"uptimeMs\":1234,\"freeHeap\":56789}", Text.Of(w.Buffer, TelemetryPayload.Write(w, T, 1234, 56789)));
            Assert.AreEqual("{\"v\":1,\"t\":null,\"uptimeMs\":0,\"freeHeap\":0}", Text.Of(w.Buffer, TelemetryPayload.Write(w, 0, 0, 0)));
        }

        [TestMethod]
        public void Result_Accepted_Rejected_Malformed_ExactBytes()
        {
            var reader = new JsonObjectReader();
            var w = new JsonObjectWriter(CommandResultPayload.MaxBytes);
            byte[] ok = Text.Bytes("{\"id\":\"c-1\",\"op\":\"renew\"}");
            byte[] unknown = Text.Bytes("{\"id\":\"c9\",\"op\":\"format\"}");
            byte[] dup = Text.Bytes("{\"id\":\"c\",\"id\":\"c\"}");

            int n = CommandResultPayload.Write(w, CloudCommand.Parse(reader, ok, 0, ok.Length), true, RenewalReport.None);
            Assert.AreEqual("{\"v\":1,\"id\":\"c-1\",\"op\":\"renew\",\"result\":\"accepted\",\"reason\":null,\"report\":\"none\"}", Text.Of(w.Buffer, n));

            n = CommandResultPayload.Write(w, CloudCommand.Parse(reader, unknown, 0, unknown.Length), false, RenewalReport.None);
            Assert.AreEqual("{\"v\":1,\"id\":\"c9\",\"op\":null,\"result\":\"rejected\",\"reason\":\"unknown-op\",\"report\":null}", Text.Of(w.Buffer, n));

            n = CommandResultPayload.Write(w, CloudCommand.Parse(reader, dup, 0, dup.Length), false, RenewalReport.None);
            Assert.AreEqual("{\"v\":1,\"id\":null,\"op\":null,\"result\":\"rejected\",\"reason\":\"duplicate-key\",\"report\":null}", Text.Of(w.Buffer, n));
        }

        [TestMethod]
        public void WireNames_CoverEveryValue()
        {
            Assert.AreEqual("unexpected", WireNames.Of(RenewalReport.Unexpected), "report");
            Assert.AreEqual("birth", WireNames.Of(CredentialTier.Birth), "tier");
            Assert.AreEqual("lapsed", WireNames.Of(RenewalPhase.Lapsed), "phase");
            Assert.AreEqual("malformed", WireNames.Of(RequestOutcome.Malformed), "outcome");
            Assert.AreEqual("trailing-data", WireNames.Of(JsonError.TrailingData), "json");
            Assert.AreEqual("failed", WireNames.Of(CommandRejection.Failed), "rejection");
            Assert.AreEqual("unknown", WireNames.Of((RenewalReport)99), "out of range");
        }
    }
}
