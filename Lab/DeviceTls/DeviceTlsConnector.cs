using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Lab.DeviceTls;

/// <summary>
/// The desktop <see cref="ITlsConnector"/>: real TLS 1.2 and 1.3 (BouncyCastle) in which the client's private key
/// never leaves the ATECC608. The CertificateVerify signature is the chip's Sign command through the credential's
/// <see cref="DeviceAgent.Pki.IDigestSigner"/>; no private key object exists in this process. The server must chain
/// to the endpoint's explicit anchors and match its host name; the platform trust store is never consulted.
/// </summary>
/// <remarks>
/// Every failure to connect, to agree on TLS or to trust the server is an <see cref="IOException"/> whose message says
/// why. A client certificate whose public key is not the signer's is refused before any connection is made.
/// </remarks>
public sealed class DeviceTlsConnector : ITlsConnector
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private int _connectTimeoutMilliseconds = 10000;
    private int _handshakeTimeoutMilliseconds = 10000;
    private DeviceTlsVersions _versions = DeviceTlsVersions.Tls12AndTls13;
    private TimeProvider _clock = TimeProvider.System;

    /// <summary>How long name resolution and the TCP connect may take (default 10 s, libest's read timeout).</summary>
    public int ConnectTimeoutMilliseconds
    {
        get => _connectTimeoutMilliseconds;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _connectTimeoutMilliseconds = value;
        }
    }

    /// <summary>
    /// Longest wait for each step of the handshake, in milliseconds (default 10 s); the endpoint's read timeout applies
    /// if shorter. Unlike the read timeout it is never infinite.
    /// </summary>
    public int HandshakeTimeoutMilliseconds
    {
        get => _handshakeTimeoutMilliseconds;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _handshakeTimeoutMilliseconds = value;
        }
    }

    /// <summary>The TLS versions offered: both by default; one of them to force it.</summary>
    public DeviceTlsVersions Versions
    {
        get => _versions;
        set
        {
            if (value is not (DeviceTlsVersions.Tls12 or DeviceTlsVersions.Tls13 or DeviceTlsVersions.Tls12AndTls13))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "offer TLS 1.2, TLS 1.3 or both");
            }

            _versions = value;
        }
    }

    /// <summary>The clock the server certificate's validity is checked against (the system clock by default).</summary>
    public TimeProvider Clock
    {
        get => _clock;
        set => _clock = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    ITlsStream ITlsConnector.Connect(TlsEndpoint endpoint, TlsClientCredential client) => Connect(endpoint, client);

    /// <summary>
    /// Connects to <paramref name="endpoint"/> and completes the handshake; with <paramref name="client"/> its chain
    /// is presented and the chip signs the CertificateVerify. Throws <see cref="IOException"/> on any failure.
    /// </summary>
    public DeviceTlsConnection Connect(TlsEndpoint endpoint, TlsClientCredential? client)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string peer = endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Host}]:{endpoint.Port}" : $"{endpoint.Host}:{endpoint.Port}";
        if (client is not null)
        {
            CheckCredential(client);
        }

        ChipTlsClient tlsClient;
        try
        {
            tlsClient = new ChipTlsClient(new BcTlsCrypto(), endpoint, client, _versions, _clock.GetUtcNow());
        }
        catch (ArgumentException e)
        {
            throw new IOException($"cannot connect to {peer}: {e.Message}", e);
        }

        TcpClient tcp = OpenTcp(endpoint, peer);
        try
        {
            tcp.NoDelay = true;

            // The handshake is always bounded, even for a connection whose reads may wait for ever (an MQTT session):
            // a peer that accepts TCP and never answers the ClientHello must not hold the caller.
            int handshake = endpoint.ReadTimeoutMilliseconds > 0 && endpoint.ReadTimeoutMilliseconds < _handshakeTimeoutMilliseconds
                ? endpoint.ReadTimeoutMilliseconds
                : _handshakeTimeoutMilliseconds;
            tcp.ReceiveTimeout = handshake;
            tcp.SendTimeout = handshake;
            var socket = new AlertFirstStream(tcp.GetStream());
            var protocol = new ChipTlsClientProtocol(socket);
            try
            {
                protocol.Connect(tlsClient);
            }
            catch (IOException e)
            {
                throw TlsFailure.Handshake(peer, e, handshake, socket.EndOfStream);
            }

            tcp.ReceiveTimeout = endpoint.ReadTimeoutMilliseconds;
            tcp.SendTimeout = endpoint.ReadTimeoutMilliseconds;

            return new DeviceTlsConnection(tcp, protocol, peer, endpoint.ReadTimeoutMilliseconds, tlsClient);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private TcpClient OpenTcp(TlsEndpoint endpoint, string peer)
    {
        var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(_connectTimeoutMilliseconds);
        try
        {
            tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return tcp;
        }
        catch (OperationCanceledException e)
        {
            tcp.Dispose();
            throw new IOException($"TCP connection to {peer} timed out after {_connectTimeoutMilliseconds} ms", e);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new IOException($"TCP connection to {peer} failed: {e.Message} ({e.SocketErrorCode})", e);
        }
    }

    /// <summary>
    /// The leaf must carry an ECDSA P-256 key and that key must be the signer's: otherwise the server would reject
    /// the CertificateVerify, and the cause is clearer here, before a connection or a chip signature is spent.
    /// </summary>
    private static void CheckCredential(TlsClientCredential client)
    {
        byte[] certificateKey;
        try
        {
            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(client.Chain[0]);
            using ECDsa? key = leaf.GetECDsaPublicKey();
            ECParameters parameters = key?.ExportParameters(false) ?? default;
            if (key is null || parameters.Curve.Oid?.Value != P256Oid)
            {
                throw new IOException($"the client certificate ({leaf.Subject}) does not hold an ECDSA P-256 key; a chip-held key can only be ECDSA P-256");
            }

            certificateKey = [.. parameters.Q.X!, .. parameters.Q.Y!];
        }
        catch (CryptographicException e)
        {
            throw new IOException($"the client certificate is not a readable X.509 certificate ({e.Message})", e);
        }

        byte[] signerKey;
        try
        {
            signerKey = client.Signer.PublicKey;
        }
#pragma warning disable CA1031 // any chip or driver failure becomes the connector's IOException, cause attached
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new IOException($"reading the signer's public key failed: {e.Message}", e);
        }

        if (signerKey is null || !certificateKey.AsSpan().SequenceEqual(signerKey))
        {
            throw new IOException(
                $"the client certificate's public key (X {Convert.ToHexString(certificateKey, 0, 8)}…) is not the signer's key (X {(signerKey is null ? "none" : Convert.ToHexString(signerKey, 0, Math.Min(8, signerKey.Length)))}…): " +
                "the chip holds a different key than the certificate was issued for");
        }
    }
}
