using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// What the client puts on the wire before the server says anything: the ClientHello offers exactly what the device
/// uses (README, "What the ClientHello offers"), and a TLS 1.3 handshake carries no middlebox-compatibility
/// ChangeCipherSpec. Bytes are read from the socket, not from BouncyCastle's objects.
/// </summary>
public sealed class ClientHelloTests : IDisposable
{
    private const int ServerName = 0;
    private const int SupportedGroups = 10;
    private const int SignatureAlgorithms = 13;
    private const int ExtendedMasterSecret = 23;
    private const int SupportedVersions = 43;
    private const int KeyShare = 51;

    private readonly X509Certificate2 _root = TestCertificates.Root("Client Hello Test Root");

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task ClientHello_OffersOnlyWhatTheDeviceUses(string host)
    {
        ClientHello hello = await CaptureAsync(host);

        Assert.Empty(hello.SessionId);   // no middlebox compatibility mode
        Assert.Equal([0x1301, 0xC02B, 0xC02F, 0x00FF], hello.CipherSuites);   // AES-128-GCM-SHA256 (1.3, ECDHE-ECDSA, ECDHE-RSA), renegotiation SCSV
        int[] expected = host == "localhost"
            ? [ServerName, ExtendedMasterSecret, KeyShare, SignatureAlgorithms, SupportedGroups, SupportedVersions]
            : [ExtendedMasterSecret, KeyShare, SignatureAlgorithms, SupportedGroups, SupportedVersions];
        Assert.Equal(expected.Order(), hello.Extensions.Keys.Order());   // in particular no psk_key_exchange_modes, session_ticket, encrypt_then_mac, ec_point_formats, status_request, padding
        Assert.Equal(Convert.FromHexString("0006" + "0403" + "0804" + "0401"), hello.Extensions[SignatureAlgorithms]);   // ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        Assert.Equal(Convert.FromHexString("0004" + "001D" + "0017"), hello.Extensions[SupportedGroups]);   // x25519, secp256r1
        byte[] shares = hello.Extensions[KeyShare];
        Assert.Equal(2 + 2 + 2 + 32, shares.Length);   // one entry: x25519's 32 bytes
        Assert.Equal(Convert.FromHexString("0024" + "001D" + "0020"), shares[..6]);
        Assert.Equal(Convert.FromHexString("04" + "0304" + "0303"), hello.Extensions[SupportedVersions]);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls13, 0)]
    [InlineData(DeviceTlsVersions.Tls12, 1)]
    public async Task ChangeCipherSpec_OnlyWhereTheProtocolHasOne(DeviceTlsVersions version, int expected)
    {
        await using var server = new LoopbackTlsServer(TestCertificates.Server(_root, "loopback", ["localhost"], [IPAddress.Loopback]));
        using var relay = new Relay(server.Port);
        var endpoint = new TlsEndpoint("127.0.0.1", relay.Port, [_root.RawData]) { ReadTimeoutMilliseconds = 5000 };

        using (DeviceTlsConnection tls = new DeviceTlsConnector { Versions = version }.Connect(endpoint, null))
        {
            Assert.Equal(LoopbackTlsServer.Greeting, ServerAuthenticationTests.ReadAll(tls));
        }

        byte[] up = await relay.ClientBytesAsync();
        Assert.Equal(expected, Records(up).Count(type => type == 20));
    }

    /// <summary>Content types of the TLS records in one direction.</summary>
    private static List<byte> Records(byte[] stream)
    {
        var types = new List<byte>();
        for (int i = 0; i + 5 <= stream.Length; i += 5 + ((stream[i + 3] << 8) | stream[i + 4]))
        {
            types.Add(stream[i]);
        }

        return types;
    }

    /// <summary>Lets the connector send its ClientHello to a socket that never answers, and parses it.</summary>
    private async Task<ClientHello> CaptureAsync(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<byte[]> capture = Task.Run(async () =>
        {
            using TcpClient peer = await listener.AcceptTcpClientAsync();
            NetworkStream stream = peer.GetStream();
            var header = new byte[5];
            await stream.ReadExactlyAsync(header);
            var fragment = new byte[(header[3] << 8) | header[4]];
            await stream.ReadExactlyAsync(fragment);
            return fragment;
        });

        var endpoint = new TlsEndpoint(host, port, [_root.RawData]) { ReadTimeoutMilliseconds = 5000 };
        Assert.Throws<IOException>(() => new DeviceTlsConnector().Connect(endpoint, null));   // the socket closes unanswered
        return ClientHello.Parse(await capture);
    }

    private sealed record ClientHello(byte[] SessionId, int[] CipherSuites, Dictionary<int, byte[]> Extensions)
    {
        /// <summary>RFC 8446 §4.1.2, from the handshake message (type 1) in a record fragment.</summary>
        public static ClientHello Parse(byte[] fragment)
        {
            Assert.Equal(1, fragment[0]);
            int p = 4 + 2 + 32;
            byte[] sessionId = fragment[(p + 1)..(p + 1 + fragment[p])];
            p += 1 + sessionId.Length;
            int suitesLength = U16(fragment, p);
            int[] suites = [.. Enumerable.Range(0, suitesLength / 2).Select(i => U16(fragment, p + 2 + (2 * i)))];
            p += 2 + suitesLength;
            p += 1 + fragment[p];   // compression methods
            int end = p + 2 + U16(fragment, p);
            Assert.Equal(fragment.Length, end);
            var extensions = new Dictionary<int, byte[]>();
            for (p += 2; p < end; p += 4 + U16(fragment, p + 2))
            {
                extensions.Add(U16(fragment, p), fragment[(p + 4)..(p + 4 + U16(fragment, p + 2))]);
            }

            return new ClientHello(sessionId, suites, extensions);
        }

        private static int U16(byte[] data, int at) => (data[at] << 8) | data[at + 1];
    }

    /// <summary>A TCP relay on 127.0.0.1 for one connection that keeps what the client sent.</summary>
    private sealed class Relay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<byte[]> _run;

        public Relay(int targetPort)
        {
            _listener.Start();
            _run = RunAsync(targetPort);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async Task<byte[]> ClientBytesAsync() => await _run.WaitAsync(TimeSpan.FromSeconds(10));

        public void Dispose() => _listener.Dispose();

        private async Task<byte[]> RunAsync(int targetPort)
        {
            using Socket client = await _listener.AcceptSocketAsync();
            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(IPAddress.Loopback, targetPort);
            var up = new MemoryStream();
            await Task.WhenAll(PumpAsync(client, server, up), PumpAsync(server, client, null));
            return up.ToArray();
        }

        private static async Task PumpAsync(Socket from, Socket to, MemoryStream? copy)
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while ((n = await from.ReceiveAsync(buffer)) > 0)
                {
                    copy?.Write(buffer, 0, n);
                    await to.SendAsync(buffer.AsMemory(0, n));
                }

                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // one side reset: the other direction ends too
                from.Close();
                to.Close();
            }
        }
    }
}
