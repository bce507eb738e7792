using System;

namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The device's idea of the time, without a battery-backed clock and without trusting any single source.
    /// Two values move forward with uptime: a <see cref="Floor"/> that is provably not later than the real time
    /// and never goes backwards, and an <see cref="Estimate"/> of the real time.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Floor: the persisted floor from before the reboot, the notBefore of a certificate issued to us, and the
    /// Date of a TLS-authenticated server response; each can only raise it. Decisions that would discard something
    /// valid (is my certificate expired?) use the floor, so neither a clock reset to 1970 nor a forged SNTP answer
    /// can make the device drop a good certificate or accept one expired before the floor.</item>
    /// <item>Estimate: the floor, raised by SNTP within a plausibility bound (<see cref="MaxSntpAdvance"/> beyond
    /// the floor). Decisions where early is harmless (is renewal due?) use the estimate.</item>
    /// <item>Until an external source has been seen since boot the time is not <see cref="IsKnown"/>, and the
    /// renewal engine acts as if renewal were due: renewing early is harmless, trusting a wrong clock is not.</item>
    /// </list>
    /// Pure: the caller passes uptime in milliseconds (monotonic since boot); nothing here reads a clock.
    /// </remarks>
    public sealed class TrustedTime
    {
        /// <summary>How far beyond the floor an unauthenticated SNTP answer may move the estimate (default 3 years).</summary>
        public static readonly TimeSpan DefaultMaxSntpAdvance = TimeSpan.FromDays(3 * 366);

        /// <summary>Slack for clocks that disagree by a little (SNTP just below the floor is not an attack).</summary>
        public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

        private long _floorTicks;
        private long _floorUptimeMs;
        private long _estimateTicks;
        private long _estimateUptimeMs;

        /// <summary>
        /// Starts at boot (uptime 0) from the floor persisted before the reboot. A device that has never known the
        /// time passes the firmware's build date: SNTP is then believed only up to <see cref="MaxSntpAdvance"/>
        /// beyond it, and anything later needs an authenticated source.
        /// </summary>
        public TrustedTime(DateTime persistedFloor)
        {
            _floorTicks = persistedFloor.Ticks;
            _estimateTicks = persistedFloor.Ticks;
            MaxSntpAdvance = DefaultMaxSntpAdvance;
        }

        /// <summary>Plausibility bound for SNTP: answers further than this beyond the floor are ignored.</summary>
        public TimeSpan MaxSntpAdvance { get; set; }

        /// <summary>True once an authenticated source or a plausible SNTP answer has been seen since boot.</summary>
        public bool IsKnown { get; private set; }

        /// <summary>A time not later than the real time, at <paramref name="uptimeMs"/>; never decreases.</summary>
        public DateTime Floor(long uptimeMs)
        {
            return Advance(_floorTicks, _floorUptimeMs, uptimeMs);
        }

        /// <summary>The best estimate of the real time at <paramref name="uptimeMs"/>; never below the floor.</summary>
        public DateTime Estimate(long uptimeMs)
        {
            DateTime estimate = Advance(_estimateTicks, _estimateUptimeMs, uptimeMs);
            DateTime floor = Floor(uptimeMs);
            return estimate > floor ? estimate : floor;
        }

        /// <summary>The Date of a response from a server whose TLS certificate chained to our trust anchor.</summary>
        public void ObserveAuthenticatedTime(DateTime serverTime, long uptimeMs)
        {
            RaiseFloor(serverTime, uptimeMs);
            SetEstimate(serverTime, uptimeMs);
            IsKnown = true;
        }

        /// <summary>The notBefore of a certificate issued to this device and validated against its anchors.</summary>
        public void ObserveCertificateNotBefore(DateTime notBefore, long uptimeMs)
        {
            RaiseFloor(notBefore, uptimeMs);
            IsKnown = true;
        }

        /// <summary>
        /// An unauthenticated SNTP answer. Accepted into the estimate only between the floor (less
        /// <see cref="Skew"/>) and the floor plus <see cref="MaxSntpAdvance"/>; it never moves the floor.
        /// </summary>
        /// <returns>True when accepted.</returns>
        public bool ObserveSntp(DateTime sntpTime, long uptimeMs)
        {
            // In ticks: near DateTime.MinValue (a device that never knew the time) DateTime arithmetic would throw.
            long floor = Floor(uptimeMs).Ticks;
            long sntp = sntpTime.Ticks;
            if (sntp < floor - Skew.Ticks || sntp > floor + MaxSntpAdvance.Ticks)
            {
                return false;
            }

            SetEstimate(sntpTime, uptimeMs);
            IsKnown = true;
            return true;
        }

        private void RaiseFloor(DateTime candidate, long uptimeMs)
        {
            if (candidate > Floor(uptimeMs))
            {
                _floorTicks = candidate.Ticks;
                _floorUptimeMs = uptimeMs;
            }
        }

        private void SetEstimate(DateTime value, long uptimeMs)
        {
            _estimateTicks = value.Ticks;
            _estimateUptimeMs = uptimeMs;
        }

        private static DateTime Advance(long baseTicks, long baseUptimeMs, long uptimeMs)
        {
            long elapsed = uptimeMs - baseUptimeMs;
            if (elapsed < 0)
            {
                elapsed = 0;
            }

            long ticks = baseTicks + (elapsed * TimeSpan.TicksPerMillisecond);
            return ticks > DateTime.MaxValue.Ticks ? DateTime.MaxValue : new DateTime(ticks, DateTimeKind.Utc);
        }
    }
}
