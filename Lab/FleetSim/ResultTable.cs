using System.Globalization;
using System.Text;

namespace Lab.FleetSim;

/// <summary>The Markdown table of a run: one column per strategy, one row per figure.</summary>
internal static class ResultTable
{
    public static string Render(Scenario scenario, IReadOnlyList<StrategyResult> results)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<(string Name, Func<StrategyResult, string> Cell)>
        {
            ("certificate lifetime; renew at / urgent at", r => F($"{r.Strategy.Lifetime.TotalDays:0} d; {r.Strategy.Policy().RenewAtPerMille / 10.0:0.#} % / {r.Strategy.Policy().UrgentAtPerMille / 10.0:0.#} %")),
            ("**devices ever dark** (no valid certificate)", r => F($"**{r.Metrics.DevicesEverDark:N0}**")),
            ("dark device-days; longest stretch", r => F($"{r.DarkDeviceDays:0.0}; {Duration(r.LongestDarkDays)}")),
            ("daily sessions lost for lack of a valid certificate", r => F($"{r.Metrics.SessionsWithoutCertificate:N0} of {r.Metrics.Sessions + r.Metrics.SessionsWithoutCertificate:N0}")),
            ("never enrolled", r => F($"{r.Metrics.NeverEnrolled:N0}")),
            ("revocation latency, median / max", r => F($"{Hours(r.RevocationLatencyMedianHours)} / {Hours(r.RevocationLatencyMaxHours)}")),
            ("revocation takes effect", r => r.Strategy.RevocationModel),
            ("renewals: scheduled / rekey / clock loss", r => F($"{r.Metrics.Total(RenewalCause.Scheduled):N0} / {r.Metrics.Total(RenewalCause.Command):N0} / {r.Metrics.Total(RenewalCause.ClockLoss):N0}")),
            ("renewals per day: mean / peak (day)", r => F($"{r.MeanRenewalsPerDay:N1} / {r.PeakRenewalsPerDay:N0} (day {r.PeakDay})")),
            ("peak ÷ mean, all renewals", r => F($"{r.PeakToMean:N1}")),
            ("peak ÷ mean, scheduled renewals only", r => F($"{r.ScheduledPeakToMean:N1}")),
            ("EST requests per certificate (enroll + renew)", r => F($"{r.RequestsPerCertificate:0.00}")),
            ("EST bytes per certificate", r => F($"{r.BytesPerCertificate:N0} B")),
            ("EST enroll/re-enroll requests per device-year", r => F($"{r.EstRequestsPerDeviceYear:0.0}")),
            ("/cacerts requests per device-year", r => F($"{r.CaCertsPerDeviceYear:0.0}")),
            ("token fetches per device-year", r => r.Metrics.TokenRequests == 0 ? "–" : F($"{r.Metrics.TokenRequests / Math.Max(r.Metrics.DeviceYears, 1e-9):0.0} ({r.TokenBytesPerDeviceYear / 1024:N0} KiB)")),
            ("bytes on the wire per device-year (EST, /cacerts, tokens)", r => F($"{r.WireBytesPerDeviceYear / 1024:N1} KiB")),
            ("issued but refused by the device: not yet valid at its clock / untrusted CA", r => F($"{r.Metrics.DiscardedNotYetValid:N0} / {r.Metrics.DiscardedUntrusted:N0}")),
            ("EST server: peak requests in flight; 503s", r => F($"{r.Metrics.EstPeakConcurrency}; {r.Metrics.Overloaded:N0}")),
            ("token service: peak requests in flight", r => r.Metrics.TokenRequests == 0 ? "–" : F($"{r.Metrics.TokenPeakConcurrency}")),
            ("CRL entries, peak / end; peak size", r => r.Strategy.UsesCrl ? F($"{r.Metrics.CrlPeakEntries:N0} / {r.Metrics.CrlEndEntries:N0}; {r.CrlPeakBytes / 1024.0:N0} KiB") : "– (no list)"),
            ("CRL bytes per device-year if devices fetched it per session", r => r.Strategy.UsesCrl ? F($"{r.CrlFetchBytesPerDeviceYear / (1024.0 * 1024):N1} MiB") : "–"),
            ("flash writes per device-year (bytes)", r => F($"{r.FlashWritesPerDeviceYear:0.0} ({r.FlashBytesPerDeviceYear / 1024:N1} KiB)")),
            ("… of which state / CSR / certificates / anchors", r => string.Join(" / ", new[] { FlashRecords.Kind.State, FlashRecords.Kind.Csr, FlashRecords.Kind.Candidate, FlashRecords.Kind.Anchors }.Select(k => PerYear(r, k)))),
            ("root rollover: days until all held the new root; stranded", r => F($"{(double.IsNaN(r.Metrics.RolloverDays) ? "–" : r.Metrics.RolloverDays < 0 ? "never" : r.Metrics.RolloverDays.ToString("0.0", CultureInfo.InvariantCulture))}; {r.Metrics.StrandedByRollover}")),
            ("host time of the run", r => F($"{r.WallTime.TotalSeconds:0.0} s")),
        };

        var text = new StringBuilder();
        text.Append("| ").Append(F($"{scenario.Devices:N0} devices, {scenario.Years} years")).Append(" |");
        foreach (StrategyResult r in results)
        {
            text.Append(' ').Append(r.Strategy.Key).Append(": ").Append(r.Strategy.Name).Append(" |");
        }

        text.AppendLine().Append("| --- |");
        foreach (StrategyResult _ in results)
        {
            text.Append(" ---: |");
        }

        text.AppendLine();
        foreach ((string name, Func<StrategyResult, string> cell) in rows)
        {
            text.Append("| ").Append(name).Append(" |");
            foreach (StrategyResult r in results)
            {
                text.Append(' ').Append(cell(r)).Append(" |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string PerYear(StrategyResult r, FlashRecords.Kind kind)
    {
        long writes = r.Metrics.FlashWrites[(int)kind] + (kind == FlashRecords.Kind.Candidate ? r.Metrics.FlashWrites[(int)FlashRecords.Kind.Current] : 0);
        return F($"{writes / Math.Max(r.Metrics.DeviceYears, 1e-9):0.0}");
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hours(double hours) => double.IsNaN(hours) ? "–" : hours < 48 ? F($"{hours:0.0} h") : F($"{hours / 24:0.0} d");

    private static string Duration(double days) => days == 0 ? "–"
        : days < 1.0 / 24 ? F($"{days * 86_400:0} s")
        : days < 1 ? F($"{days * 24:0.0} h")
        : F($"{days:0.0} d");
}
