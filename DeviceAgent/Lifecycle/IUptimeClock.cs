namespace DeviceAgent.Lifecycle
{
    /// <summary>Monotonic milliseconds since boot: the only clock the runner reads (wall time comes from <see cref="Renewal.TrustedTime"/>).</summary>
    public interface IUptimeClock
    {
        /// <summary>Milliseconds since boot; never decreases.</summary>
        long UptimeMs { get; }
    }
}
