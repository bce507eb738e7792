namespace Lab.FleetSim;

/// <summary>The figures of one strategy's run, derived from its <see cref="FleetMetrics"/>: what the table shows and tests assert.</summary>
internal sealed class StrategyResult
{
    public StrategyResult(Strategy strategy, FleetSimulation simulation, TimeSpan wallTime)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(simulation);
        Strategy = strategy;
        Metrics = simulation.Metrics;
        WallTime = wallTime;
        FleetMetrics m = Metrics;
        double deviceYears = Math.Max(m.DeviceYears, 1e-9);
        RenewalsPerDay = m.RenewalsPerDay();
        ScheduledPerDay = m.Renewals[(int)RenewalCause.Scheduled];
        DarkPerDay = m.DarkPerDay();
        Renewals = RenewalsPerDay.Sum(x => (long)x);
        MeanRenewalsPerDay = Renewals / (double)m.Days;
        PeakRenewalsPerDay = RenewalsPerDay.Max();
        PeakDay = Array.IndexOf(RenewalsPerDay, PeakRenewalsPerDay);
        long scheduled = ScheduledPerDay.Sum(x => (long)x);
        MeanScheduledPerDay = scheduled / (double)m.Days;
        PeakScheduledPerDay = ScheduledPerDay.Max();
        long accepted = Renewals + m.Total(RenewalCause.Enrollment);
        RequestsPerCertificate = accepted == 0 ? double.NaN : m.EstRequests / (double)accepted;
        BytesPerCertificate = accepted == 0 ? double.NaN : m.EstBytes / (double)accepted;
        EstRequestsPerDeviceYear = m.EstRequests / deviceYears;
        CaCertsPerDeviceYear = m.CaCertsRequests / deviceYears;
        WireBytesPerDeviceYear = (m.EstBytes + m.CaCertsBytes + m.TokenBytes) / deviceYears;
        FlashWritesPerDeviceYear = m.FlashWrites.Sum() / deviceYears;
        FlashBytesPerDeviceYear = m.FlashBytes.Sum() / deviceYears;
        CrlFetchBytesPerDeviceYear = m.CrlFetchBytes / deviceYears;
        TokenBytesPerDeviceYear = m.TokenBytes / deviceYears;
        CrlPeakBytes = simulation.Crl.Bytes(m.CrlPeakEntries);
        var latencies = m.RevocationLatencies.Select(t => t / (double)TimeSpan.TicksPerHour).Order().ToArray();
        RevocationLatencyMedianHours = latencies.Length == 0 ? double.NaN : latencies[latencies.Length / 2];
        RevocationLatencyMaxHours = latencies.Length == 0 ? double.NaN : latencies[^1];
    }

    public Strategy Strategy { get; }

    public FleetMetrics Metrics { get; }

    /// <summary>Host time the run took.</summary>
    public TimeSpan WallTime { get; }

    /// <summary>Renewals (not first enrollments) per day, every cause.</summary>
    public int[] RenewalsPerDay { get; }

    /// <summary>Renewals due by the policy per day.</summary>
    public int[] ScheduledPerDay { get; }

    /// <summary>Devices dark at some moment of each day.</summary>
    public int[] DarkPerDay { get; }

    public long Renewals { get; }

    public double MeanRenewalsPerDay { get; }

    public int PeakRenewalsPerDay { get; }

    /// <summary>Day of <see cref="PeakRenewalsPerDay"/>.</summary>
    public int PeakDay { get; }

    public double PeakToMean => PeakRenewalsPerDay / Math.Max(MeanRenewalsPerDay, 1e-9);

    public double MeanScheduledPerDay { get; }

    public int PeakScheduledPerDay { get; }

    /// <summary>Peak ÷ mean of the policy-driven renewals: what the jitter is for.</summary>
    public double ScheduledPeakToMean => PeakScheduledPerDay / Math.Max(MeanScheduledPerDay, 1e-9);

    /// <summary>EST enrollment requests (any outcome) per certificate accepted (enrollments and renewals).</summary>
    public double RequestsPerCertificate { get; }

    /// <summary>EST enrollment bytes per certificate accepted.</summary>
    public double BytesPerCertificate { get; }

    public double EstRequestsPerDeviceYear { get; }

    public double CaCertsPerDeviceYear { get; }

    /// <summary>EST, /cacerts and token bytes per device-year (the CRL what-if not included).</summary>
    public double WireBytesPerDeviceYear { get; }

    public double FlashWritesPerDeviceYear { get; }

    public double FlashBytesPerDeviceYear { get; }

    public double CrlFetchBytesPerDeviceYear { get; }

    public double TokenBytesPerDeviceYear { get; }

    public long CrlPeakBytes { get; }

    public double RevocationLatencyMedianHours { get; }

    public double RevocationLatencyMaxHours { get; }

    public double DarkDeviceDays => Metrics.DarkTicksTotal / (double)TimeSpan.TicksPerDay;

    public double LongestDarkDays => Metrics.DarkTicksMax / (double)TimeSpan.TicksPerDay;
}
