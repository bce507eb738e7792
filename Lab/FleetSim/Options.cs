using System.Globalization;

namespace Lab.FleetSim;

/// <summary>The command line: scenario overrides, where the charts go, what else to run.</summary>
internal sealed class Options
{
    public const string Usage = """
        usage: FleetSim [options]
          --devices <n>        fleet size (default 50000)
          --years <n>          simulated years (default 10)
          --seed <n>           seed of every random draw (default 1)
          --miss-rate <x>      share of days without a window (default 0.10)
          --poor-share <x>     share of devices that miss --poor-miss-rate of their days instead (default 0)
          --poor-miss-rate <x> (default 0.5)
          --jitter <permille>  renewal jitter band of every strategy (default 50 = ±2.5 %)
          --b-renew-at <pm>    30-day strategy: renewal point, per mille (default 250)
          --b-urgent-at <pm>   30-day strategy: urgent phase, per mille (default 500)
          --grace-days <d>     server grace window after notAfter (default 7, the Lab server's)
          --budget-ms <ms>     connectivity window (default 30000)
          --out <dir>          charts directory (default docs/fleetsim in the repository)
          --no-charts          write no charts
          --quick              2,000 devices
          --threads <n>        strategies run at once (default: cores)
        """;

    public Scenario Scenario { get; private set; } = Scenario.Default(50_000);

    public string? OutDirectory { get; private set; }

    public bool Charts { get; private set; } = true;

    public int Threads { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the offending option.</summary>
    public static Options Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new Options();
        Scenario s = o.Scenario;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(option + " needs a value");
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double Real() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
            s = option switch
            {
                "--devices" => s with { Devices = Int() },
                "--years" => s with { Years = Int() },
                "--seed" => s with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--miss-rate" => s with { MissRate = Real() },
                "--poor-share" => s with { PoorShare = Real() },
                "--poor-miss-rate" => s with { PoorMissRate = Real() },
                "--jitter" => s with { JitterPerMille = Int() },
                "--b-renew-at" => s with { ShortLivedRenewAtPerMille = Int() },
                "--b-urgent-at" => s with { ShortLivedUrgentAtPerMille = Int() },
                "--grace-days" => s with { Server = s.Server with { ReenrollGrace = TimeSpan.FromDays(Real()) } },
                "--budget-ms" => s with { WindowSeconds = Int() / 1000 },
                "--quick" => s with { Devices = 2_000 },
                "--out" => Set(s, () => o.OutDirectory = Value()),
                "--no-charts" => Set(s, () => o.Charts = false),
                "--threads" => Set(s, () => o.Threads = Int()),
                _ => throw new ArgumentException("unknown option " + option),
            };
        }

        if (s.Devices < 1 || s.Years < 1 || s.MissRate is < 0 or > 1 || s.PoorShare is < 0 or > 1 || s.WindowSeconds < 1)
        {
            throw new ArgumentException("devices and years must be positive, rates between 0 and 1, the window at least 1 s");
        }

        o.Scenario = s;
        return o;
    }

    /// <summary>docs/fleetsim in the repository (found upwards from the current directory), or ./docs/fleetsim.</summary>
    public string ChartDirectory()
    {
        if (OutDirectory is not null)
        {
            return OutDirectory;
        }

        for (DirectoryInfo? dir = new(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BENCHMARKS.md")) && Directory.Exists(Path.Combine(dir.FullName, "Lab")))
            {
                return Path.Combine(dir.FullName, "docs", "fleetsim");
            }
        }

        return Path.Combine("docs", "fleetsim");
    }

    private static Scenario Set(Scenario s, Action action)
    {
        action();
        return s;
    }
}
