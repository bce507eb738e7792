using System.Text;
using DeviceAgent.Est;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Lab.DeviceTls;

/// <summary>
/// BouncyCastle's view of one connection: what we offer (versions, cipher suites, SNI) and, through
/// <see cref="ChipTlsAuthentication"/>, how the server is checked and how the client authenticates.
/// </summary>
internal sealed class ChipTlsClient : AbstractTlsClient
{
    // est.md §3.3: ECDHE with AES-GCM (libest's list starts with ECDHE-ECDSA-AES128-GCM-SHA256), ChaCha20 as well;
    // ECDHE-RSA for servers with RSA certificates. No static RSA, no CBC, no DHE. TLS 1.3 suites per RFC 8446 §9.1.
    private static readonly int[] OfferedCipherSuites =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private readonly DeviceTlsVersions _versions;
    private readonly string? _serverName;

    public ChipTlsClient(TlsCrypto crypto, TlsEndpoint endpoint, TlsClientCredential? credential, DeviceTlsVersions versions, DateTimeOffset now)
        : base(crypto)
    {
        _versions = versions;
        _serverName = HostName.ServerNameIndication(endpoint.Host);
        Authentication = new ChipTlsAuthentication(this, endpoint, credential, now);
    }

    public ChipTlsAuthentication Authentication { get; }

    /// <summary>The connection's context (set by BouncyCastle in <see cref="AbstractTlsClient.Init"/>).</summary>
    public TlsClientContext Context => m_context;

    public override TlsAuthentication GetAuthentication() => Authentication;

    protected override ProtocolVersion[] GetSupportedVersions() => _versions switch
    {
        DeviceTlsVersions.Tls12 => [ProtocolVersion.TLSv12],
        DeviceTlsVersions.Tls13 => [ProtocolVersion.TLSv13],
        _ => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12),
    };

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, OfferedCipherSuites);

    // RFC 6066 §3: the DNS host name, never an IP literal.
    protected override IList<ServerName>? GetSniServerNames() =>
        _serverName is null ? null : [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(_serverName))];

    // No OCSP stapling request: nothing here would check the answer (est.md §3.1, no revocation on the device).
    protected override CertificateStatusRequest? GetCertificateStatusRequest() => null;
}
