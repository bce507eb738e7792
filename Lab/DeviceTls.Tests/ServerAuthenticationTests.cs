using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceAgent.Est;
using Xunit.Abstractions;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// The server must chain to one of the endpoint's explicit anchors and name the host (DNS SAN, or IP SAN for an IP
/// literal); anything else fails the handshake with an <see cref="IOException"/> that says why. SNI carries DNS
/// names only. Checked against .NET's SslStream as the server.
/// </summary>
public sealed class ServerAuthenticationTests : IDisposable
{
    // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, _AES_256_GCM_SHA384, _CHACHA20_POLY1305_SHA256 (RFC 5289, RFC 7905)
    private static readonly int[] EcdheRsaSuites = [0xC02F, 0xC030, 0xCCA8];

    private readonly ITestOutputHelper _output;
    private readonly X509Certificate2 _root = TestCertificates.Root("Device TLS Test Root");

    public ServerAuthenticationTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task DnsName_InTheCertificate_IsAccepted_AndSentAsSni()
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "est server", ["localhost"], []));

        string greeting = ReadGreeting(new DeviceTlsConnector(), Endpoint("localhost", server, _root));

        Assert.Equal(LoopbackTlsServer.Greeting, greeting);
        Assert.Equal("localhost", server.LastServerName);
    }

    [Fact]
    public async Task IpLiteral_InAnIpSan_IsAccepted_AndNoSniIsSent()
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "est server", [], [IPAddress.Loopback]));

        string greeting = ReadGreeting(new DeviceTlsConnector(), Endpoint("127.0.0.1", server, _root));

        Assert.Equal(LoopbackTlsServer.Greeting, greeting);
        Assert.Equal(string.Empty, server.LastServerName);
    }

    [Fact]
    public async Task WrongAnchor_FailsTheHandshake_SayingTheServerIsNotTrusted()
    {
        using X509Certificate2 stranger = TestCertificates.Root("Someone Else's Root");
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "est server", ["localhost"], [IPAddress.Loopback]));

        IOException e = AssertHandshakeFails(Endpoint("127.0.0.1", server, stranger));

        Assert.Contains("is not trusted", e.Message, StringComparison.Ordinal);
        Assert.Contains("explicit trust anchor", e.Message, StringComparison.Ordinal);
        Assert.Null(server.LastServerName);
    }

    [Fact]
    public async Task DnsNameNotInTheCertificate_FailsTheHandshake_NamingWhatTheCertificateIsFor()
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "localhost", ["est.example.com"], []));

        IOException e = AssertHandshakeFails(Endpoint("localhost", server, _root));

        Assert.Contains("does not match the host name 'localhost'", e.Message, StringComparison.Ordinal);
        Assert.Contains("DNS:est.example.com", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IpLiteral_IsNotMatchedAgainstDnsNamesOrTheCommonName()
    {
        await using var server = new LoopbackTlsServer(
            TestCertificates.Server(_root, "127.0.0.1", ["127.0.0.1", "localhost"], [IPAddress.Parse("10.1.2.3")]));

        IOException e = AssertHandshakeFails(Endpoint("127.0.0.1", server, _root));

        Assert.Contains("does not match the host name '127.0.0.1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("IP:10.1.2.3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredServerCertificate_FailsTheHandshake()
    {
        await using var server = new LoopbackTlsServer(
            TestCertificates.Server(_root, "est server", ["localhost"], [], notAfter: DateTimeOffset.UtcNow.AddDays(-1)));

        IOException e = AssertHandshakeFails(Endpoint("localhost", server, _root));

        Assert.Contains("NotTimeValid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCertificate_IsCheckedAgainstTheConnectorsClock()
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "est server", ["localhost"], []));
        var connector = new DeviceTlsConnector { Clock = new FixedClock(DateTimeOffset.UtcNow.AddYears(1)) };

        IOException e = AssertHandshakeFails(Endpoint("localhost", server, _root), connector);

        Assert.Contains("NotTimeValid", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12, SslProtocols.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13, SslProtocols.Tls13)]
    public async Task RsaServer_IsAccepted_WithEcdheRsaUnderTls12(DeviceTlsVersions version, SslProtocols expected)
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "est server", ["localhost"], [], rsa: true));

        using DeviceTlsConnection tls = new DeviceTlsConnector { Versions = version }.Connect(Endpoint("localhost", server, _root), null);
        string greeting = ReadAll(tls);

        Assert.Equal(LoopbackTlsServer.Greeting, greeting);
        Assert.Equal(expected, server.LastProtocol);
        if (version == DeviceTlsVersions.Tls12)
        {
            Assert.Contains(tls.CipherSuite, EcdheRsaSuites);
        }
    }

    [Fact]
    public void Endpoint_WithoutAnchors_IsRefusedBeforeAnyConnection() =>
        Assert.Throws<ArgumentException>(() => new TlsEndpoint("localhost", 443, []));

    private static TlsEndpoint Endpoint(string host, LoopbackTlsServer server, X509Certificate2 anchor) =>
        new(host, server.Port, [anchor.RawData]) { ReadTimeoutMilliseconds = 5000 };

    private static string ReadGreeting(DeviceTlsConnector connector, TlsEndpoint endpoint)
    {
        using DeviceTlsConnection tls = connector.Connect(endpoint, null);
        return ReadAll(tls);
    }

    internal static string ReadAll(ITlsStream tls)
    {
        var received = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while ((read = tls.Read(buffer, 0, buffer.Length)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    private IOException AssertHandshakeFails(TlsEndpoint endpoint, DeviceTlsConnector? connector = null)
    {
        IOException e = Assert.Throws<IOException>(() => (connector ?? new DeviceTlsConnector()).Connect(endpoint, null));
        _output.WriteLine(e.Message);
        Assert.StartsWith($"TLS handshake with {endpoint.Host}:{endpoint.Port} failed: ", e.Message, StringComparison.Ordinal);
        return e;
    }
}
