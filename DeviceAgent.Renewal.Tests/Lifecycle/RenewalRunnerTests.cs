using System;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using DeviceAgent.Tests.Est;
using DeviceAgent.Tests.Storage;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Lifecycle
{
    /// <summary>
    /// The runner's order of writes and its boot-time repairs, in nanoCLR. The Lab's crash sweep cuts power at every
    /// point of a whole lifecycle with real ECDSA; these pin each repair path on the device runtime.
    /// </summary>
    [TestClass]
    public class RenewalRunnerTests
    {
        internal static RunnerRig Enrolled()
        {
            var rig = new RunnerRig();
            rig.Tls.Add(Ok(P7(EstFixtures.Root1()))).Add(Ok(P7(EstFixtures.Leaf())));
            rig.Boot();
            WindowResult window = rig.Runner.RunWindow(30000);
            Assert.AreEqual(1, window.CaCertsRequests, "cacerts");
            Assert.AreEqual(1, window.Requests, "requests");
            Assert.IsTrue(window.Promoted, "promoted");
            return rig;
        }

        private static void SameDer(byte[] expected, byte[] actual)
        {
            Assert.IsNotNull(actual, "der");
            Assert.AreEqual(Hex.Format(expected, 0, expected.Length), Hex.Format(actual, 0, actual.Length));
        }

        [TestMethod]
        public void FirstWindow_EnrollsWithBootstrapSecret_AndPromotes()
        {
            RunnerRig rig = Enrolled();

            string request = rig.Tls.RequestText();
            Assert.IsTrue(request.IndexOf("POST /.well-known/est/simpleenroll") == 0, "enroll");
            Assert.IsTrue(request.IndexOf("Authorization: Basic ZGV2MTpzM2NyZXQ=") > 0, "basic");
            Assert.IsNull(rig.Tls.Client, "no client cert");
            SameDer(EstFixtures.Leaf(), rig.Runner.CurrentCredential().Chain[0]);
            Assert.AreEqual((int)CredentialTier.Operational, (int)rig.Runner.Engine.State.Tier);
        }

        [TestMethod]
        public void Idle_NearDue_BuildsTheCsrWithoutConnecting()
        {
            RunnerRig rig = Enrolled();
            rig.Advance(TimeSpan.FromDays(300));   // past 2/3 of the year-long leaf

            rig.Runner.Idle();

            Assert.AreEqual(2, rig.CsrsBuilt, "csr built");
            Assert.AreEqual(2, rig.Tls.Connects, "no connection");
            Assert.IsTrue(rig.Runner.Engine.State.CsrPrepared, "prepared");
        }

        [TestMethod]
        public void RenewNow_CsrBuiltOutsideTheWindow_OneReenrollWithTheCertificate()
        {
            RunnerRig rig = Enrolled();
            rig.Advance(TimeSpan.FromDays(100));
            rig.Runner.RenewNow();
            Assert.AreEqual(2, rig.CsrsBuilt, "csr built by the command");
            rig.Tls.Add(Ok(P7(EstFixtures.Leaf())));

            WindowResult window = rig.Runner.RunWindow(30000);

            Assert.AreEqual(1, window.Requests, "requests");
            Assert.AreEqual(0, window.CaCertsRequests, "no cacerts");
            Assert.IsTrue(window.Promoted, "promoted");
            Assert.IsTrue(rig.Tls.RequestText().IndexOf("POST /.well-known/est/simplereenroll") == 0, "reenroll");
            Assert.IsTrue(rig.Tls.RequestText().IndexOf("Authorization") < 0, "no basic");
            SameDer(EstFixtures.Leaf(), rig.Tls.Client.Chain[0]);
            Assert.AreEqual(2, rig.CsrsBuilt, "no csr in the window");
        }

        [TestMethod]
        public void UnknownTime_CaCertsDateShowsNotDue_NoRenewal()
        {
            RunnerRig rig = Enrolled();
            rig.Advance(TimeSpan.FromDays(10));
            rig.Boot(false);   // a reboot without SNTP: the engine alone would call renewal due
            Assert.IsFalse(rig.Runner.Time.IsKnown, "unknown");
            byte[] body = B64(P7(EstFixtures.Root1()), 64);
            rig.Tls.Add(Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime|Date: Thu, 11 Jul 2026 12:00:00 GMT|Content-Length: " + body.Length, body));

            WindowResult window = rig.Runner.RunWindow(30000);

            Assert.AreEqual(1, window.CaCertsRequests, "cacerts");
            Assert.AreEqual(0, window.Requests, "no renewal");
            Assert.IsTrue(rig.Runner.Time.IsKnown, "known");
            Assert.AreEqual(1, rig.CsrsBuilt, "no csr");
        }

        [TestMethod]
        public void Boot_CutBetweenPromotionAndCertificateWrite_CompletesThePromotion()
        {
            var rig = new RunnerRig();
            rig.Tls.Add(Ok(P7(EstFixtures.Root1()))).Add(Ok(P7(EstFixtures.Leaf())));
            rig.Boot();
            int before = rig.Flash.Writes;
            rig.Runner.RunWindow(30000);
            int writes = rig.Flash.Writes - before;   // the last one is the certificate record, after the promotion state

            rig = new RunnerRig();
            rig.Tls.Add(Ok(P7(EstFixtures.Root1()))).Add(Ok(P7(EstFixtures.Leaf())));
            rig.Boot();
            rig.Flash.CutPowerDuringWrite(writes, 5, false);
            Assert.ThrowsException(typeof(PowerCutException), () => rig.Runner.RunWindow(30000));
            Assert.IsTrue(rig.Runner.Engine.State.CurrentPresent, "promotion saved");

            rig.Boot();

            SameDer(EstFixtures.Leaf(), rig.Runner.CurrentCredential().Chain[0]);
            Assert.AreEqual((int)RecordState.Intact, (int)rig.Runner.Credentials.LoadCurrent().State);
        }

        [TestMethod]
        public void Boot_CsrLostFromFlash_BuildsItAgain()
        {
            RunnerRig rig = Enrolled();
            rig.Advance(TimeSpan.FromDays(300));
            rig.Runner.Idle();
            rig.Flash.Put(CredentialStore.CsrName + ".0", new byte[] { 1, 2, 3 });
            rig.Flash.Put(CredentialStore.CsrName + ".1", new byte[] { 4, 5, 6 });

            rig.Boot();

            Assert.AreEqual(3, rig.CsrsBuilt, "rebuilt");
            Assert.IsTrue(rig.Runner.Engine.State.CsrPrepared, "prepared");
            Assert.IsNotNull(rig.Runner.Credentials.LoadCsr().Der, "stored");
        }

        [TestMethod]
        public void Boot_CertificateLostFromFlash_EnrollsAgainWithBirthCredential()
        {
            RunnerRig rig = Enrolled();
            rig.Flash.Put(CredentialStore.CurrentName + ".0", new byte[] { 1, 2, 3 });
            rig.Flash.Put(CredentialStore.CurrentName + ".1", new byte[] { 4, 5, 6 });
            rig.Flash.Put(CredentialStore.CandidateName + ".0", new byte[] { 7 });   // else the copy there is rolled forward
            rig.Flash.Put(CredentialStore.CandidateName + ".1", new byte[] { 8 });

            rig.Boot();

            Assert.IsFalse(rig.Runner.Engine.State.CurrentPresent, "no current");
            Assert.AreEqual((int)CredentialTier.Birth, (int)rig.Runner.Engine.State.Tier);
            Assert.IsNull(rig.Runner.CurrentCredential(), "none");
            rig.Tls.Add(Ok(P7(EstFixtures.Leaf())));
            WindowResult window = rig.Runner.RunWindow(30000);
            Assert.IsTrue(window.Promoted, "re-enrolled");
            Assert.IsTrue(rig.Tls.RequestText().IndexOf("POST /.well-known/est/simpleenroll") == 0, "enroll");
        }

        [TestMethod]
        public void Window_TooShortForCsrAndRequest_SendsNoEnrollment()
        {
            var rig = new RunnerRig();
            rig.Tls.Add(Ok(P7(EstFixtures.Root1())));
            rig.Boot();

            WindowResult window = rig.Runner.RunWindow(RenewalEngine.DefaultRequestCostMs);

            Assert.AreEqual(0, window.Requests, "requests");
            Assert.AreEqual(1, window.CaCertsRequests, "the spare time checks the anchors");
            Assert.AreEqual((int)RenewalReport.BudgetTooShort, (int)window.Report);
            Assert.AreEqual(0, rig.CsrsBuilt, "csr");
        }
    }
}
