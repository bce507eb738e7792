using System;

namespace DeviceAgent.Cloud
{
    /// <summary>Ticks (as <see cref="DateTime.Ticks"/>, UTC) to Unix seconds, the time format of every cloud payload.</summary>
    public static class UnixTime
    {
        // Computed, not a literal: the same expression is right on nanoFramework and on desktop .NET.
        private static readonly long EpochTicks = new DateTime(1970, 1, 1, 0, 0, 0).Ticks;

        /// <summary>Whole seconds since 1970-01-01T00:00:00Z (floored); negative before it.</summary>
        public static long Seconds(long ticks)
        {
            long t = ticks - EpochTicks;
            long seconds = t / TimeSpan.TicksPerSecond;
            return t < 0 && seconds * TimeSpan.TicksPerSecond != t ? seconds - 1 : seconds;
        }

        /// <summary>Ticks of <paramref name="seconds"/> since the Unix epoch.</summary>
        public static long Ticks(long seconds)
        {
            return EpochTicks + (seconds * TimeSpan.TicksPerSecond);
        }
    }
}
