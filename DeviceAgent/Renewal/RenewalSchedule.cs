using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The policy arithmetic, as pure functions of their inputs (the certificate's validity, the device serial
    /// number, the time, a random value the caller supplies), so the same numbers come out on the board, in the
    /// virtual device and in a fleet simulation.
    /// </summary>
    public static class RenewalSchedule
    {
        /// <summary>
        /// The device's jitter position in [0, 2^32): the first four bytes of SHA-256(serial number). Stable for a
        /// device, spread evenly over a fleet, so certificates issued on one day are not all renewed on one day.
        /// </summary>
        public static uint JitterUnit(byte[] serialNumber)
        {
            byte[] hash = Sha256.Hash(serialNumber, 0, serialNumber.Length);
            return (uint)(hash[0] << 24 | hash[1] << 16 | hash[2] << 8 | hash[3]);
        }

        /// <summary>notBefore + lifetime × (RenewAt + Jitter × (u − ½)) with u from <see cref="JitterUnit"/>.</summary>
        public static DateTime DueTime(RenewalPolicy policy, DateTime notBefore, DateTime notAfter, uint jitterUnit)
        {
            long lifetime = notAfter.Ticks - notBefore.Ticks;
            // Per-mille offset of this device within the jitter band, in millionths to keep precision.
            long positionMicro = ((long)policy.RenewAtPerMille * 1000) + ((((long)jitterUnit * policy.JitterPerMille * 1000) >> 32) - ((long)policy.JitterPerMille * 500));
            return new DateTime(notBefore.Ticks + Share(lifetime, positionMicro));
        }

        /// <summary>Start of the urgent phase: notBefore + lifetime × UrgentAt.</summary>
        public static DateTime UrgentTime(RenewalPolicy policy, DateTime notBefore, DateTime notAfter)
        {
            return new DateTime(notBefore.Ticks + Share(notAfter.Ticks - notBefore.Ticks, (long)policy.UrgentAtPerMille * 1000));
        }

        /// <summary>End of the grace phase: notAfter + Grace.</summary>
        public static DateTime GraceEnd(RenewalPolicy policy, DateTime notAfter)
        {
            return notAfter.AddSeconds(policy.GraceSeconds);
        }

        /// <summary>
        /// The phase of a certificate at <paramref name="now"/>. Expiry (Grace, Lapsed) is judged against
        /// <paramref name="floor"/>, a time known not to be later than the real one, so a wrong clock cannot make
        /// the device give up a valid certificate; due and urgent are judged against the estimate, where early is
        /// harmless. With the time unknown, call with now = DateTime.MaxValue: the certificate is treated as due.
        /// </summary>
        public static RenewalPhase PhaseAt(RenewalPolicy policy, DateTime notBefore, DateTime notAfter, uint jitterUnit, DateTime now, DateTime floor)
        {
            if (floor >= notAfter)
            {
                return floor < GraceEnd(policy, notAfter) ? RenewalPhase.Grace : RenewalPhase.Lapsed;
            }

            if (now >= UrgentTime(policy, notBefore, notAfter))
            {
                return RenewalPhase.Urgent;
            }

            return now >= DueTime(policy, notBefore, notAfter, jitterUnit) ? RenewalPhase.Due : RenewalPhase.NotDue;
        }

        /// <summary>
        /// Exponential backoff with full jitter: a uniform draw in [0, min(cap, base × 2^(failures−1))] seconds,
        /// <paramref name="random"/> being the caller's uniform 32-bit value. Zero failures → no wait.
        /// </summary>
        public static int BackoffSeconds(RenewalPolicy policy, int failures, uint random)
        {
            if (failures <= 0)
            {
                return 0;
            }

            long ceiling = policy.BackoffBaseSeconds;
            for (int i = 1; i < failures && ceiling < policy.BackoffCapSeconds; i++)
            {
                ceiling *= 2;
            }

            if (ceiling > policy.BackoffCapSeconds)
            {
                ceiling = policy.BackoffCapSeconds;
            }

            return (int)(((ceiling + 1) * random) >> 32);
        }

        /// <summary>
        /// Connectivity windows to let pass after <paramref name="failures"/> transient failures: 2^(failures−1) − 1,
        /// capped by the policy, and none in the urgent and grace phases, where every window counts.
        /// </summary>
        public static int WindowsToSkip(RenewalPolicy policy, int failures, RenewalPhase phase)
        {
            if (failures <= 1 || phase == RenewalPhase.Urgent || phase == RenewalPhase.Grace)
            {
                return 0;
            }

            int skip = 1;
            for (int i = 2; i < failures && skip < policy.MaxWindowsSkipped; i++)
            {
                skip = (skip * 2) + 1;
            }

            return skip > policy.MaxWindowsSkipped ? policy.MaxWindowsSkipped : skip;
        }

        /// <summary>A server's Retry-After clamped to the policy's bounds.</summary>
        public static int ClampRetryAfter(RenewalPolicy policy, long seconds)
        {
            if (seconds < policy.RetryAfterMinSeconds)
            {
                return policy.RetryAfterMinSeconds;
            }

            return seconds > policy.RetryAfterMaxSeconds ? policy.RetryAfterMaxSeconds : (int)seconds;
        }

        private static long Share(long lifetimeTicks, long perMillion)
        {
            // lifetime × perMillion / 10^6 without overflowing for lifetimes of decades.
            return ((lifetimeTicks / 1000000) * perMillion) + (((lifetimeTicks % 1000000) * perMillion) / 1000000);
        }
    }
}
