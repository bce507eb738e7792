using System.Diagnostics;
using System.Globalization;
using Lab.FleetSim;

// dotnet run -c Release --project Lab/FleetSim -- [options]; --help lists them. Progress on stderr, the table on stdout.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Options.Usage);
    return 0;
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

Scenario scenario = options.Scenario;
var clock = Stopwatch.StartNew();
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"fleet simulation: {scenario.Devices:N0} devices, {scenario.Years} years, seed {scenario.Seed}, miss rate {scenario.MissRate:0.###}, {Environment.ProcessorCount} cores"));
CrlSizeModel crl = CrlSizeModel.Measure();
IReadOnlyList<StrategyResult> results = FleetRun.Run(scenario, null, crl, line => Console.Error.WriteLine(line), options.Threads);
Console.WriteLine(ResultTable.Render(scenario, results));
if (options.Charts)
{
    string directory = options.ChartDirectory();
    IReadOnlyList<string> files = Charts.Write(directory, scenario, results, crl);
    Console.Error.WriteLine($"charts: {string.Join(", ", files.Select(f => Path.Combine(directory, f)))}");
}

Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:0.0} s"));
return 0;
