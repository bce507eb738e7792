using ScottPlot;

namespace Lab.FleetSim;

/// <summary>The run's charts as PNG files (ScottPlot): renewals per day, dark devices per day, the CRL's size. X axes in years.</summary>
internal static class Charts
{
    private const int Width = 1200;

    /// <summary>Writes the charts into <paramref name="directory"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Write(string directory, Scenario scenario, IReadOnlyList<StrategyResult> results, CrlSizeModel crl)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(crl);
        Directory.CreateDirectory(directory);
        var files = new List<string>();

        var renewals = new Multiplot();
        renewals.AddPlots(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            StrategyResult r = results[i];
            Plot plot = renewals.GetPlot(i);
            var signal = plot.Add.Signal(r.RenewalsPerDay.Select(x => (double)x).ToArray(), 1.0 / 365);
            signal.LegendText = $"{r.Strategy.Key}: {r.Strategy.Name}";
            signal.LineWidth = 1;
            plot.Title($"{r.Strategy.Key}: {r.Strategy.Name}: renewals per day (peak {r.PeakRenewalsPerDay:N0}, mean {r.MeanRenewalsPerDay:N1})");
            plot.YLabel("renewals / day");
            plot.XLabel("year");
            plot.Axes.SetLimitsY(0, Math.Max(1, r.PeakRenewalsPerDay) * 1.05);
            Marks(plot, scenario);
        }

        files.Add(Save(renewals, directory, "renewals-per-day.png", 330 * results.Count));

        var dark = new Plot();
        int peakDark = 0;
        foreach (StrategyResult r in results)
        {
            var signal = dark.Add.Signal(r.DarkPerDay.Select(x => (double)x).ToArray(), 1.0 / 365);
            signal.LegendText = $"{r.Strategy.Key}: {r.Strategy.Name} ({r.Metrics.DevicesEverDark:N0} ever dark)";
            peakDark = Math.Max(peakDark, r.DarkPerDay.Max());
        }

        dark.Title("Devices without a valid certificate (dark) per day");
        dark.YLabel("devices dark that day");
        dark.XLabel("year");
        dark.Axes.SetLimitsY(0, Math.Max(10, peakDark * 1.1));
        Marks(dark, scenario);
        files.Add(Save(dark, directory, "dark-devices.png", 420));

        if (scenario.InRun(scenario.OutageStartDay) && scenario.OutageDays > 0)
        {
            files.Add(Outage(directory, scenario, results));
        }

        StrategyResult? withCrl = results.FirstOrDefault(r => r.Strategy.UsesCrl);
        if (withCrl is not null)
        {
            var list = new Plot();
            double[] kib = withCrl.Metrics.CrlEntriesPerDay.Select(n => crl.Bytes(n) / 1024.0).ToArray();
            var signal = list.Add.Signal(kib, 1.0 / 365);
            signal.LegendText = $"{withCrl.Strategy.Key}: CRL size ({crl.BaseBytes} B + {crl.PerEntryBytes:0.0} B per entry, measured)";
            list.Title($"{withCrl.Strategy.Key}: size of the CRL the broker (or each device) fetches");
            list.YLabel("KiB");
            list.XLabel("year");
            list.Axes.SetLimitsY(0, Math.Max(1, kib.Max() * 1.1));
            Marks(list, scenario);
            list.ShowLegend(Alignment.UpperLeft);
            files.Add(Save(list, directory, "crl-size.png", 420));
        }

        return files;
    }

    /// <summary>Six weeks around the EST outage, by day: requests sent and devices dark.</summary>
    private static string Outage(string directory, Scenario s, IReadOnlyList<StrategyResult> results)
    {
        int from = Math.Max(0, s.OutageStartDay - 14);
        int to = Math.Min(s.Days, s.OutageStartDay + s.OutageDays + 28);
        double[] days = Enumerable.Range(from, to - from).Select(d => (double)(d - s.OutageStartDay)).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot requests = multiplot.GetPlot(0);
        Plot dark = multiplot.GetPlot(1);
        foreach (StrategyResult r in results)
        {
            var sent = requests.Add.ScatterLine(days, r.Metrics.EstRequestsPerDay[from..to].Select(x => (double)x).ToArray());
            sent.LegendText = $"{r.Strategy.Key}: {r.Strategy.Name}";
            var off = dark.Add.ScatterLine(days, r.DarkPerDay[from..to].Select(x => (double)x).ToArray());
            off.LegendText = $"{r.Strategy.Key}: {r.Strategy.Name}";
        }

        foreach (Plot plot in new[] { requests, dark })
        {
            var span = plot.Add.HorizontalSpan(0, s.OutageDays, Colors.Red.WithAlpha(0.15));
            span.LegendText = $"EST outage ({s.OutageDays} d)";
            plot.XLabel("days from the start of the outage");
            plot.ShowLegend(Alignment.UpperRight);
        }

        requests.Title("EST enrollment requests per day around the outage (all outcomes)");
        requests.YLabel("requests / day");
        dark.Title("Devices without a valid certificate, per day, around the outage");
        dark.YLabel("devices dark that day");
        dark.Axes.SetLimitsY(0, Math.Max(10, results.Max(r => r.DarkPerDay[from..to].Max()) * 1.1));
        return Save(multiplot, directory, "outage.png", 700);
    }

    /// <summary>The scenario's events as shaded spans and lines.</summary>
    private static void Marks(Plot plot, Scenario s)
    {
        if (s.InRun(s.OutageStartDay) && s.OutageDays > 0)
        {
            var span = plot.Add.HorizontalSpan(s.OutageStartDay / 365.0, (s.OutageStartDay + s.OutageDays) / 365.0, Colors.Red.WithAlpha(0.5));
            span.LegendText = $"EST outage ({s.OutageDays} d)";
        }

        if (s.InRun(s.RekeyDay))
        {
            var line = plot.Add.VerticalLine(s.RekeyDay / 365.0, 1.5f, Colors.Orange, LinePattern.Dashed);
            line.LegendText = "mass rekey";
        }

        if (s.InRun(s.RootRolloverDay))
        {
            var line = plot.Add.VerticalLine(s.RootRolloverDay / 365.0, 1.5f, Colors.Purple, LinePattern.Dotted);
            line.LegendText = "root rollover";
        }

        plot.Axes.SetLimitsX(0, s.Years);
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static string Save(Plot plot, string directory, string name, int height)
    {
        plot.SavePng(Path.Combine(directory, name), Width, height);
        return name;
    }

    private static string Save(Multiplot plot, string directory, string name, int height)
    {
        plot.SavePng(Path.Combine(directory, name), Width, height);
        return name;
    }
}
