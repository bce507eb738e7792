using DeviceAgent.Pki;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Certificate = Org.BouncyCastle.Tls.Certificate;
using SignatureAlgorithm = Org.BouncyCastle.Tls.SignatureAlgorithm;

namespace Lab.DeviceTls;

/// <summary>
/// The client's TLS credential: its certificate chain and, in place of a private key, the chip. BouncyCastle asks it
/// for the CertificateVerify signature; every one is made by <see cref="IDigestSigner.SignDigest"/> (the ATECC608's
/// Sign command through <see cref="ChipSigner"/>). Only ecdsa_secp256r1_sha256 (0x0403) is offered.
/// </summary>
internal sealed class ChipCredentialedSigner : TlsCredentialedSigner
{
    /// <summary>ecdsa_secp256r1_sha256 (RFC 8446 §4.2.3) = { sha256, ecdsa } in TLS 1.2 (RFC 5246 §7.4.1.4.1).</summary>
    internal static readonly SignatureAndHashAlgorithm EcdsaP256Sha256 =
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private readonly IDigestSigner _signer;

    public ChipCredentialedSigner(Certificate certificate, IDigestSigner signer)
    {
        Certificate = certificate;
        _signer = signer;
    }

    public Certificate Certificate { get; }

    public SignatureAndHashAlgorithm SignatureAndHashAlgorithm => EcdsaP256Sha256;

    /// <summary>A fresh sink per signature: we hash the data to be signed ourselves and the chip signs the digest.</summary>
    public TlsStreamSigner GetStreamSigner() => new ChipStreamSigner(_signer);

    /// <summary>Not reached while <see cref="GetStreamSigner"/> returns a signer; kept correct for completeness.</summary>
    public byte[] GenerateRawSignature(byte[] hash) => ChipStreamSigner.SignDigest(_signer, hash);
}
