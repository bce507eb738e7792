using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using Lab.DeviceMqtt;
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
LabBroker? broker = null;
try
{
    // The broker: the embedded one (client certificates from the Lab CA, CN = client id, dev/<CN>/ only) or --broker.
    byte[] root = server.Host.RootCertificate.RawData;
    X509Certificate2[] roots = [X509CertificateLoader.LoadCertificate(root)];
    X509Certificate2[] issuing = [X509CertificateLoader.LoadCertificate(server.Host.IssuingCertificate.RawData)];
    TlsEndpoint brokerEndpoint;
    if (options.Broker is null)
    {
        X509Certificate2 brokerCertificate = X509CertificateLoader.LoadPkcs12(server.Host.ServerCertificate.Export(X509ContentType.Pkcs12), null);
        broker = await LabBroker.StartAsync(new LabBrokerOptions
        {
            ServerCertificate = brokerCertificate,
            TrustedRoots = () => roots,
            IssuingCertificates = () => issuing,
            IsDeviceAdmitted = id => !server.IsUp || server.Host.Devices.Find(id) is { Revoked: false },
            Clock = clock,
        });
        brokerEndpoint = new TlsEndpoint("127.0.0.1", broker.Port, [root]);
        AnsiConsole.MarkupLine($"MQTT broker (embedded, mutual TLS) on 127.0.0.1:{broker.Port}");
    }
    else
    {
        int colon = options.Broker.LastIndexOf(':');
        brokerEndpoint = new TlsEndpoint(options.Broker[..colon], int.Parse(options.Broker[(colon + 1)..], CultureInfo.InvariantCulture), [root]);
        AnsiConsole.MarkupLine($"MQTT broker (external) at {Markup.Escape(options.Broker)}; its certificate must chain to the Lab root above");
    }

    DemoCloud? cloud = broker is null ? null : new DemoCloud(broker, log);

    for (int i = 0; i < options.Devices; i++)
    {
        string id = "sensor-" + (i + 1).ToString(CultureInfo.InvariantCulture);
        string secret = "bootstrap-" + id;
        if (server.Host.Devices.Find(id) is null)
        {
            server.Host.Devices.Register(id, secret);
        }

        // the third device plays a board on stock firmware (HTTP Basic re-enrollment, chip-token MQTT login)
        var device = new DemoDevice(id, secret, stateDirectory, clock, i == 0 ? options.RealChip : null, seed: 1000 + i) { StockFirmware = i == 2 };
        device.Report = log.Device;
        device.UseBroker(brokerEndpoint, new DemoDelay(clock, () => cloud?.Busy(id) ?? false));
        devices.Add(device);
    }

    var scenario = new LifetimeScenario(options, clock, server, devices, log, cloud);
    await scenario.RunAsync();
    AnsiConsole.Write(Summary.Build(devices, scenario.Stats, clock.Now));
    int dark = scenario.Stats.Values.Sum(s => s.DarkDays);
    bool allValid = devices.All(d => d.Current is { } c && c.NotAfter > clock.Now);
    int days = (int)(clock.Now - start.UtcDateTime).TotalDays;
    if (cloud is not null)
    {
        AnsiConsole.MarkupLine($"The cloud received {cloud.TelemetryMessages} telemetry messages over TLS.");
    }

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

    if (broker is not null)
    {
        await broker.DisposeAsync();
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
