using System;
using DeviceAgent.Cloud;
using DeviceAgent.Lifecycle;
using DeviceAgent.Renewal;
using DeviceAgent.Tests.Est;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>The session over a scripted MQTT port and a real renewal runner: connect, will, subscription, status, commands, candidate check.</summary>
    [TestClass]
    public class CloudSessionTests
    {
        private const string Status = "dev/dev1/status";
        private const string Results = "dev/dev1/cmd/result";
        private const string Commands = "dev/dev1/cmd";

        private static string Command(CloudRig rig, string json)
        {
            rig.Mqtt.Deliver(Commands, json);
            Assert.AreEqual(1, rig.Session.ProcessCommands(), "taken");
            return rig.Mqtt.LastText(Results);
        }

        [TestMethod]
        public void Candidate_ConnectsWithWillAndSubscription_StaysOnTheNewCertificate()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            MqttConnectOptions o = rig.Mqtt.Last;
            Assert.AreEqual(1, rig.Mqtt.Connects.Count, "one connect");
            Assert.AreEqual("dev1", o.ClientId);
            Assert.AreEqual(60, o.KeepAliveSeconds, "keepalive");
            Assert.IsTrue(o.CleanSession, "clean");
            Assert.AreEqual(Status, o.WillTopic);
            Assert.IsTrue(o.WillRetain, "will retained");
            Assert.AreEqual("{\"v\":1,\"state\":\"offline\"}", Text.Of(o.WillPayload));
            Assert.AreEqual("mqtt.example", o.Broker.Host);
            Assert.AreEqual(Hex.Format(EstFixtures.Leaf(), 0, EstFixtures.Leaf().Length), Hex.Format(o.Credential.Chain[0], 0, o.Credential.Chain[0].Length), "cert");
            Assert.IsNull(o.UserName, "user");
            Assert.IsNull(o.Password, "password");
            Assert.AreEqual("dev/dev1/cmd@1", (string)rig.Mqtt.Subscriptions[0]);
            Assert.IsTrue(rig.Session.IsConnected, "connected");
            Assert.AreEqual(1, rig.Runner.Engine.State.Promotions, "promoted");
        }

        [TestMethod]
        public void TokenLogin_UserIsTheDeviceId_PasswordIsAChipToken()
        {
            CloudRig rig = CloudRig.Enrolled(true);

            MqttConnectOptions o = rig.Mqtt.Last;
            Assert.IsNull(o.Credential, "no TLS client key");
            Assert.AreEqual("dev1", o.UserName);
            string token = Text.Of(o.Password);
            Assert.IsTrue(token.IndexOf("dev1.1782907200.MII") == 0, token);
            Assert.AreEqual(4 + 1 + 10 + 1 + ChipToken.UrlLength(EstFixtures.Leaf().Length) + 1 + 86, token.Length, "length");
        }

        [TestMethod]
        public void Status_IsRetainedQos1_AndReportsTheEngine()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            Assert.IsTrue(rig.Session.PublishStatus(), "sent");

            Assert.AreEqual(11, rig.Mqtt.LastFlags(Status), "qos1 retained");
            string status = rig.Mqtt.LastText(Status);
            Assert.IsTrue(status.IndexOf("\"state\":\"online\",\"fw\":\"1.2.3\",\"tier\":\"operational\",\"phase\":\"not-due\",\"certExpiry\":1811808000,") > 0, status);
            Assert.IsTrue(status.IndexOf("\"lastOutcome\":\"issued\"") > 0, "outcome");
            Assert.IsTrue(status.IndexOf("\"attempts\":1,\"renewals\":1,\"transientFailures\":0,\"rejections\":0,\"promotions\":1,") > 0, "counts");
        }

        [TestMethod]
        public void Telemetry_IsQos0NotRetained()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            Assert.IsTrue(rig.Session.PublishTelemetry(1500, 4096), "sent");

            Assert.AreEqual(0, rig.Mqtt.LastFlags("dev/dev1/telemetry"), "qos0");
            Assert.AreEqual("{\"v\":1,\"t\":1782907200,\"uptimeMs\":1500,\"freeHeap\":4096}", rig.Mqtt.LastText("dev/dev1/telemetry"));
        }

        [TestMethod]
        public void Renew_IsAppliedToTheRunner_ResultAndStatusPublished()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            string result = Command(rig, "{\"id\":\"c-1\",\"op\":\"renew\"}");

            Assert.AreEqual("{\"v\":1,\"id\":\"c-1\",\"op\":\"renew\",\"result\":\"accepted\",\"reason\":null,\"report\":\"none\"}", result);
            Assert.AreEqual(10, rig.Mqtt.LastFlags(Results), "qos1");
            Assert.IsTrue(rig.Runner.Engine.State.CsrPrepared, "csr ahead of the window");
            Assert.IsTrue(rig.Session.RenewalRequested, "renewal asked");
            Assert.IsTrue(rig.Mqtt.LastText(Status).IndexOf("\"nextAttempt\":1782907200,") > 0, "due now");
        }

        [TestMethod]
        public void Rekey_Rebootstrap_Status_AreAccepted()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            Assert.IsTrue(Command(rig, "{\"id\":\"a\",\"op\":\"rekey\"}").IndexOf("\"accepted\"") > 0, "rekey");
            Assert.AreEqual(1, rig.Runner.Engine.State.CsrKeySlot, "spare slot");
            Assert.IsTrue(Command(rig, "{\"id\":\"b\",\"op\":\"rebootstrap\"}").IndexOf("\"accepted\"") > 0, "rebootstrap");
            Assert.AreEqual((int)CredentialTier.Birth, (int)rig.Runner.Engine.State.Tier, "birth");
            int before = rig.Mqtt.Count(Status);
            Assert.AreEqual("{\"v\":1,\"id\":\"c\",\"op\":\"status\",\"result\":\"accepted\",\"reason\":null,\"report\":null}", Command(rig, "{\"id\":\"c\",\"op\":\"status\"}"));
            Assert.AreEqual(before + 1, rig.Mqtt.Count(Status), "status sent");
        }

        [TestMethod]
        public void Policy_Valid_IsApplied()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            var policy = new RenewalPolicy();
            policy.Version = 7;

            string result = Command(rig, "{\"id\":\"p1\",\"op\":\"policy\",\"policy\":\"" + Convert.ToBase64String(policy.Encode()) + "\"}");

            Assert.IsTrue(result.IndexOf("\"result\":\"accepted\",\"reason\":null,\"report\":\"policy-applied\"") > 0, result);
            Assert.AreEqual(7, rig.Runner.Engine.State.Policy.Version, "version");
            Assert.IsTrue(rig.Mqtt.LastText(Status).IndexOf("\"policyVersion\":7") > 0, "status");
        }

        [TestMethod]
        public void Policy_TheEngineRefuses_IsReportedRejected()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            var policy = new RenewalPolicy();
            byte[] bytes = policy.Encode();
            bytes[6] = 0x7F;   // RenewAtPerMille (bytes 5..6, little-endian) far out of range
            int statuses = rig.Mqtt.Count(Status);

            string result = Command(rig, "{\"id\":\"p2\",\"op\":\"policy\",\"policy\":\"" + Convert.ToBase64String(bytes) + "\"}");

            Assert.AreEqual("{\"v\":1,\"id\":\"p2\",\"op\":\"policy\",\"result\":\"rejected\",\"reason\":\"policy-rejected\",\"report\":\"policy-rejected\"}", result);
            Assert.AreEqual(1, rig.Runner.Engine.State.Policy.Version, "unchanged");
            Assert.AreEqual(statuses, rig.Mqtt.Count(Status), "no status");
            Assert.AreEqual(1, rig.Session.CommandsRejected, "counted");
        }

        [TestMethod]
        public void Unknown_Malformed_Oversize_AreRejectedAndReported()
        {
            CloudRig rig = CloudRig.Enrolled(false);

            Assert.IsTrue(Command(rig, "{\"id\":\"x\",\"op\":\"format\"}").IndexOf("\"reason\":\"unknown-op\"") > 0, "unknown");
            Assert.IsTrue(Command(rig, "{\"id\":\"x\",\"op\":\"renew\"").IndexOf("\"reason\":\"unexpected-end\"") > 0, "truncated");
            rig.Mqtt.Deliver(Commands, "{\"id\":\"x\",\"op\":\"renew\",\"pad\":\"" + new string(' ', 600) + "\"}");
            rig.Session.ProcessCommands();
            Assert.IsTrue(rig.Mqtt.LastText(Results).IndexOf("\"reason\":\"too-large\"") > 0, "oversize");
            Assert.AreEqual(3, rig.Session.CommandsRejected, "rejected");
            Assert.IsFalse(rig.Runner.Engine.State.CsrPrepared, "nothing applied");
        }

        [TestMethod]
        public void SameIdAgain_IsAnsweredNotRedone()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            Command(rig, "{\"id\":\"once\",\"op\":\"policy\",\"policy\":\"" + Convert.ToBase64String(new RenewalPolicy().Encode()) + "\"}");
            int writes = rig.Runner.RecordWrites;

            string again = Command(rig, "{\"id\":\"once\",\"op\":\"policy\",\"policy\":\"" + Convert.ToBase64String(new RenewalPolicy().Encode()) + "\"}");

            Assert.IsTrue(again.IndexOf("\"result\":\"rejected\",\"reason\":\"duplicate\"") > 0, again);
            Assert.AreEqual(writes, rig.Runner.RecordWrites, "not applied");
        }

        [TestMethod]
        public void ChipFailure_IsReportedFailed()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.ChipFails = true;

            string result = Command(rig, "{\"id\":\"k\",\"op\":\"rekey\"}");

            Assert.AreEqual("{\"v\":1,\"id\":\"k\",\"op\":\"rekey\",\"result\":\"failed\",\"reason\":\"failed\",\"report\":null}", result);
        }

        [TestMethod]
        public void StrayTopic_IsIgnored_FloodIsBounded()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.Mqtt.Deliver("dev/other/cmd", "{}");
            for (int i = 0; i < 10; i++)
            {
                rig.Mqtt.Deliver(Commands, "{\"id\":\"s" + i + "\",\"op\":\"status\"}");
            }

            Assert.AreEqual(CloudSession.MaxCommandsPerPoll, rig.Session.ProcessCommands(), "bounded");
            Assert.AreEqual(1, rig.Session.StrayMessages, "stray");
            Assert.AreEqual(CloudSession.MaxCommandsPerPoll - 1, rig.Session.CommandsAccepted, "handled");
            Assert.AreEqual(3, rig.Session.ProcessCommands(), "rest");
        }

        [TestMethod]
        public void Candidate_Refused_FallsBackToTheCurrentCertificate()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.Runner.RenewNow();
            rig.Tls.Add(Ok(P7(EstFixtures.Leaf())));
            rig.Mqtt.Then(MqttConnectResult.Refused).Then(MqttConnectResult.Accepted);

            WindowResult window = rig.Runner.RunWindow(30000);

            Assert.IsFalse(window.Promoted, "not promoted");
            Assert.AreEqual((int)MqttConnectResult.Refused, (int)rig.Session.CandidateResult, "candidate");
            Assert.AreEqual(3, rig.Mqtt.Connects.Count, "candidate then current");
            Assert.AreEqual(1, rig.Mqtt.Disconnects, "closed first");
            Assert.IsTrue(rig.Session.IsConnected, "on the current");
            Assert.AreEqual(1, rig.Runner.Engine.State.Promotions, "still one");
            Assert.IsFalse(rig.Runner.Engine.State.CandidatePresent, "candidate gone");
        }

        [TestMethod]
        public void Connect_WithoutACertificate_IsNotSupported_NoAttempt()
        {
            var rig = new CloudRig(false);
            rig.Boot();

            Assert.AreEqual((int)MqttConnectResult.NotSupported, (int)rig.Session.Connect());
            Assert.AreEqual(0, rig.Mqtt.Connects.Count, "no attempt");
            Assert.AreEqual(0, rig.Session.ConsecutiveFailures, "not a failure");
        }

        [TestMethod]
        public void SubscribeRefused_ClosesTheSession()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.Session.Disconnect();
            rig.Mqtt.SubscribeFails = true;

            Assert.AreEqual((int)MqttConnectResult.TransportFailed, (int)rig.Session.Connect());
            Assert.IsFalse(rig.Session.IsConnected, "closed");
            Assert.AreEqual(1, rig.Session.ConsecutiveFailures, "failure");
        }

        [TestMethod]
        public void Failures_RaiseTheBackoff_AcceptResetsIt()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.Session.Disconnect();
            rig.Mqtt.Then(MqttConnectResult.TransportFailed).Then(MqttConnectResult.TlsFailed).Then(MqttConnectResult.Refused);

            rig.Session.Connect();
            rig.Session.Connect();
            rig.Session.Connect();

            Assert.AreEqual(3, rig.Session.ConsecutiveFailures, "3");
            Assert.AreEqual(8000, rig.Session.ReconnectDelayMs(0xFFFFFFFF), "ceiling");
            Assert.AreEqual((int)MqttConnectResult.Accepted, (int)rig.Session.Connect());
            Assert.AreEqual(0, rig.Session.ReconnectDelayMs(0xFFFFFFFF), "reset");
        }

        [TestMethod]
        public void Close_PublishesAsleepWithWake_ThenDisconnects()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            long wake = CloudRig.Start.Ticks + TimeSpan.TicksPerDay;

            rig.Session.Close(wake);

            Assert.IsTrue(rig.Mqtt.LastText(Status).IndexOf("\"state\":\"asleep\"") > 0, "asleep");
            Assert.IsTrue(rig.Mqtt.LastText(Status).IndexOf("\"wake\":1782993600}") > 0, "wake");
            Assert.AreEqual(11, rig.Mqtt.LastFlags(Status), "retained");
            Assert.IsFalse(rig.Session.IsConnected, "closed");
        }
    }
}
