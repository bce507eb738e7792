using Lab.EstServer;
using Microsoft.Extensions.Logging;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// The Lab EST server in-process on 127.0.0.1 (free port, fresh data directory, its own <see cref="Clock"/>) and the
/// simulated-chip devices enrolled at it. Each test makes its own; disposing stops the server and the chips.
/// </summary>
internal sealed class EstLab : IAsyncDisposable
{
    public const string Secret = "mqtt-bootstrap-secret";

    private readonly List<ChipDevice> _devices = [];
    private int _seed = 100;

    private EstLab(EstServerHost server, ShiftedClock clock, string directory)
    {
        Server = server;
        Clock = clock;
        Directory = directory;
    }

    public EstServerHost Server { get; }

    public ShiftedClock Clock { get; }

    /// <summary>The test's temporary directory (the EST data directory is inside it).</summary>
    public string Directory { get; }

    /// <summary>A server whose clock runs <paramref name="clockOffset"/> from real time (default: none).</summary>
    public static async Task<EstLab> StartAsync(TimeSpan clockOffset = default, EstPolicy? policy = null)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("device-mqtt-tests-").FullName;
        var clock = new ShiftedClock(clockOffset);
        EstServerHost server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = Path.Combine(directory, "est"),
            Port = 0,
            SecretHashIterations = 1_000,
            Policy = policy ?? new EstPolicy(),
            TimeProvider = clock,
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        return new EstLab(server, clock, directory);
    }

    /// <summary>A registered device on a fresh simulated chip, enrolled with its bootstrap secret at the server's time.</summary>
    public ChipDevice EnrolledDevice(string id)
    {
        ChipDevice device = NewDevice(id);
        Server.Devices.Register(id, Secret);
        device.Enroll(Server, Secret, Clock.UtcNow);
        return device;
    }

    /// <summary>A device on a fresh simulated chip, not registered or enrolled.</summary>
    public ChipDevice NewDevice(string id)
    {
        var device = new ChipDevice(id, _seed++);
        _devices.Add(device);
        return device;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ChipDevice device in _devices)
        {
            device.Dispose();
        }

        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; a temp directory left behind is harmless
        }
    }
}
