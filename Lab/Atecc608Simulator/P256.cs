using System.Security.Cryptography;

namespace Atecc608Simulator;

/// <summary>
/// The chip's ECC engine, done with .NET's P-256 (OpenSSL on Linux). Keys travel as the chip's byte strings:
/// the 32-byte private scalar, X‖Y for public keys, R‖S for signatures, all big-endian (facts/atecc608.md §0).
/// </summary>
internal static class P256
{
    /// <summary>Scalar, coordinate and signature-half size.</summary>
    public const int Size = 32;

    private static readonly ECCurve Curve = ECCurve.NamedCurves.nistP256;

    /// <summary>Creates a fresh key pair: the private scalar and X‖Y.</summary>
    public static (byte[] PrivateScalar, byte[] PublicKey) Generate()
    {
        using var key = ECDsa.Create(Curve);
        ECParameters parameters = key.ExportParameters(includePrivateParameters: true);
        return (parameters.D!, [.. parameters.Q.X!, .. parameters.Q.Y!]);
    }

    /// <summary>X‖Y of the key whose private scalar is <paramref name="privateScalar"/>; null if the scalar is not a valid key.</summary>
    public static byte[]? PublicKeyOf(byte[] privateScalar)
    {
        using ECDsa? key = ImportPrivate(privateScalar);
        if (key == null)
        {
            return null;
        }

        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        return [.. parameters.Q.X!, .. parameters.Q.Y!];
    }

    /// <summary>R‖S over the 32-byte <paramref name="digest"/>; null if the scalar is not a valid key.</summary>
    public static byte[]? Sign(byte[] privateScalar, byte[] digest)
    {
        using ECDsa? key = ImportPrivate(privateScalar);
        return key?.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>True/false for a valid/invalid signature; null when X‖Y is not a point on the curve.</summary>
    public static bool? Verify(byte[] publicKey, byte[] digest, byte[] signature)
    {
        using ECDsa? key = ImportPublic<ECDsa>(ECDsa.Create(), publicKey);
        return key?.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The ECDH shared secret (X coordinate of d·Q); null when either key is invalid.</summary>
    public static byte[]? SharedSecret(byte[] privateScalar, byte[] peerPublicKey)
    {
        using ECDiffieHellman? peer = ImportPublic<ECDiffieHellman>(ECDiffieHellman.Create(), peerPublicKey);
        if (peer == null)
        {
            return null;
        }

        using var own = ECDiffieHellman.Create();
        try
        {
            own.ImportParameters(new ECParameters { Curve = Curve, D = privateScalar });
            return own.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static ECDsa? ImportPrivate(byte[] privateScalar)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportParameters(new ECParameters { Curve = Curve, D = privateScalar });
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private static T? ImportPublic<T>(T key, byte[] publicKey)
        where T : AsymmetricAlgorithm
    {
        try
        {
            var point = new ECPoint { X = publicKey[..Size], Y = publicKey[Size..(2 * Size)] };
            var parameters = new ECParameters { Curve = Curve, Q = point };
            switch (key)
            {
                case ECDsa ecdsa:
                    ecdsa.ImportParameters(parameters);
                    break;
                case ECDiffieHellman ecdh:
                    ecdh.ImportParameters(parameters);
                    break;
                default:
                    throw new ArgumentException("unsupported key type", nameof(key));
            }

            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }
}
