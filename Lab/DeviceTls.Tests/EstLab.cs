using DeviceAgent.Est;
using DeviceAgent.Est.Http;
using Lab.EstServer;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// The Lab EST server in-process on 127.0.0.1 (free port, fresh data directory) with device <see cref="DeviceId"/>
/// registered, and that device's simulated chip enrolled over HTTP Basic through the connector itself: the
/// certificate it got is <see cref="CertificateDer"/>.
/// </summary>
#pragma warning disable CA1001 // xunit ends a fixture through IAsyncLifetime.DisposeAsync, which disposes the chip
public sealed class EstLab : IAsyncLifetime
#pragma warning restore CA1001
{
    public const string DeviceId = "dev1";
    public const string Secret = "bootstrap-secret-1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "device-tls-tests-" + Guid.NewGuid().ToString("N"));
    private EstServerHost? _server;
    private SimulatedChip? _chip;

    public EstServerHost Server => _server ?? throw new InvalidOperationException("not started");

    internal SimulatedChip Chip => _chip ?? throw new InvalidOperationException("not started");

    /// <summary>The device certificate issued at start-up (DER).</summary>
    public byte[] CertificateDer { get; private set; } = [];

    /// <summary>The EST server's address trusting only its own root.</summary>
    public TlsEndpoint Endpoint(string host = "127.0.0.1") => new(host, Server.Port, [Server.RootCertificate.RawData]);

    public async Task InitializeAsync()
    {
        _server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = _directory,
            Port = 0,
            SecretHashIterations = 1_000,
        });
        _server.Devices.Register(DeviceId, Secret);
        _chip = new SimulatedChip(seed: 7);

        TlsEndpoint endpoint = Endpoint();
        byte[] csr = _chip.CsrBase64(DeviceId);
        using DeviceTlsConnection tls = new DeviceTlsConnector().Connect(endpoint, null);
        EstExchange.Response enrolled = EstExchange.Post(tls, endpoint, EstPath.SimpleEnroll, csr, DeviceId, Secret);
        Assert.Equal(200, enrolled.StatusCode);
        CertificateDer = enrolled.Certificate();
    }

    public async Task DisposeAsync()
    {
        _chip?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; a temp directory left behind is harmless
        }
    }
}
