using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// A small TLS server on 127.0.0.1 (.NET SslStream, an independent implementation) for the connector's server-side
/// checks: it presents the certificate it is given, records the SNI each client sent, writes <see cref="Greeting"/>
/// and then ends the connection the way <see cref="Ending"/> says.
/// </summary>
internal sealed class LoopbackTlsServer : IAsyncDisposable
{
    public const string Greeting = "hello from the loopback server";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Task> _connections = [];

    public LoopbackTlsServer(X509Certificate2 certificate, LoopbackEnding ending = LoopbackEnding.CloseNotify)
    {
        _certificate = certificate;
        Ending = ending;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public LoopbackEnding Ending { get; }

    /// <summary>The SNI of the last handshake ("" when the client sent none), once it completed.</summary>
    public string? LastServerName { get; private set; }

    /// <summary>The protocol of the last completed handshake.</summary>
    public SslProtocols LastProtocol { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        Task[] pending;
        lock (_connections)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending);
        _stop.Dispose();
        _certificate.Dispose();
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
            catch (SocketException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            if (Ending == LoopbackEnding.HangUp)
            {
                // read the ClientHello, then close without a word
                try
                {
                    _ = await client.GetStream().ReadAsync(new byte[4096], _stop.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                }

                return;
            }

            if (Ending == LoopbackEnding.Silent)
            {
                // accept the TCP connection, never answer the ClientHello
                try
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            }

            try
            {
                NetworkStream raw = client.GetStream();
                await using var tls = new SslStream(raw, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, _stop.Token);
                LastServerName = tls.TargetHostName;
                LastProtocol = tls.SslProtocol;
                await tls.WriteAsync(Encoding.ASCII.GetBytes(Greeting), _stop.Token);
                await tls.FlushAsync(_stop.Token);
                if (Ending == LoopbackEnding.StayOpen)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                if (Ending == LoopbackEnding.CloseNotify)
                {
                    await tls.ShutdownAsync();
                }

                client.Client.Shutdown(SocketShutdown.Send);
                var drain = new byte[256];
                while (await raw.ReadAsync(drain, _stop.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException)
            {
                // the client gave up (the tests that refuse the server end here)
            }
        }
    }
}

/// <summary>How the loopback server ends a connection after its greeting.</summary>
internal enum LoopbackEnding
{
    /// <summary>close_notify, then TCP FIN: a clean TLS close.</summary>
    CloseNotify,

    /// <summary>TCP FIN without close_notify: a truncation.</summary>
    NoCloseNotify,

    /// <summary>Accepts TCP and never answers the handshake.</summary>
    Silent,

    /// <summary>Completes the handshake, sends the greeting, then neither sends nor closes.</summary>
    StayOpen,

    /// <summary>Reads the ClientHello and closes the connection without an alert.</summary>
    HangUp,
}
