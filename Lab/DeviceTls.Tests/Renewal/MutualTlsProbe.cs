using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using Lab.EstServer;

namespace Lab.DeviceTls.Tests.Renewal;

/// <summary>
/// A relying party that demands a client certificate, as the MQTT broker does: the device's candidate must chain to
/// the Lab root (through the issuing CA), be valid at the test clock's time and belong to a device the EST server has
/// not revoked. The device's <see cref="ICandidateCheck"/> is one mutual-TLS handshake with it.
/// </summary>
internal sealed class MutualTlsProbe : ICandidateCheck, IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<EstServerHost> _server;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MutualTlsProbe(Func<EstServerHost> server, TimeProvider clock)
    {
        _server = server;
        _clock = clock;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>The device side: a handshake with the candidate through the chip-signing connector, then one byte.</summary>
    public bool TryConnect(TlsClientCredential candidate)
    {
        EstServerHost server = _server();
        var endpoint = new TlsEndpoint("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port, [server.RootCertificate.RawData]);
        try
        {
            using DeviceTlsConnection tls = new DeviceTlsConnector { Clock = _clock }.Connect(endpoint, candidate);
            var one = new byte[1];
            return tls.Read(one, 0, 1) == 1 && one[0] == (byte)'k';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                await ServeAsync(client);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        EstServerHost server = _server();
        try
        {
            await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(server.ServerCertificate, [.. server.ServerCertificateChain], offline: true),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Accept(server, certificate),
            }, _stop.Token);
            Accepted++;
            await tls.WriteAsync("k"u8.ToArray(), _stop.Token);
            await tls.FlushAsync(_stop.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            Refused++;
        }
    }

    private bool Accept(EstServerHost server, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(server.RootCertificate);
        chain.ChainPolicy.ExtraStore.Add(server.IssuingCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        string id = certificate.GetNameInfo(X509NameType.SimpleName, false);
        return chain.Build(certificate) && server.Devices.Find(id) is { Revoked: false };
    }
}
