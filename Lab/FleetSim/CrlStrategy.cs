namespace Lab.FleetSim;

/// <summary>
/// A: 2-year certificates with a revocation list. The broker that devices connect to refreshes the CRL every
/// <see cref="Scenario.CrlRefresh"/> (at fixed times from day 0, 00:00) and refuses listed certificates; the CA
/// publishes a new CRL at once when it revokes. What-if cost: each device fetching the CRL at each session.
/// </summary>
internal sealed class CrlStrategy(Scenario scenario) : Strategy(scenario)
{
    public override string Key => "A";

    public override string Name => "2-year + CRL";

    public override TimeSpan Lifetime => Scenario.LongLifetime;

    public override bool UsesCrl => true;

    public override string RevocationModel =>
        $"until the broker's next CRL refresh (every {Scenario.CrlRefresh.TotalHours:0} h)";

    protected override int RenewAtPerMille => Scenario.LongLivedRenewAtPerMille;

    public override long ConnectCutoff(FleetDevice device, long revokedAt, FleetSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(device);
        long start = Scenario.Start.Ticks;
        long refresh = Scenario.CrlRefresh.Ticks;
        long nextRefresh = start + ((((revokedAt - start) / refresh) + 1) * refresh);
        return Math.Max(revokedAt, Math.Min(nextRefresh, device.LatestNotAfter));
    }

    public override bool OpenSession(FleetDevice device, long now, FleetSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        simulation.Metrics.CrlFetch(WireCosts.CrlFetchOverhead + simulation.Crl.Bytes(simulation.Server.Revocations.Count));
        return true;
    }
}
