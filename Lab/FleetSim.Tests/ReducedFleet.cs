namespace Lab.FleetSim.Tests;

/// <summary>
/// The default scenario of issue #6 at 500 devices (every event, ten years), run once for the tests that read it,
/// and helpers for the variants the other tests run.
/// </summary>
public sealed class ReducedFleet
{
    /// <summary>Fleet size of the reduced runs.</summary>
    internal const int Devices = 500;

    private static readonly CrlSizeModel Crl = CrlSizeModel.Measure();

    public ReducedFleet()
    {
        Scenario = Scenario.Default(Devices);
        Results = FleetRun.Run(Scenario, null, Crl);
    }

    internal Scenario Scenario { get; }

    internal IReadOnlyList<StrategyResult> Results { get; }

    internal StrategyResult this[string key] => Results.Single(r => r.Strategy.Key == key);

    /// <summary>Runs one strategy (by key) of <paramref name="scenario"/> and returns the finished simulation.</summary>
    internal static FleetSimulation Simulate(Scenario scenario, string key)
    {
        Strategy strategy = Strategy.All(scenario).Single(s => s.Key == key);
        var simulation = new FleetSimulation(new FleetProfile(scenario), strategy, Crl);
        simulation.Run();
        return simulation;
    }
}
