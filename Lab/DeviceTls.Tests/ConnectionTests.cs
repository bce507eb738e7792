using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using Xunit.Abstractions;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// The <see cref="ITlsStream"/> contract around the handshake: 0 only after close_notify, <see cref="IOException"/>
/// for a truncated connection, a refused or silent server, <see cref="TimeoutException"/> for a read that waits too
/// long on an established connection.
/// </summary>
public sealed class ConnectionTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly X509Certificate2 _root = TestCertificates.Root("Device TLS Test Root");

    public ConnectionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13)]
    public async Task CloseNotify_EndsTheStream_ReadReturnsZero(DeviceTlsVersions version)
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.CloseNotify);
        using DeviceTlsConnection tls = new DeviceTlsConnector { Versions = version }.Connect(Endpoint(server), null);

        string greeting = ServerAuthenticationTests.ReadAll(tls);

        Assert.Equal(LoopbackTlsServer.Greeting, greeting);
        Assert.Equal(0, tls.Read(new byte[16], 0, 16));
    }

    [Fact]
    public async Task CloseWithoutCloseNotify_IsATruncation_ReadThrowsIOException()
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.NoCloseNotify);
        using DeviceTlsConnection tls = new DeviceTlsConnector().Connect(Endpoint(server), null);

        IOException e = Assert.Throws<IOException>(() => ServerAuthenticationTests.ReadAll(tls));

        _output.WriteLine(e.Message);
        Assert.Contains("without close_notify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstablishedConnection_ThatStaysSilent_ReadTimesOut()
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.StayOpen);
        TlsEndpoint endpoint = Endpoint(server, readTimeoutMilliseconds: 300);
        using DeviceTlsConnection tls = new DeviceTlsConnector().Connect(endpoint, null);
        var buffer = new byte[LoopbackTlsServer.Greeting.Length];
        int received = 0;
        while (received < buffer.Length)
        {
            received += tls.Read(buffer, received, buffer.Length - received);
        }

        var e = Assert.Throws<TimeoutException>(() => tls.Read(buffer, 0, buffer.Length));

        _output.WriteLine(e.Message);
        Assert.Contains("within 300 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatNeverAnswersTheHandshake_WithReadsThatMayWaitForEver_FailsAfterTheHandshakeTimeout()
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.Silent);
        var connector = new DeviceTlsConnector { HandshakeTimeoutMilliseconds = 300 };

        IOException e = Assert.Throws<IOException>(() => connector.Connect(Endpoint(server, readTimeoutMilliseconds: 0), null));

        Assert.Contains("no data from the server within 300 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatNeverAnswersTheHandshake_FailsWithIOException_AfterTheReadTimeout()
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.Silent);

        IOException e = Assert.Throws<IOException>(() => new DeviceTlsConnector().Connect(Endpoint(server, readTimeoutMilliseconds: 300), null));

        _output.WriteLine(e.Message);
        Assert.Contains("no data from the server within 300 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatHangsUpDuringTheHandshake_FailsWithIOException_SayingSo()
    {
        await using var server = new LoopbackTlsServer(Certificate(), LoopbackEnding.HangUp);

        IOException e = Assert.Throws<IOException>(() => new DeviceTlsConnector().Connect(Endpoint(server), null));

        _output.WriteLine(e.Message);
        Assert.Contains("closed the connection during the handshake without an alert", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingListening_FailsWithIOException_NamingThePeer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        IOException e = Assert.Throws<IOException>(() => new DeviceTlsConnector().Connect(new TlsEndpoint("127.0.0.1", port, [_root.RawData]), null));

        _output.WriteLine(e.Message);
        Assert.StartsWith($"TCP connection to 127.0.0.1:{port} failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_OutsideTheirRange_AreRefused()
    {
        var connector = new DeviceTlsConnector();

        Assert.Throws<ArgumentOutOfRangeException>(() => connector.Versions = DeviceTlsVersions.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => connector.Versions = (DeviceTlsVersions)4);
        Assert.Throws<ArgumentOutOfRangeException>(() => connector.ConnectTimeoutMilliseconds = 0);
        Assert.Throws<ArgumentNullException>(() => connector.Connect(null!, null));
    }

    private X509Certificate2 Certificate() => TestCertificates.Server(_root, "loopback", ["localhost"], [IPAddress.Loopback]);

    private TlsEndpoint Endpoint(LoopbackTlsServer server, int readTimeoutMilliseconds = 5000) =>
        new("127.0.0.1", server.Port, [_root.RawData]) { ReadTimeoutMilliseconds = readTimeoutMilliseconds };
}
