using System;
using DeviceAgent.Renewal;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Renewal
{
    /// <summary>The time floor never goes backwards and only authenticated sources raise it.</summary>
    [TestClass]
    public class TrustedTimeTests
    {
        private static readonly DateTime Persisted = new DateTime(2026, 11, 1, 0, 0, 0);

        [TestMethod]
        public void AfterBoot_TimeIsUnknown_FloorIsPersistedPlusUptime()
        {
            var time = new TrustedTime(Persisted);

            Assert.IsFalse(time.IsKnown);
            Assert.AreEqual(Persisted.AddMinutes(10), time.Floor(10 * 60 * 1000));
            Assert.AreEqual(Persisted.AddMinutes(10), time.Estimate(10 * 60 * 1000));
        }

        [TestMethod]
        public void SntpJumpTo1970_IsIgnored()
        {
            var time = new TrustedTime(Persisted);

            Assert.IsFalse(time.ObserveSntp(new DateTime(1970, 1, 1, 0, 0, 0), 1000));

            Assert.IsFalse(time.IsKnown);
            Assert.AreEqual(Persisted.AddSeconds(1), time.Estimate(1000));
        }

        [TestMethod]
        public void PlausibleSntp_RaisesEstimateButNeverTheFloor()
        {
            var time = new TrustedTime(Persisted);
            DateTime sntp = Persisted.AddDays(40);

            Assert.IsTrue(time.ObserveSntp(sntp, 0));

            Assert.IsTrue(time.IsKnown);
            Assert.AreEqual(sntp.AddSeconds(5), time.Estimate(5000));
            Assert.AreEqual(Persisted.AddSeconds(5), time.Floor(5000));
        }

        [TestMethod]
        public void ForgedFarFutureSntp_IsRejected()
        {
            var time = new TrustedTime(Persisted);

            Assert.IsFalse(time.ObserveSntp(Persisted.AddDays(20 * 366), 0));

            Assert.AreEqual(Persisted, time.Estimate(0));
        }

        [TestMethod]
        public void AuthenticatedDate_RaisesFloorAndEstimate()
        {
            var time = new TrustedTime(Persisted);
            DateTime server = Persisted.AddDays(3);

            time.ObserveAuthenticatedTime(server, 2000);

            Assert.AreEqual(server.AddSeconds(1), time.Floor(3000));
            Assert.AreEqual(server.AddSeconds(1), time.Estimate(3000));
            Assert.IsTrue(time.IsKnown);
        }

        [TestMethod]
        public void OlderAuthenticatedSource_NeverLowersTheFloor()
        {
            var time = new TrustedTime(Persisted);
            time.ObserveCertificateNotBefore(Persisted.AddDays(10), 0);

            time.ObserveCertificateNotBefore(Persisted.AddDays(1), 1000);
            time.ObserveAuthenticatedTime(Persisted.AddDays(2), 1000);

            Assert.IsTrue(time.Floor(1000) >= Persisted.AddDays(10));
            Assert.IsTrue(time.Estimate(1000) >= time.Floor(1000), "estimate never below floor");
        }

        [TestMethod]
        public void NeverKnownDevice_StartsFromMinValue_AndSntpIsPlausibleOnlyNearIt()
        {
            var time = new TrustedTime(DateTime.MinValue);

            Assert.IsFalse(time.ObserveSntp(new DateTime(2026, 11, 27, 0, 0, 0), 0));
            time.ObserveCertificateNotBefore(new DateTime(2026, 11, 20, 0, 0, 0), 0);

            Assert.IsTrue(time.ObserveSntp(new DateTime(2026, 11, 27, 0, 0, 0), 0));
        }

        [TestMethod]
        public void UptimeGoingBackwards_DoesNotMoveTimeBackwards()
        {
            var time = new TrustedTime(Persisted);
            time.ObserveAuthenticatedTime(Persisted.AddDays(1), 50000);

            Assert.AreEqual(Persisted.AddDays(1), time.Floor(10000));
        }
    }
}
