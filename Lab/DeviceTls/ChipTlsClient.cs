using System.Text;
using DeviceAgent.Est;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Lab.DeviceTls;

/// <summary>
/// BouncyCastle's view of one connection: what we offer (versions, cipher suites, signature schemes, groups, SNI,
/// extensions) and, through <see cref="ChipTlsAuthentication"/>, how the server is checked and how the client
/// authenticates.
/// </summary>
/// <remarks>
/// The ClientHello offers what the product uses and nothing else (README, "What the ClientHello offers"): every byte
/// of it is paid on each renewal over a metered link. BouncyCastle's defaults (26 signature schemes, 7 groups,
/// encrypt_then_mac, ec_point_formats, AES-256 suites, a middlebox-compatibility session ID) made it 110 bytes
/// longer and, through SHA-384 Finished messages and the echoed session ID, cost 48 bytes more in the answer.
/// </remarks>
internal sealed class ChipTlsClient : AbstractTlsClient
{
    // AES-128-GCM with SHA-256 only: 128-bit security, the level of the P-256 / X25519 key exchange and of the chip's
    // P-256 key, so AES-256 and SHA-384 add bytes (16 per Finished) and no strength. TLS_AES_128_GCM_SHA256 is the
    // suite every TLS 1.3 server must implement (RFC 8446 §9.1); in TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256 is the first
    // of libest's list (est.md §3.3), ECDHE-RSA for servers with RSA certificates. No static RSA, no CBC, no DHE.
    private static readonly int[] OfferedCipherSuites =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];

    // What the device can verify and what signs its own CertificateVerify: ECDSA P-256 / SHA-256 (the chip's only
    // algorithm; the server's chain is P-256 too). For a server with an RSA certificate: RSA-PSS for its handshake
    // signature (the only RSA scheme TLS 1.3 allows there, RFC 8446 §4.2.3) and PKCS#1 v1.5 for the signatures on
    // its certificates (sha256WithRSAEncryption, which BouncyCastle checks against this list). Nothing with SHA-384
    // or SHA-512, no P-384, no EdDSA, no SHA-1.
    private static readonly int[] OfferedSignatureSchemes =
    [
        SignatureScheme.ecdsa_secp256r1_sha256,
        SignatureScheme.rsa_pss_rsae_sha256,
        SignatureScheme.rsa_pkcs1_sha256,
    ];

    // X25519 first, with the only key share: 32 bytes each way. The ephemeral exchange never involves the chip, and
    // offering P-256 alone made the handshake 82 bytes longer (65-byte shares, and OpenSSL then lists its own groups
    // in EncryptedExtensions; measured). secp256r1 for servers without X25519 (they answer with a HelloRetryRequest)
    // and, in TLS 1.2, as the curve of an ECDSA server certificate (RFC 8422 §5.1.1).
    private static readonly int[] OfferedGroups = [NamedGroup.x25519, NamedGroup.secp256r1];

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

    /// <summary>
    /// No middlebox compatibility mode (RFC 8446 Appendix D.4, optional): an empty legacy_session_id instead of 32
    /// random bytes, which the server would echo (64 bytes per handshake). <see cref="ChipTlsClientProtocol"/> leaves
    /// out the dummy ChangeCipherSpec that belongs to that mode.
    /// </summary>
    public override bool ShouldUseCompatibilityMode() => false;

    /// <summary>
    /// BouncyCastle's extensions less two that do nothing here: encrypt_then_mac (RFC 7366) applies only to CBC suites,
    /// none offered; ec_point_formats may be left out, which means uncompressed points only (RFC 8422 §5.1.2), the
    /// only format there is. Kept: extended_master_secret (TLS 1.2, RFC 7627), supported_versions, key_share,
    /// signature_algorithms, supported_groups, server_name (for a DNS name). Not sent: session_ticket,
    /// psk_key_exchange_modes, pre_shared_key (the device never resumes), status_request, padding,
    /// record_size_limit, ALPN.
    /// </summary>
    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        extensions.Remove(ExtensionType.encrypt_then_mac);
        extensions.Remove(ExtensionType.ec_point_formats);
        return extensions;
    }

    /// <summary>One key share, X25519's (see <see cref="OfferedGroups"/>).</summary>
    public override IList<int> GetEarlyKeyShareGroups() => [NamedGroup.x25519];

    protected override ProtocolVersion[] GetSupportedVersions() => _versions switch
    {
        DeviceTlsVersions.Tls12 => [ProtocolVersion.TLSv12],
        DeviceTlsVersions.Tls13 => [ProtocolVersion.TLSv13],
        _ => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12),
    };

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, OfferedCipherSuites);

    // Fresh lists on every call: BouncyCastle keeps what it is given.
    protected override IList<SignatureAndHashAlgorithm> GetSupportedSignatureAlgorithms() =>
        [.. OfferedSignatureSchemes.Select(SignatureScheme.GetSignatureAndHashAlgorithm)];

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => [.. OfferedGroups];

    // RFC 6066 §3: the DNS host name, never an IP literal.
    protected override IList<ServerName>? GetSniServerNames() =>
        _serverName is null ? null : [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(_serverName))];

    // No OCSP stapling request: nothing here would check the answer (est.md §3.1, no revocation on the device).
    protected override CertificateStatusRequest? GetCertificateStatusRequest() => null;
}
