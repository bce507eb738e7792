namespace Lab.FleetSim.Tests;

/// <summary>The pieces of the model on their own: capacity, CRL size, revocation list, options.</summary>
public sealed class ModelTests
{
    [Fact]
    public void Capacity_RefusesTheRequestBeyondItsLimit_AndFreesSlotsAfterTheServiceTime()
    {
        var capacity = new CapacityModel(2, TimeSpan.FromMilliseconds(200));
        long t = TimeSpan.TicksPerDay;
        Assert.True(capacity.TryAdmit(t));
        Assert.True(capacity.TryAdmit(t + TimeSpan.TicksPerMillisecond));
        Assert.False(capacity.TryAdmit(t + (2 * TimeSpan.TicksPerMillisecond)));
        Assert.True(capacity.TryAdmit(t + (200 * TimeSpan.TicksPerMillisecond)));
        Assert.Equal(2, capacity.PeakInFlight);
        Assert.Equal(1, capacity.Refused);
        Assert.Throws<InvalidOperationException>(() => capacity.TryAdmit(t));
    }

    [Fact]
    public void CrlSize_MeasuredWithDotNet_IsAFewHundredBytesPlusTensPerEntry()
    {
        CrlSizeModel crl = CrlSizeModel.Measure();
        Assert.InRange(crl.BaseBytes, 150, 450);
        Assert.InRange(crl.PerEntryBytes, 30, 60);
        Assert.Equal(crl.BaseBytes, crl.Bytes(0));
    }

    [Fact]
    public void RevocationList_DropsEntriesOnceTheirCertificateExpired()
    {
        var list = new RevocationList();
        list.Add(100);
        list.Add(300);
        list.Add(200);
        list.Advance(200);
        Assert.Equal(1, list.Count);
        Assert.Equal(3, list.PeakCount);
    }

    [Fact]
    public void Server_RefusesAnExpiredCertificateAfterGrace_ARevokedDevice_AndARekeyUnlessAllowed()
    {
        var server = new ServerModel(new ServerSettings(), 2, TimeSpan.FromDays(30));
        long day = TimeSpan.TicksPerDay;
        long now = 1000 * day;
        EstRequest Reenroll(long notAfter, bool newKey = false) => new(0, EstOperationKind.SimpleReenroll, notAfter - (30 * day), notAfter, newKey, false);

        Assert.Equal(200, server.Handle(Reenroll(now + day), now).Status);
        Assert.Equal(200, server.Handle(Reenroll(now - (6 * day)), now + 1).Status);   // in the 7-day grace window
        Assert.Equal(401, server.Handle(Reenroll(now - (8 * day)), now + 2).Status);
        Assert.Equal(403, server.Handle(Reenroll(now + day, newKey: true), now + 3).Status);
        server.Settings = server.Settings with { AllowRekey = true };
        Assert.Equal(200, server.Handle(Reenroll(now + day, newKey: true), now + 4).Status);
        server.Revoke(0);
        Assert.Equal(403, server.Handle(Reenroll(now + day), now + 5).Status);
        Assert.Equal(403, server.Handle(new EstRequest(0, EstOperationKind.SimpleEnroll, 0, 0, false, false), now + 6).Status);
        server.Down = true;
        EstAnswer down = server.Handle(new EstRequest(1, EstOperationKind.SimpleEnroll, 0, 0, false, false), now + 7);
        Assert.Equal(0, down.Status);
        Assert.False(down.HasDate);
    }

    [Fact]
    public void Options_ParseTheDocumentedFlags()
    {
        Options o = Options.Parse(["--devices", "1234", "--years", "3", "--seed", "9", "--miss-rate", "0.2", "--out", "x", "--no-charts"]);
        Assert.Equal(1234, o.Scenario.Devices);
        Assert.Equal(3, o.Scenario.Years);
        Assert.Equal(9UL, o.Scenario.Seed);
        Assert.Equal(0.2, o.Scenario.MissRate);
        Assert.Equal("x", o.ChartDirectory());
        Assert.False(o.Charts);
        Assert.Equal(2000, Options.Parse(["--quick"]).Scenario.Devices);
        Assert.Throws<ArgumentException>(() => Options.Parse(["--bogus"]));
    }

    [Fact]
    public void Table_AndCharts_AreWrittenForAShortRun()
    {
        Scenario s = Scenario.Default(100) with { Years = 1 };
        CrlSizeModel crl = CrlSizeModel.Measure();
        IReadOnlyList<StrategyResult> results = FleetRun.Run(s, null, crl);
        string table = ResultTable.Render(s, results);
        Assert.Contains("devices ever dark", table, StringComparison.Ordinal);
        Assert.Contains("| A: 2-year + CRL | B: 30-day, no CRL | C: tiered", table, StringComparison.Ordinal);
        string dir = Path.Combine(Path.GetTempPath(), "fleetsim-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            IReadOnlyList<string> files = Charts.Write(dir, s, results, crl);
            Assert.Equal(3, files.Count);   // one year: no outage chart
            Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 1000));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
