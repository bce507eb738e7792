using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using Lab.DeviceTls;
using Lab.EstServer;

namespace Lab.Benchmarks;

/// <summary>
/// What one EST exchange costs on the wire: the portable <see cref="EstClient"/> over <see cref="DeviceTlsConnector"/>
/// (the simulated ATECC608 signs the handshake) against the in-process Lab EST server, through a loopback TCP relay
/// that counts connections, ClientHellos and the TCP payload bytes each way (TLS records included, TCP/IP headers
/// not). Flows: the steady-state re-enrollment on the chip-held key, the same re-enrollment with HTTP Basic (boards
/// whose TLS stack cannot sign with the chip), a bootstrap /simpleenroll and a /cacerts.
/// </summary>
/// <remarks>
/// Each flow runs once to warm up, then <see cref="Runs"/> times; byte counts are the median per run (ECDSA signatures
/// and serial numbers vary by a byte or two), wall time is the median of the client call alone (relay included, chip
/// Sign at host speed: the simulator models the chip's ~100 ms but does not wait for it). The server hashes bootstrap
/// secrets with its default PBKDF2 count, which the Basic flows pay on every request.
/// </remarks>
internal static class EstReenroll
{
    private const int Runs = 20;
    private const string DeviceId = "bench-dev-0001";
    private const string Secret = "bench-bootstrap-secret";

    /// <summary>Target for the steady-state re-enrollment: 1 connection, 1 handshake, 1 request, under this many bytes.</summary>
    private const int TargetTotalBytes = 3500;

    public static void Run(TextWriter output)
    {
        string directory = Path.Combine(Path.GetTempPath(), "est-reenroll-bench-" + Guid.NewGuid().ToString("N"));
        EstServerHost server = EstServerHost.StartAsync(new EstServerOptions { DataDirectory = directory, Port = 0 }).GetAwaiter().GetResult();
        try
        {
            server.Devices.Register(DeviceId, Secret);
            using var relay = new CountingRelay(server.Port);
            using var sim = new SimulatedAtecc608(20261201);
            var chip = new Atecc608(sim);
            ProvisioningResult identity = new Provisioner(chip).Run();
            var signer = new ChipSigner(chip, identity.KeySlot);

            var store = new TrustAnchorStore();
            store.AddProvisioned(server.RootCertificate.RawData);
            var connector = new CountingConnector(new DeviceTlsConnector());
            var client = new EstClient(connector, "127.0.0.1", relay.Port, store, new EcdsaVerifier());
            client.SetBasicCredentials(DeviceId, Secret);
            Expect(client.CaCerts(DateTime.UtcNow, DateTime.UtcNow), "cacerts");
            byte[] csr = Csr(signer);
            byte[] current = Expect(client.SimpleEnroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow), "enroll").Certificate;

            Flow reenroll = Measure(relay, connector, () =>
            {
                client.ReenrollWithBasic = false;
                client.ClientCredential = new TlsClientCredential([current], signer);
                byte[] request = Csr(signer);   // built ahead of the window on the device
                return () => current = Expect(client.SimpleReenroll(request, 0, request.Length, DateTime.UtcNow, DateTime.UtcNow), "re-enroll").Certificate;
            });
            Flow basic = Measure(relay, connector, () =>
            {
                client.ReenrollWithBasic = true;
                byte[] request = Csr(signer);
                return () => Expect(client.SimpleReenroll(request, 0, request.Length, DateTime.UtcNow, DateTime.UtcNow), "Basic re-enroll");
            });
            Flow enroll = Measure(relay, connector, () =>
            {
                byte[] request = Csr(signer);
                return () => Expect(client.SimpleEnroll(request, 0, request.Length, DateTime.UtcNow, DateTime.UtcNow), "enroll");
            });
            Flow cacerts = Measure(relay, connector, () => () => Expect(client.CaCerts(DateTime.UtcNow, DateTime.UtcNow), "cacerts"));

            string? opensslConf = Environment.GetEnvironmentVariable("OPENSSL_CONF");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"EST over {reenroll.Last.Exchange.Version}, {reenroll.Last.Exchange.CipherSuite}; server's OpenSSL configuration: {(string.IsNullOrEmpty(opensslConf) ? "the system's" : opensslConf)}; " +
                $"bytes are TCP payload counted at a loopback relay, medians of {Runs} runs."));
            output.WriteLine();
            output.WriteLine("| flow | TCP connections | TLS handshakes | HTTP requests | client → server | server → client | total | median wall time |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Row(output, "re-enroll, chip-held key (steady state)", reenroll);
            Row(output, "re-enroll, HTTP Basic (stock firmware)", basic);
            Row(output, "bootstrap enroll, HTTP Basic", enroll);
            Row(output, "/cacerts", cacerts);
            output.WriteLine();

            bool met = reenroll.Connections == 1 && reenroll.Handshakes == 1 && reenroll.Requests == 1 && reenroll.Total < TargetTotalBytes;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Target for the steady-state re-enrollment (1 connection, 1 handshake, 1 request, under {TargetTotalBytes:N0} B): {(met ? "met" : "NOT met")} " +
                $"({reenroll.Connections} / {reenroll.Handshakes} / {reenroll.Requests} / {reenroll.Total:N0} B)."));
            output.WriteLine();
            Composition(output, reenroll.Last, "re-enroll, chip-held key");
            Composition(output, basic.Last, "re-enroll, HTTP Basic");
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file for a moment; a temp directory left behind is harmless
            }
        }
    }

    /// <summary>
    /// One warm-up and <see cref="Runs"/> measured runs of a flow. <paramref name="prepare"/> runs outside the
    /// measurement (CSR signing, credential set-up) and returns the exchange to measure.
    /// </summary>
    private static Flow Measure(CountingRelay relay, CountingConnector connector, Func<Action> prepare)
    {
        var samples = new List<Sample>();
        for (int i = 0; i <= Runs; i++)
        {
            Action exchange = prepare();
            relay.Reset();
            connector.Reset();
            long start = Stopwatch.GetTimestamp();
            exchange();
            long ticks = Stopwatch.GetTimestamp() - start;
            relay.WaitIdle();
            if (i == 0)
            {
                continue;   // warm-up
            }

            if (connector.Handshakes != relay.Handshakes)
            {
                throw new InvalidOperationException($"the relay saw {relay.Handshakes} ClientHello(s), the connector completed {connector.Handshakes} handshake(s)");
            }

            samples.Add(new Sample(relay.Connections, relay.Handshakes, connector.Requests, relay.BytesUp, relay.BytesDown, ticks, connector.Snapshot(), relay.LastRecords));
        }

        return new Flow(samples);
    }

    private static void Row(TextWriter output, string name, Flow flow)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {flow.Connections} | {flow.Handshakes} | {flow.Requests} | {flow.Up:N0} B | {flow.Down:N0} B | {flow.Total:N0} B | {flow.MedianMilliseconds:F1} ms |"));
    }

    /// <summary>Where the bytes of one run go: the HTTP messages as the client wrote and read them, and TLS around them.</summary>
    private static void Composition(TextWriter output, Sample run, string name)
    {
        Exchange x = run.Exchange;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name}: one run | client → server | server → client |"));
        output.WriteLine("| --- | ---: | ---: |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| TCP payload | {run.BytesUp:N0} B | {run.BytesDown:N0} B |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| TLS: handshake, record framing and AEAD tags, close_notify | {run.BytesUp - x.RequestBytes:N0} B | {run.BytesDown - x.ResponseBytes:N0} B |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| … of which certificates (DER) in the handshake | {x.ClientCertificateBytes:N0} B (device certificate) | {x.ServerChainBytes:N0} B (server chain, {x.ServerChainCount} certificate(s)) |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| HTTP head | {x.RequestHeadBytes:N0} B | {x.ResponseHeadBytes:N0} B |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| HTTP body | {x.RequestBytes - x.RequestHeadBytes:N0} B (CSR, base64) | {x.ResponseBytes - x.ResponseHeadBytes:N0} B (PKCS#7, base64) |"));
        output.WriteLine();
        output.WriteLine("TLS records (content type:fragment length; add 5 B of header each):");
        output.WriteLine();
        output.WriteLine("    client → server: " + run.Records.Up);
        output.WriteLine("    server → client: " + run.Records.Down);
        output.WriteLine();
    }

    private static EstOutcome Expect(EstOutcome outcome, string what) =>
        outcome.Kind == EstOutcomeKind.Success ? outcome : throw new InvalidOperationException($"{what}: {outcome.Kind} {outcome.HttpStatus} {outcome.Message}");

    /// <summary>The device's request (DER): CN, SAN URI, signed by the chip.</summary>
    private static byte[] Csr(IDigestSigner signer)
    {
        var builder = new Pkcs10Builder(signer) { CommonName = DeviceId };
        builder.AddUri("urn:dev:" + DeviceId);
        var der = new byte[builder.GetMaxLength()];
        int length = builder.Build(der, 0, der.Length);
        return der[..length];
    }

    private sealed record Sample(int Connections, int Handshakes, int Requests, long BytesUp, long BytesDown, long Ticks, Exchange Exchange, (string Up, string Down) Records);

    private sealed class Flow(List<Sample> samples)
    {
        public Sample Last { get; } = samples[^1];

        public int Connections { get; } = Median(samples.Select(s => (long)s.Connections));

        public int Handshakes { get; } = Median(samples.Select(s => (long)s.Handshakes));

        public int Requests { get; } = Median(samples.Select(s => (long)s.Requests));

        public long Up { get; } = Median(samples.Select(s => s.BytesUp));

        public long Down { get; } = Median(samples.Select(s => s.BytesDown));

        public long Total { get; } = Median(samples.Select(s => s.BytesUp + s.BytesDown));

        public double MedianMilliseconds { get; } = Median(samples.Select(s => s.Ticks)) * 1000.0 / Stopwatch.Frequency;

        private static int Median(IEnumerable<long> values)
        {
            long[] sorted = [.. values.Order()];
            return checked((int)sorted[sorted.Length / 2]);
        }
    }

    /// <summary>What the client saw above TLS in one run, and what the handshake carried.</summary>
    private sealed record Exchange(
        int RequestBytes, int RequestHeadBytes, int ResponseBytes, int ResponseHeadBytes,
        int ClientCertificateBytes, int ServerChainBytes, int ServerChainCount, string Version, string CipherSuite);

    /// <summary>
    /// The <see cref="DeviceTlsConnector"/> with counters: handshakes completed, HTTP requests written (a write that
    /// starts a request line), and the plaintext each way, kept to split heads from bodies.
    /// </summary>
    private sealed class CountingConnector(DeviceTlsConnector inner) : ITlsConnector
    {
        private readonly List<byte> _written = [];
        private readonly List<byte> _read = [];
        private int _clientCertificateBytes;
        private int _serverChainBytes;
        private int _serverChainCount;
        private string _version = "?";
        private string _suite = "?";

        public int Handshakes { get; private set; }

        public int Requests { get; private set; }

        public void Reset()
        {
            Handshakes = Requests = 0;
            _written.Clear();
            _read.Clear();
        }

        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            DeviceTlsConnection tls = inner.Connect(endpoint, client);
            Handshakes++;
            _clientCertificateBytes = tls.ClientCertificateSent ? client.Chain.Sum(c => c.Length) : 0;
            _serverChainBytes = tls.ServerChain.Sum(c => c.Length);
            _serverChainCount = tls.ServerChain.Count;
            _version = tls.NegotiatedVersion == DeviceTlsVersions.Tls13 ? "TLS 1.3" : "TLS 1.2";
            _suite = SuiteName(tls.CipherSuite);
            return new CountingStream(tls, this);
        }

        public Exchange Snapshot()
        {
            byte[] written = _written.ToArray();
            byte[] read = _read.ToArray();
            return new Exchange(written.Length, HeadLength(written), read.Length, HeadLength(read),
                _clientCertificateBytes, _serverChainBytes, _serverChainCount, _version, _suite);
        }

        private static int HeadLength(byte[] message)
        {
            int end = message.AsSpan().IndexOf("\r\n\r\n"u8);
            return end < 0 ? message.Length : end + 4;
        }

        private static string SuiteName(int suite) => suite switch
        {
            0x1301 => "TLS_AES_128_GCM_SHA256",
            0x1302 => "TLS_AES_256_GCM_SHA384",
            0x1303 => "TLS_CHACHA20_POLY1305_SHA256",
            0xC02B => "ECDHE-ECDSA-AES128-GCM-SHA256",
            0xC02C => "ECDHE-ECDSA-AES256-GCM-SHA384",
            _ => "suite 0x" + suite.ToString("X4", CultureInfo.InvariantCulture),
        };

        private sealed class CountingStream(ITlsStream inner, CountingConnector owner) : ITlsStream
        {
            public int Read(byte[] buffer, int offset, int count)
            {
                int read = inner.Read(buffer, offset, count);
                if (read > 0)
                {
                    owner._read.AddRange(buffer.AsSpan(offset, read));
                }

                return read;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                ReadOnlySpan<byte> data = buffer.AsSpan(offset, count);
                if (data.StartsWith("GET "u8) || data.StartsWith("POST "u8))
                {
                    owner.Requests++;
                }

                owner._written.AddRange(data);
                inner.Write(buffer, offset, count);
            }

            public void Dispose() => inner.Dispose();
        }
    }

    /// <summary>
    /// A TCP relay on 127.0.0.1 in front of the server: counts the connections, the TCP payload each way (everything
    /// TLS puts on the wire) and the handshakes (connections whose first record is a ClientHello).
    /// </summary>
    private sealed class CountingRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private int _connections;
        private int _handshakes;
        private int _active;
        private long _up;
        private long _down;

        public CountingRelay(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        public int Connections => Volatile.Read(ref _connections);

        public int Handshakes => Volatile.Read(ref _handshakes);

        public long BytesUp => Interlocked.Read(ref _up);

        public long BytesDown => Interlocked.Read(ref _down);

        /// <summary>The records of the last connection, each direction.</summary>
        public (string Up, string Down) LastRecords { get; private set; }

        public void Reset()
        {
            WaitIdle();
            _connections = _handshakes = 0;
            Interlocked.Exchange(ref _up, 0);
            Interlocked.Exchange(ref _down, 0);
        }

        /// <summary>Waits until every relayed connection has closed in both directions, so its bytes are counted.</summary>
        public void WaitIdle()
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref _active) > 0)
            {
                if (clock.ElapsedMilliseconds > 10_000)
                {
                    throw new TimeoutException("a relayed connection did not close within 10 s");
                }

                Thread.Sleep(1);
            }
        }

        public void Dispose() => _listener.Dispose();

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _active);
                Interlocked.Increment(ref _connections);
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(Socket client)
        {
            using (client)
            using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    client.NoDelay = true;
                    server.NoDelay = true;
                    await server.ConnectAsync(IPAddress.Loopback, _target).ConfigureAwait(false);
                    var upBytes = new List<byte>();
                    var downBytes = new List<byte>();
                    await Task.WhenAll(PumpAsync(client, server, upBytes, upstream: true), PumpAsync(server, client, downBytes, upstream: false)).ConfigureAwait(false);
                    // TLS record: type 22 (handshake), version, length; then handshake type 1 (ClientHello)
                    if (upBytes.Count >= 6 && upBytes[0] == 22 && upBytes[5] == 1)
                    {
                        Interlocked.Increment(ref _handshakes);
                    }

                    LastRecords = (Records(upBytes), Records(downBytes));
                }
                catch (SocketException)
                {
                    // the server refused the relay's connection: counted as a connection without a handshake
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                }
            }
        }

        /// <summary>Copies one direction until end of stream or a reset; returns the bytes copied.</summary>
        private async Task PumpAsync(Socket from, Socket to, List<byte> copy, bool upstream)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    int n = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    lock (copy)
                    {
                        copy.AddRange(buffer.AsSpan(0, n));
                    }

                    if (upstream)
                    {
                        Interlocked.Add(ref _up, n);
                    }
                    else
                    {
                        Interlocked.Add(ref _down, n);
                    }

                    for (int sent = 0; sent < n;)
                    {
                        sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None).ConfigureAwait(false);
                    }
                }

                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // a reset on either side ends both directions
                from.Close();
                to.Close();
            }
        }

        /// <summary>The TLS records of one direction as "type:length" (length of the fragment, 5-byte header not included).</summary>
        private static string Records(List<byte> stream)
        {
            var records = new List<string>();
            lock (stream)
            {
                for (int i = 0; i + 5 <= stream.Count; i += 5 + ((stream[i + 3] << 8) | stream[i + 4]))
                {
                    string type = stream[i] switch { 20 => "ccs", 21 => "alert", 22 => "hs", 23 => "app", _ => stream[i].ToString(CultureInfo.InvariantCulture) };
                    records.Add(type + ":" + ((stream[i + 3] << 8) | stream[i + 4]).ToString(CultureInfo.InvariantCulture));
                }
            }

            return string.Join(' ', records);
        }
    }

    /// <summary>.NET ECDSA P-256 behind the device's verifier port (the chip's Verify on the board).</summary>
    private sealed class EcdsaVerifier : ISignatureVerifier
    {
        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[..32], Y = publicKey[32..] },
            });
            return key.VerifyHash(digest, signature);
        }
    }
}
