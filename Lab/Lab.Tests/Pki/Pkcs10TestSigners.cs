using System.Security.Cryptography;
using DeviceAgent.Pki;

namespace Lab.Tests.Pki;

/// <summary>An <see cref="IDigestSigner"/> over a .NET P-256 key: R‖S as IEEE P1363, like the ATECC608 returns it.</summary>
internal sealed class SoftwareDigestSigner : IDigestSigner, IDisposable
{
    private readonly ECDsa _key;

    public SoftwareDigestSigner(ECDsa key)
    {
        _key = key;
        ECParameters p = key.ExportParameters(includePrivateParameters: false);
        PublicKey = [.. p.Q.X!, .. p.Q.Y!];
    }

    public static SoftwareDigestSigner Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public byte[] PublicKey { get; }

    /// <summary>The last signature returned, to see which R/S padding cases a run produced.</summary>
    public byte[]? LastSignature { get; private set; }

    public byte[] SignDigest(byte[] digest)
    {
        LastSignature = _key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return LastSignature;
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>
/// Returns one preallocated R‖S whatever the digest (the signature does not verify): isolates the builder's own
/// allocations from the signer's.
/// </summary>
internal sealed class PreallocatedSigner(byte[] publicKey, byte[] signature) : IDigestSigner
{
    public byte[] PublicKey { get; } = publicKey;

    public byte[] SignDigest(byte[] digest) => signature;
}
