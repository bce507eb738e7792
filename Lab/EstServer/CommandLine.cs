using System.Globalization;
using System.Net;

namespace Lab.EstServer;

/// <summary>The command line of the standalone server (Program.cs): options and devices to register at start.</summary>
/// <param name="Options">Server options.</param>
/// <param name="Devices">(id, secret) pairs from --device.</param>
public sealed record CommandLine(EstServerOptions Options, IReadOnlyList<(string Id, string Secret)> Devices)
{
    /// <summary>The data directory when --data is not given.</summary>
    public const string DefaultDataDirectory = "est-data";

    /// <summary>Help text.</summary>
    public const string Usage = """
        usage: EstServer [options]
          --data <dir>             data directory: CA, server certificate, est.db (default ./est-data)
          --port <n>               TCP port, 0 = any free one (default 8443)
          --bind <ip>              address to listen on (default 127.0.0.1; 0.0.0.0 to serve devices on the network)
          --server-name <name>     extra DNS name or IP address for the TLS certificate (repeatable)
          --lifetime <duration>    validity of issued certificates (default 30d)
          --grace <duration>       how long an expired certificate may still re-enroll (default 7d; 0 = none)
          --approval <mode>        automatic | manual-enroll | manual (default automatic)
          --retry-after <duration> Retry-After of 202 answers (default 60s)
          --allow-rekey            a certificate-authenticated re-enroll may carry a new key
          --dns-suffix <suffix>    allowed suffix of <id>.<suffix> dNSName SANs (repeatable; default any)
          --label <name>[,lifetime=<duration>][,approval=<mode>]   serve /.well-known/est/<name>/ (repeatable)
          --device <id>:<secret>   register a device or reset its secret (repeatable; prefer the admin API:
                                   a command line is visible to other local users)
          --no-csrattrs            answer /csrattrs with 204
          --max-body <bytes>       largest accepted request body (default 16384)
          --no-admin               no admin API
          --quiet                  no request log on the console
        durations: 45s, 10m, 12h, 30d or hh:mm:ss
        """;

    /// <summary>Parses <paramref name="args"/>; null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown, misses its value or has a bad one.</exception>
    public static CommandLine? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string data = DefaultDataDirectory;
        int port = EstServerOptions.DefaultPort;
        IPAddress bind = IPAddress.Loopback;
        var serverNames = new List<string>();
        var policy = new EstPolicy();
        var dnsSuffixes = new List<string>();
        var labels = new Dictionary<string, EstLabelPolicy>(StringComparer.Ordinal);
        var devices = new List<(string, string)>();
        bool csrattrs = true, admin = true, quiet = false;
        int maxBody = EstServerOptions.DefaultMaxRequestBodyBytes;

        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new ArgumentException($"{option} needs a value");
            switch (option)
            {
                case "-h" or "--help":
                    return null;
                case "--data":
                    data = Value();
                    break;
                case "--port":
                    port = ParseInt(option, Value(), 0, 65535);
                    break;
                case "--bind":
                    bind = IPAddress.TryParse(Value(), out IPAddress? address) ? address : throw new ArgumentException($"{option}: not an IP address");
                    break;
                case "--server-name":
                    serverNames.Add(Value());
                    break;
                case "--lifetime":
                    policy = policy with { CertificateLifetime = ParseDuration(option, Value()) };
                    break;
                case "--grace":
                    policy = policy with { ReenrollGracePeriod = ParseDuration(option, Value()) };
                    break;
                case "--approval":
                    policy = policy with { Approval = ParseApproval(option, Value()) };
                    break;
                case "--retry-after":
                    policy = policy with { RetryAfter = ParseDuration(option, Value()) };
                    break;
                case "--allow-rekey":
                    policy = policy with { AllowRekey = true };
                    break;
                case "--dns-suffix":
                    dnsSuffixes.Add(Value());
                    break;
                case "--label":
                    (string name, EstLabelPolicy labelPolicy) = ParseLabel(option, Value());
                    labels[name] = labelPolicy;
                    break;
                case "--device":
                    string device = Value();
                    int colon = device.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0 || colon == device.Length - 1)
                    {
                        throw new ArgumentException($"{option} takes <id>:<secret>");
                    }

                    devices.Add((device[..colon], device[(colon + 1)..]));
                    break;
                case "--no-csrattrs":
                    csrattrs = false;
                    break;
                case "--max-body":
                    maxBody = ParseInt(option, Value(), 256, 64 * 1024 * 1024);
                    break;
                case "--no-admin":
                    admin = false;
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{option}'");
            }
        }

        policy = policy with { DnsSuffixes = dnsSuffixes };
        policy.Validate();
        var options = new EstServerOptions
        {
            DataDirectory = data,
            Port = port,
            BindAddress = bind,
            ServerNames = serverNames,
            Policy = policy,
            Labels = labels,
            PublishCsrAttributes = csrattrs,
            MaxRequestBodyBytes = maxBody,
            EnableAdminApi = admin,
            ConfigureLogging = quiet ? null : logging => logging
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss ";
                }),
        };
        return new CommandLine(options, devices);
    }

    /// <summary>"45s", "10m", "12h", "30d", or a TimeSpan ("00:10:00").</summary>
    public static TimeSpan ParseDuration(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 1 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(number);
                case 'm': return TimeSpan.FromMinutes(number);
                case 'h': return TimeSpan.FromHours(number);
                case 'd': return TimeSpan.FromDays(number);
            }
        }

        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span) && span >= TimeSpan.Zero
            ? span
            : throw new ArgumentException($"{option}: '{text}' is not a duration (45s, 10m, 12h, 30d or hh:mm:ss)");
    }

    private static EstApprovalMode ParseApproval(string option, string text) => text switch
    {
        "automatic" => EstApprovalMode.Automatic,
        "manual-enroll" => EstApprovalMode.ManualEnroll,
        "manual" => EstApprovalMode.Manual,
        _ => throw new ArgumentException($"{option}: '{text}' is not automatic, manual-enroll or manual"),
    };

    private static (string Name, EstLabelPolicy Policy) ParseLabel(string option, string text)
    {
        string[] parts = text.Split(',');
        var policy = new EstLabelPolicy();
        foreach (string part in parts.Skip(1))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? part : part[..equals];
            string value = equals < 0 ? string.Empty : part[(equals + 1)..];
            policy = key switch
            {
                "lifetime" => policy with { CertificateLifetime = ParseDuration(option, value) },
                "approval" => policy with { Approval = ParseApproval(option, value) },
                _ => throw new ArgumentException($"{option}: unknown setting '{key}' (lifetime, approval)"),
            };
        }

        return EstServerHost.IsValidLabel(parts[0]) ? (parts[0], policy) : throw new ArgumentException($"{option}: '{parts[0]}' is not a usable label");
    }

    private static int ParseInt(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option}: '{text}' is not a number from {min} to {max}");
}
