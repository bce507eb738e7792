using DeviceAgent.Renewal;

namespace Lab.VirtualDevice;

/// <summary>What the summary table shows for one device, counted once per simulated day.</summary>
internal sealed class DeviceStats
{
    public Dictionary<CredentialTier, int> DaysByTier { get; } = [];

    /// <summary>Days whose certificate had expired but could still renew inside the server's grace window.</summary>
    public int ExpiredInGraceDays { get; set; }

    /// <summary>Days without any certificate that could authenticate: none, or expired beyond the grace window.</summary>
    public int DarkDays { get; set; }

    public void CountDay(DemoDevice device, DateTime now, TimeSpan serverGrace)
    {
        RenewalStatus status = device.Runner.Status();
        DaysByTier[status.Tier] = DaysByTier.GetValueOrDefault(status.Tier) + 1;
        if (device.Current is not { } current || current.NotAfter + serverGrace <= now)
        {
            DarkDays++;
        }
        else if (current.NotAfter <= now)
        {
            ExpiredInGraceDays++;
        }
    }
}
