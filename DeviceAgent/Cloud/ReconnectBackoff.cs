namespace DeviceAgent.Cloud
{
    /// <summary>
    /// How long to wait before the next MQTT connect after <c>failures</c> failed ones: exponential with full jitter,
    /// a uniform draw in [0, min(<see cref="CapMs"/>, <see cref="BaseMs"/> × 2^(failures−1))]. Full jitter spreads a
    /// fleet that lost the broker at the same moment over the whole interval instead of reconnecting in waves; the
    /// cap keeps a retry inside a connectivity window. Pure: the caller supplies the uniform random value.
    /// </summary>
    public static class ReconnectBackoff
    {
        /// <summary>Ceiling of the first wait.</summary>
        public const int BaseMs = 2000;

        /// <summary>Largest ceiling: a device online for a minute a day still gets several tries.</summary>
        public const int CapMs = 30000;

        /// <summary>The wait in milliseconds; 0 when nothing failed yet.</summary>
        public static int DelayMs(int failures, uint random)
        {
            if (failures <= 0)
            {
                return 0;
            }

            long ceiling = BaseMs;
            for (int i = 1; i < failures && ceiling < CapMs; i++)
            {
                ceiling *= 2;
            }

            if (ceiling > CapMs)
            {
                ceiling = CapMs;
            }

            return (int)(((ceiling + 1) * random) >> 32);
        }
    }
}
