namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The time as the caller read it from <see cref="TrustedTime"/>, handed to each engine step: the engine never
    /// reads a clock. Expiry is judged on <see cref="Floor"/>, due and urgent on <see cref="Estimate"/>, and an
    /// unknown time counts as "renewal due".
    /// </summary>
    public struct TimeReading
    {
        /// <summary>A reading of <paramref name="estimate"/> and <paramref name="floor"/> ticks.</summary>
        public TimeReading(long estimate, long floor, bool known)
        {
            Estimate = estimate;
            Floor = floor;
            Known = known;
        }

        /// <summary>Best estimate of the real time (ticks).</summary>
        public long Estimate { get; }

        /// <summary>A time not later than the real time (ticks).</summary>
        public long Floor { get; }

        /// <summary>False until an external time source has been seen since boot.</summary>
        public bool Known { get; }

        /// <summary>Reads <paramref name="time"/> at <paramref name="uptimeMs"/>.</summary>
        public static TimeReading From(TrustedTime time, long uptimeMs)
        {
            return new TimeReading(time.Estimate(uptimeMs).Ticks, time.Floor(uptimeMs).Ticks, time.IsKnown);
        }
    }
}
