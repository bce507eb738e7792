namespace Lab.FleetSim;

/// <summary>
/// C: tiered validity. A 2-year identity certificate, renewed by the engine like A's, authenticates a fetch of a
/// short-lived authorization token at each session; the broker wants the token. Revocation is the token service
/// refusing the device, effective when the token it holds expires. The token service is a separate service (up
/// during the EST outage unless <see cref="Scenario.TokenServiceSharesEstOutage"/>); its load is counted on its own.
/// </summary>
internal sealed class TieredStrategy(Scenario scenario) : Strategy(scenario)
{
    public override string Key => "C";

    public override string Name => $"tiered: 2-year identity + {Scenario.TokenLifetime.TotalMinutes:0}-min token";

    public override TimeSpan Lifetime => Scenario.LongLifetime;

    public override string RevocationModel => $"until its current token expires ({Scenario.TokenLifetime.TotalMinutes:0} min, fetched at each session)";

    protected override int RenewAtPerMille => Scenario.LongLivedRenewAtPerMille;

    public override long ConnectCutoff(FleetDevice device, long revokedAt, FleetSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Math.Max(revokedAt, Math.Min(device.TokenExpiry, device.LatestNotAfter));
    }

    public override bool OpenSession(FleetDevice device, long now, FleetSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(simulation);
        if (device.Revoked)
        {
            return now < device.TokenExpiry;   // refused a new token; the one it holds still works
        }

        if ((Scenario.TokenServiceSharesEstOutage && simulation.Server.Down) || !simulation.TokenService.TryAdmit(now))
        {
            simulation.Metrics.TokenFailures++;
            return now < device.TokenExpiry;
        }

        simulation.Metrics.TokenFetch(WireCosts.TokenFetch);
        device.TokenExpiry = now + Scenario.TokenLifetime.Ticks;
        device.ObserveAuthenticatedTime(now);   // an authenticated HTTPS answer with a Date
        return true;
    }
}
