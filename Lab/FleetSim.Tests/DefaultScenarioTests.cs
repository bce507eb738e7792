using DeviceAgent.Renewal;

namespace Lab.FleetSim.Tests;

/// <summary>What the default scenario (outage, mass rekey, root rollover, revocations) must show, at 500 devices.</summary>
public sealed class DefaultScenarioTests(ReducedFleet fleet) : IClassFixture<ReducedFleet>
{
    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void DefaultScenario_NoDeviceEverGoesDark(string key)
    {
        StrategyResult r = fleet[key];
        Assert.Equal(0, r.Metrics.DevicesEverDark);
        Assert.Equal(0, r.Metrics.NeverEnrolled);
        Assert.Equal(0, r.Metrics.SessionsWithoutCertificate);
        Assert.All(r.DarkPerDay, n => Assert.Equal(0, n));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void Outage_DevicesBackOffAndRecoverWithoutDarkness(string key)
    {
        FleetMetrics m = fleet[key].Metrics;
        Assert.True(m.OutageDevices > 0, "some renewals fell into the outage");
        Assert.True(m.Transient >= m.OutageRequests);

        // 14 days at a 10 % miss rate offer about 12.6 windows; backoff in windows and wall time leaves far fewer tries
        double triesPerDevice = m.OutageRequests / (double)m.OutageDevices;
        Assert.InRange(triesPerDevice, 1.0, key == "B" ? 10.0 : 6.0);
        Assert.Equal(0, m.DevicesEverDark);
    }

    [Fact]
    public void RevocationLatency_TieredBeforeCrlBeforeShortLived()
    {
        StrategyResult crl = fleet["A"];
        StrategyResult shortLived = fleet["B"];
        StrategyResult tiered = fleet["C"];
        Assert.Equal(3 * fleet.Scenario.RevocationsPerDay, crl.Metrics.RevocationLatencies.Count);

        // the model: token lifetime (1 h) < CRL refresh (24 h) < certificate lifetime (30 d)
        Assert.True(tiered.RevocationLatencyMaxHours <= fleet.Scenario.TokenLifetime.TotalHours);
        Assert.True(crl.RevocationLatencyMaxHours <= fleet.Scenario.CrlRefresh.TotalHours);
        Assert.True(shortLived.RevocationLatencyMaxHours <= fleet.Scenario.ShortLifetime.TotalHours);
        Assert.True(tiered.RevocationLatencyMedianHours < crl.RevocationLatencyMedianHours);
        Assert.True(crl.RevocationLatencyMedianHours < shortLived.RevocationLatencyMedianHours);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void RevokedDevices_AreRefusedByEstAndStop(string key)
    {
        FleetMetrics m = fleet[key].Metrics;

        // each revoked device climbs from its operational certificate to the birth credential (403 both times), then stops
        Assert.Equal(2 * m.RevocationLatencies.Count, m.AuthFailed);
        Assert.True(m.SessionsRevoked > 0);
    }

    // B renews every 7.5 days (at a quarter of 30): about 45 renewals a device-year of about 7 records each (330 in the
    // full run); this fleet has 300 revoked devices of 500, so it writes fewer
    [Theory]
    [InlineData("A", 25)]
    [InlineData("B", 400)]
    [InlineData("C", 25)]
    public void FlashWrites_PerDeviceYear_StayWithinBound(string key, double bound)
    {
        StrategyResult r = fleet[key];
        Assert.InRange(r.FlashWritesPerDeviceYear, 1, bound);

        // a state record save is one framed record of RenewalState.EncodedSize bytes
        FleetMetrics m = r.Metrics;
        Assert.Equal(m.FlashWrites[(int)FlashRecords.Kind.State] * (RenewalState.EncodedSize + FlashRecords.Framing), m.FlashBytes[(int)FlashRecords.Kind.State]);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void MassRekey_EveryDeviceReenrollsOnceOnANewKey(string key)
    {
        FleetMetrics m = fleet[key].Metrics;
        int revokedBeforeRekey = fleet.Scenario.RevocationDays.Count(d => d < fleet.Scenario.RekeyDay) * fleet.Scenario.RevocationsPerDay;
        Assert.Equal(ReducedFleet.Devices - revokedBeforeRekey, m.Total(RenewalCause.Command));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void RootRollover_EveryDeviceTakesTheNewRootBeforeTheOldOneIsRetired(string key)
    {
        FleetMetrics m = fleet[key].Metrics;
        Assert.Equal(0, m.StrandedByRollover);
        Assert.InRange(m.RolloverDays, 25, fleet.Scenario.RolloverRetireAfterDays);
    }

    [Fact]
    public void Crl_GrowsWithTheRekeysSupersededCertificates_AndEmptiesAsTheyExpire()
    {
        FleetMetrics m = fleet["A"].Metrics;
        Assert.True(m.CrlPeakEntries >= ReducedFleet.Devices - (2 * fleet.Scenario.RevocationsPerDay));
        Assert.Equal(0, m.CrlEndEntries);
    }

    [Fact]
    public void TieredStrategy_FetchesATokenAtEverySession()
    {
        FleetMetrics m = fleet["C"].Metrics;
        // a revoked device may open one more session on the token it holds, without a new one
        Assert.InRange(m.TokenRequests, m.Sessions - m.RevocationLatencies.Count, m.Sessions);
        Assert.Equal(m.TokenRequests * WireCosts.TokenFetch, m.TokenBytes);
    }
}
