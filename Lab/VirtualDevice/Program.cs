using System.Globalization;
using Lab.EstServer;
using Lab.VirtualDevice;
using Spectre.Console;

// The main job: the Lab EST server and the devices on 127.0.0.1, living a compressed lifetime. README.md has a sample.
DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 120;   // a log file or CI: no terminal to ask, and the summary needs the room
}

string stateDirectory = options.StateDirectory ?? Path.Combine(Path.GetTempPath(), "virtual-device-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(stateDirectory);
var start = new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero);
var clock = new VirtualClock(start);
double scale = options.LifetimeDays / 30.0;
var policy = new EstPolicy
{
    CertificateLifetime = TimeSpan.FromDays(options.LifetimeDays),
    ReenrollGracePeriod = TimeSpan.FromDays(Math.Max(1, Math.Round(10 * scale))),
    RetryAfter = TimeSpan.FromHours(6),
    AllowRekey = true,
};

AnsiConsole.MarkupLine($"[bold]Virtual device[/]: {options.Devices} device(s), {options.LifetimeDays}-day certificates, scenario {options.Scenario}, state in {Markup.Escape(stateDirectory)}");
await using var server = new DemoServer(Path.Combine(stateDirectory, "est-server"), clock, policy);
await server.StartAsync();
AnsiConsole.MarkupLine($"EST server on https://127.0.0.1:{server.Port}/.well-known/est (root {Markup.Escape(server.Host.RootCertificate.Subject)})");

var log = new LiveLog(clock, start.UtcDateTime);
var devices = new List<DemoDevice>();
try
{
    for (int i = 0; i < options.Devices; i++)
    {
        string id = "sensor-" + (i + 1).ToString(CultureInfo.InvariantCulture);
        string secret = "bootstrap-" + id;
        if (server.Host.Devices.Find(id) is null)
        {
            server.Host.Devices.Register(id, secret);
        }

        var device = new DemoDevice(id, secret, stateDirectory, clock, i == 0 ? options.RealChip : null, seed: 1000 + i);
        device.Report = log.Device;
        devices.Add(device);
    }

    var scenario = new LifetimeScenario(options, clock, server, devices, log);
    await scenario.RunAsync();
    AnsiConsole.Write(Summary.Build(devices, scenario.Stats, clock.Now));
    int dark = scenario.Stats.Values.Sum(s => s.DarkDays);
    bool allValid = devices.All(d => d.Current is { } c && c.NotAfter > clock.Now);
    int days = (int)(clock.Now - start.UtcDateTime).TotalDays;
    AnsiConsole.MarkupLine(dark == 0 && allValid
        ? $"[green]No device went dark in {days} simulated days, and every one ends with a valid certificate.[/]"
        : $"[red]{dark} device-days dark; {devices.Count(d => d.Current is not { } c || c.NotAfter <= clock.Now)} device(s) end without a valid certificate.[/]");
    return dark == 0 && allValid ? 0 : 1;
}
finally
{
    foreach (DemoDevice device in devices)
    {
        device.Dispose();
    }

    if (options.StateDirectory is null)
    {
        try
        {
            await server.StopAsync();
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }
}
