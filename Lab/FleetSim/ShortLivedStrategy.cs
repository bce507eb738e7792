namespace Lab.FleetSim;

/// <summary>
/// B: 30-day certificates and no revocation list. Revocation is the EST server refusing the device (403), so a revoked
/// device keeps connecting until the certificate it holds (or a candidate issued before the revocation) expires.
/// </summary>
internal sealed class ShortLivedStrategy(Scenario scenario) : Strategy(scenario)
{
    public override string Key => "B";

    public override string Name => $"{Scenario.ShortLifetime.TotalDays:0}-day, no CRL";

    public override TimeSpan Lifetime => Scenario.ShortLifetime;

    public override string RevocationModel => "until the certificate it holds expires (the server refuses renewal)";

    protected override int RenewAtPerMille => Scenario.ShortLivedRenewAtPerMille;

    protected override int UrgentAtPerMille => Scenario.ShortLivedUrgentAtPerMille;

    public override long ConnectCutoff(FleetDevice device, long revokedAt, FleetSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Math.Max(revokedAt, device.LatestNotAfter);
    }
}
