using DeviceAgent.Est;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Lab.DeviceTls;

/// <summary>
/// Both directions of authentication for one handshake: the server's chain against the endpoint's explicit anchors
/// and host name, and the client's certificate with the chip as its signer.
/// </summary>
internal sealed class ChipTlsAuthentication : TlsAuthentication
{
    private readonly ChipTlsClient _client;
    private readonly TlsEndpoint _endpoint;
    private readonly TlsClientCredential? _credential;
    private readonly DateTimeOffset _now;

    public ChipTlsAuthentication(ChipTlsClient client, TlsEndpoint endpoint, TlsClientCredential? credential, DateTimeOffset now)
    {
        _client = client;
        _endpoint = endpoint;
        _credential = credential;
        _now = now;
    }

    /// <summary>The server's chain (DER, leaf first) once it passed the checks.</summary>
    public IReadOnlyList<byte[]> ServerChain { get; private set; } = [];

    /// <summary>The server asked for a client certificate.</summary>
    public bool ClientCertificateRequested { get; private set; }

    /// <summary>Our certificate went out (and with it a CertificateVerify signed by the chip).</summary>
    public bool ClientCertificateSent { get; private set; }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
    {
        TlsCertificate[] list = serverCertificate.Certificate.GetCertificateList();
        byte[][] chain = [.. list.Select(c => c.GetEncoded())];
        ServerCertificateCheck.Verify(chain, _endpoint, _now);
        ServerChain = chain;
    }

    public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
    {
        ClientCertificateRequested = true;
        if (_credential is null)
        {
            return null;
        }

        bool tls13 = TlsUtilities.IsTlsV13(_client.Context);
        IList<SignatureAndHashAlgorithm>? accepted = certificateRequest.SupportedSignatureAlgorithms;
        bool schemeAccepted = accepted is null ? !tls13 : accepted.Contains(ChipCredentialedSigner.EcdsaP256Sha256);
        bool typeAccepted = tls13 || certificateRequest.CertificateTypes.Contains(ClientCertificateType.ecdsa_sign);
        if (!schemeAccepted || !typeAccepted)
        {
            string offered = accepted is null ? "none listed" : string.Join(", ", accepted.Select(a => SignatureScheme.GetText(SignatureScheme.From(a))));
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                $"the server does not accept an ECDSA P-256 / SHA-256 client certificate (signature schemes: {offered})");
        }

        TlsCrypto crypto = _client.Crypto;
        TlsCertificate[] certificates = [.. _credential.Chain.Select(crypto.CreateCertificate)];
        Certificate chain = tls13
            ? new Certificate(certificateRequest.GetCertificateRequestContext(), [.. certificates.Select(c => new CertificateEntry(c, null))])
            : new Certificate(certificates);
        ClientCertificateSent = true;
        return new ChipCredentialedSigner(chain, _credential.Signer);
    }
}
