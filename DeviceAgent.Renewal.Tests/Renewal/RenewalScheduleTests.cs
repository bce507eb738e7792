using System;
using DeviceAgent.Renewal;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Renewal
{
    /// <summary>Policy arithmetic: due dates, jitter spread, phases, backoff bounds, Retry-After clamping, validation.</summary>
    [TestClass]
    public class RenewalScheduleTests
    {
        private static readonly DateTime NotBefore = new DateTime(2026, 1, 1, 0, 0, 0);
        private static readonly DateTime NotAfter = new DateTime(2028, 1, 1, 0, 0, 0);   // 730 days

        [TestMethod]
        [DataRow(0u, 468.66)]              // 0.667 × 730 days, minus half the 5 % band (18.25 days)
        [DataRow(0x80000000u, 486.91)]     // the middle of the band: 0.667 × 730
        [DataRow(0xFFFFFFFFu, 505.16)]     // top of the band: plus 18.25 days
        public void DueTime_IsTwoThirdsOfLifetimeShiftedByJitter(uint jitter, double expectedDays)
        {
            DateTime due = RenewalSchedule.DueTime(new RenewalPolicy(), NotBefore, NotAfter, jitter);

            double days = (due - NotBefore).Ticks / (double)TimeSpan.TicksPerDay;
            Assert.IsTrue(days > expectedDays - 0.01 && days < expectedDays + 0.01, "due after " + days.ToString() + " days");
        }

        [TestMethod]
        public void JitterUnit_SpreadsAFleetAcrossTheBand()
        {
            var policy = new RenewalPolicy();
            var buckets = new int[10];
            var serial = new byte[9];
            for (int device = 0; device < 2000; device++)
            {
                serial[0] = 0x01;
                serial[1] = 0x23;
                serial[2] = (byte)device;
                serial[3] = (byte)(device >> 8);
                DateTime due = RenewalSchedule.DueTime(policy, NotBefore, NotAfter, RenewalSchedule.JitterUnit(serial));
                long offset = due.Ticks - RenewalSchedule.DueTime(policy, NotBefore, NotAfter, 0).Ticks;
                long band = RenewalSchedule.DueTime(policy, NotBefore, NotAfter, 0xFFFFFFFF).Ticks - RenewalSchedule.DueTime(policy, NotBefore, NotAfter, 0).Ticks;
                buckets[(int)(offset * 10 / (band + 1))]++;
            }

            for (int i = 0; i < buckets.Length; i++)
            {
                // 200 expected per bucket; a fair spread stays well within ±35 %.
                Assert.IsTrue(buckets[i] > 130 && buckets[i] < 270, "bucket " + i + " holds " + buckets[i]);
            }
        }

        [TestMethod]
        public void PhaseAt_WalksThroughTheLifetime()
        {
            var policy = new RenewalPolicy();
            uint middle = 0x80000000;

            Assert.AreEqual((int)RenewalPhase.NotDue, (int)Phase(policy, middle, NotBefore.AddDays(400)));
            Assert.AreEqual((int)RenewalPhase.Due, (int)Phase(policy, middle, NotBefore.AddDays(500)));
            Assert.AreEqual((int)RenewalPhase.Urgent, (int)Phase(policy, middle, NotBefore.AddDays(660)));
            Assert.AreEqual((int)RenewalPhase.Grace, (int)Phase(policy, middle, NotAfter.AddDays(10)));
            Assert.AreEqual((int)RenewalPhase.Lapsed, (int)Phase(policy, middle, NotAfter.AddDays(31)));
        }

        [TestMethod]
        public void PhaseAt_FarFutureEstimateWithOldFloor_RenewsButNeverDropsTheCertificate()
        {
            // A forged or wrong clock says 2040; the floor (authenticated) is still in the first year.
            RenewalPhase phase = RenewalSchedule.PhaseAt(new RenewalPolicy(), NotBefore, NotAfter, 0,
                new DateTime(2040, 1, 1, 0, 0, 0), NotBefore.AddDays(100));

            Assert.AreEqual((int)RenewalPhase.Urgent, (int)phase);
        }

        [TestMethod]
        public void Backoff_StaysWithinTheGrowingCeilingAndTheCap()
        {
            var policy = new RenewalPolicy();

            Assert.AreEqual(0, RenewalSchedule.BackoffSeconds(policy, 0, 0xFFFFFFFF));
            Assert.AreEqual(60, RenewalSchedule.BackoffSeconds(policy, 1, 0xFFFFFFFF));
            Assert.AreEqual(120, RenewalSchedule.BackoffSeconds(policy, 2, 0xFFFFFFFF));
            Assert.AreEqual(0, RenewalSchedule.BackoffSeconds(policy, 2, 0));
            Assert.AreEqual(86400, RenewalSchedule.BackoffSeconds(policy, 40, 0xFFFFFFFF));
            Assert.AreEqual(43200, RenewalSchedule.BackoffSeconds(policy, 40, 0x80000000));
            for (int failures = 1; failures < 50; failures++)
            {
                int delay = RenewalSchedule.BackoffSeconds(policy, failures, (uint)(failures * 2654435761u));
                Assert.IsTrue(delay >= 0 && delay <= policy.BackoffCapSeconds, "failures " + failures);
            }
        }

        [TestMethod]
        public void WindowsToSkip_GrowsToTheCap_AndIsZeroWhenUrgent()
        {
            var policy = new RenewalPolicy();

            Assert.AreEqual(0, RenewalSchedule.WindowsToSkip(policy, 1, RenewalPhase.Due));
            Assert.AreEqual(1, RenewalSchedule.WindowsToSkip(policy, 2, RenewalPhase.Due));
            Assert.AreEqual(3, RenewalSchedule.WindowsToSkip(policy, 3, RenewalPhase.Due));
            Assert.AreEqual(7, RenewalSchedule.WindowsToSkip(policy, 4, RenewalPhase.Due));
            Assert.AreEqual(7, RenewalSchedule.WindowsToSkip(policy, 30, RenewalPhase.Due));
            Assert.AreEqual(0, RenewalSchedule.WindowsToSkip(policy, 30, RenewalPhase.Urgent));
            Assert.AreEqual(0, RenewalSchedule.WindowsToSkip(policy, 30, RenewalPhase.Grace));
        }

        [TestMethod]
        public void RetryAfter_IsClampedToPolicyBounds()
        {
            var policy = new RenewalPolicy();

            Assert.AreEqual(10, RenewalSchedule.ClampRetryAfter(policy, 0));
            Assert.AreEqual(600, RenewalSchedule.ClampRetryAfter(policy, 600));
            Assert.AreEqual(172800, RenewalSchedule.ClampRetryAfter(policy, 10000000000L));
        }

        [TestMethod]
        public void Policy_EncodeDecode_RoundTrips_AndValidates()
        {
            var policy = new RenewalPolicy();
            policy.Version = 7;
            policy.RenewAtPerMille = 500;
            policy.RekeyOnRenewal = true;

            RenewalPolicy back = RenewalPolicy.Decode(policy.Encode(), 0, RenewalPolicy.EncodedSize);

            Assert.AreEqual(7, back.Version);
            Assert.AreEqual(500, back.RenewAtPerMille);
            Assert.IsTrue(back.RekeyOnRenewal);
            Assert.AreEqual(policy.GraceSeconds, back.GraceSeconds);
        }

        [TestMethod]
        [DataRow(990, 50, 900)]   // due after urgent
        [DataRow(667, 50, 680)]   // jitter band reaches into urgent
        [DataRow(50, 50, 900)]    // due before 10 %
        [DataRow(667, 300, 900)]  // jitter too wide
        public void Policy_Inconsistent_IsRejected(int renewAt, int jitter, int urgentAt)
        {
            var policy = new RenewalPolicy();
            policy.RenewAtPerMille = renewAt;
            policy.JitterPerMille = jitter;
            policy.UrgentAtPerMille = urgentAt;

            Assert.ThrowsException(typeof(ArgumentException), () => policy.Validate());
        }

        [TestMethod]
        public void Policy_DecodeOfGarbage_IsRejected()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => RenewalPolicy.Decode(new byte[5], 0, 5));
            byte[] encoded = new RenewalPolicy().Encode();
            encoded[5] = 0xFF;   // RenewAtPerMille = 0x7FFF: out of range
            encoded[6] = 0x7F;
            Assert.ThrowsException(typeof(ArgumentException), () => RenewalPolicy.Decode(encoded, 0, encoded.Length));
        }

        private static RenewalPhase Phase(RenewalPolicy policy, uint jitter, DateTime now)
        {
            return RenewalSchedule.PhaseAt(policy, NotBefore, NotAfter, jitter, now, now);
        }
    }
}
