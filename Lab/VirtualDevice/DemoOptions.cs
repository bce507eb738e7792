using System.Globalization;

namespace Lab.VirtualDevice;

/// <summary>Command-line options; every one has a default, so the demo runs with none.</summary>
internal sealed class DemoOptions
{
    public int Devices { get; private set; } = 3;

    /// <summary>Certificate lifetime on the demo's calendar; the scenario's days scale with it.</summary>
    public int LifetimeDays { get; private set; } = 30;

    /// <summary>Real milliseconds per simulated day (time compression; 0 runs as fast as the machine allows).</summary>
    public int MillisecondsPerDay { get; private set; } = 40;

    public string? StateDirectory { get; private set; }

    public string? RealChip { get; private set; }

    public string? Broker { get; private set; }

    public string Scenario { get; private set; } = "lifetime";

    public bool Help { get; private set; }

    public const string Usage = """
        dotnet run --project Lab/VirtualDevice [-- options]
          --devices N          virtual devices (default 3, at most 50)
          --lifetime-days N    certificate lifetime on the demo's calendar (default 30; the scenario scales with it)
          --ms-per-day N       real milliseconds per simulated day (default 40; 0 = as fast as possible)
          --scenario NAME      lifetime (default): every event below; quick: bootstrap and one renewal
          --state-dir PATH     keep chips, flash and the EST server's data here (default: a fresh temp directory)
          --real-chip DEV      device 1 uses a real ATECC608 on Linux I2C, e.g. /dev/i2c-1 or /dev/i2c-1:0x35
          --broker HOST:PORT   use an external MQTT broker (e.g. mosquitto) instead of the embedded one
        """;

    public static DemoOptions Parse(string[] args)
    {
        var options = new DemoOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
            switch (args[i])
            {
                case "--devices":
                    options.Devices = Range(Value(), 1, 50, "--devices");
                    break;
                case "--lifetime-days":
                    options.LifetimeDays = Range(Value(), 10, 3650, "--lifetime-days");
                    break;
                case "--ms-per-day":
                    options.MillisecondsPerDay = Range(Value(), 0, 10_000, "--ms-per-day");
                    break;
                case "--scenario":
                    options.Scenario = Value() is "lifetime" or "quick" ? args[i] : throw new ArgumentException("--scenario is lifetime or quick");
                    break;
                case "--state-dir":
                    options.StateDirectory = Value();
                    break;
                case "--real-chip":
                    options.RealChip = Value();
                    break;
                case "--broker":
                    options.Broker = Value();
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException("unknown option " + args[i]);
            }
        }

        return options;
    }

    private static int Range(string text, int min, int max, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be {min}..{max}");
}
