using System;
using DeviceAgent.Cloud;
using DeviceAgent.Tests.Est;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>One wake: renewal, then the session until quiet, reconnects with backoff, a command's renewal pass, the sleep.</summary>
    [TestClass]
    public class ConnectivityWindowTests
    {
        private const string Status = "dev/dev1/status";

        /// <summary>An enrolled device out of deep sleep: everything rebuilt from flash, the MQTT connection gone.</summary>
        private static CloudRig Woken()
        {
            CloudRig rig = CloudRig.Enrolled(false);
            rig.Mqtt.IsConnected = false;
            rig.Advance(TimeSpan.FromHours(1));
            rig.Boot();
            return rig;
        }

        private static ConnectivityWindow Window(CloudRig rig)
        {
            return new ConnectivityWindow(rig.Runner, rig.Session, rig, rig, rig);
        }

        [TestMethod]
        public void QuietWake_StatusTelemetry_ListensThenSleepsAtMostADay()
        {
            CloudRig rig = Woken();
            ConnectivityWindow window = Window(rig);

            long sleepMs = window.Run(4096);

            Assert.IsTrue(window.WasOnline, "online");
            Assert.AreEqual(1, window.Passes, "passes");
            Assert.AreEqual(2, rig.Mqtt.Connects.Count, "one connect this wake");
            Assert.AreEqual(1, rig.Mqtt.Count("dev/dev1/telemetry"), "telemetry");
            Assert.AreEqual(ConnectivityWindow.DefaultListenMs, rig.Waited, "listened");
            Assert.AreEqual(ConnectivityWindow.MaxSleepMs, sleepMs, "daily");
            Assert.IsTrue(rig.Mqtt.LastText(Status).IndexOf("\"state\":\"asleep\"") > 0, "asleep");
            Assert.IsFalse(rig.Mqtt.IsConnected, "disconnected");
        }

        [TestMethod]
        public void RenewCommand_ClosesTheSession_RenewsAndPromotesInTheSameWake()
        {
            CloudRig rig = Woken();
            rig.Mqtt.OnConnect.Add(new MqttInbound("dev/dev1/cmd", Text.Bytes("{\"id\":\"r1\",\"op\":\"renew\"}")));
            rig.Tls.Add(Ok(P7(EstFixtures.Leaf())));
            ConnectivityWindow window = Window(rig);

            window.Run(0);

            Assert.AreEqual(2, window.Passes, "second pass");
            Assert.IsTrue(window.Renewal.Promoted, "promoted");
            Assert.AreEqual(2, rig.Runner.Engine.State.Promotions, "two");
            Assert.AreEqual(2, rig.Mqtt.Disconnects, "for EST, for sleep");
            Assert.IsTrue(rig.Mqtt.LastText("dev/dev1/cmd/result").IndexOf("\"accepted\"") > 0, "result");
        }

        [TestMethod]
        public void BrokerDown_BacksOffWithinTheBudget_ThenSleeps()
        {
            CloudRig rig = Woken();
            for (int i = 0; i < 12; i++)
            {
                rig.Mqtt.Then(MqttConnectResult.TransportFailed);
            }

            ConnectivityWindow window = Window(rig);

            long sleepMs = window.Run(0);

            // waits with random ½: 1, 2, 4, 8, then 15 s each; the next 15 s would cross the 90 s budget
            Assert.IsFalse(window.WasOnline, "offline");
            Assert.AreEqual(9, window.ConnectAttempts, "attempts");
            Assert.AreEqual(75000, rig.Waited, "waited");
            Assert.IsTrue(sleepMs >= ConnectivityWindow.MinSleepMs, "sleeps");
        }

        [TestMethod]
        public void DroppedConnection_Reconnects_AndRepublishesStatus()
        {
            CloudRig rig = Woken();
            rig.Mqtt.DropAtPoll = 3;
            ConnectivityWindow window = Window(rig);

            window.Run(0);

            Assert.AreEqual(3, rig.Mqtt.Connects.Count, "reconnected");
            Assert.IsTrue(window.WasOnline, "online");
            Assert.AreEqual(3, rig.Mqtt.Count(Status), "online, online, asleep");
        }

        [TestMethod]
        public void NoCertificate_DoesNotTryTheBroker()
        {
            var rig = new CloudRig(false);
            rig.Tls.Add(null, ScriptedTls.ConnectFails).Add(null, ScriptedTls.ConnectFails);
            rig.Boot();
            ConnectivityWindow window = Window(rig);

            long sleepMs = window.Run(0);

            Assert.IsFalse(window.WasOnline, "offline");
            Assert.AreEqual(0, rig.Mqtt.Connects.Count, "no connect");
            Assert.IsTrue(sleepMs >= ConnectivityWindow.MinSleepMs && sleepMs <= ConnectivityWindow.MaxSleepMs, "bounded");
        }
    }
}
