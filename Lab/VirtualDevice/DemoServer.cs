using Lab.EstServer;
using Microsoft.Extensions.Logging;

namespace Lab.VirtualDevice;

/// <summary>The Lab EST server on 127.0.0.1 on the demo's clock; it can go down and come back on the same port.</summary>
internal sealed class DemoServer : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly VirtualClock _clock;
    private EstPolicy _policy;
    private EstServerHost? _host;

    public DemoServer(string dataDirectory, VirtualClock clock, EstPolicy policy)
    {
        _dataDirectory = dataDirectory;
        _clock = clock;
        _policy = policy;
    }

    /// <summary>The port, fixed after the first start so devices find the server again.</summary>
    public int Port { get; private set; }

    public bool IsUp => _host is not null;

    public EstServerHost Host => _host ?? throw new InvalidOperationException("the EST server is down");

    public async Task StartAsync()
    {
        _host = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = _dataDirectory,
            Port = Port,
            Policy = _policy,
            TimeProvider = _clock,
            SecretHashIterations = 10_000,
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        Port = _host.Port;
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            _policy = _host.Policy;
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
