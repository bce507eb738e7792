using System.Diagnostics;
using System.Globalization;

namespace Lab.FleetSim;

/// <summary>Runs strategies side by side on one fleet, in parallel (one core each), reporting progress per simulated year.</summary>
internal static class FleetRun
{
    /// <summary>Runs <paramref name="strategies"/> (default: A, B, C) over the fleet of <paramref name="scenario"/>.</summary>
    public static IReadOnlyList<StrategyResult> Run(Scenario scenario, IReadOnlyList<Strategy>? strategies = null, CrlSizeModel? crlModel = null, Action<string>? progress = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        strategies ??= Strategy.All(scenario);
        var profile = new FleetProfile(scenario);
        CrlSizeModel crl = crlModel ?? CrlSizeModel.Measure();
        var results = new StrategyResult[strategies.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, strategies.Count, options, i =>
        {
            Strategy strategy = strategies[i];
            var clock = Stopwatch.StartNew();
            var simulation = new FleetSimulation(profile, strategy, crl);
            simulation.Run((year, elapsed) => progress?.Invoke(string.Create(
                CultureInfo.InvariantCulture, $"[{strategy.Key} {strategy.Name}] year {year}/{scenario.Years} ({elapsed.TotalSeconds:0.0} s)")));
            results[i] = new StrategyResult(strategy, simulation, clock.Elapsed);
        });
        return results;
    }
}
