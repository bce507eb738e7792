using System.Security.Cryptography;

namespace Lab.Tests.Atecc608;

/// <summary>.NET's ECDSA P-256 as the independent check of the chip's keys and signatures.</summary>
internal static class P256
{
    public static ECDsa FromPublicKey(byte[] xy) => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = xy[..32], Y = xy[32..] },
    });

    public static byte[] PublicKeyOf(ECDsa key)
    {
        ECParameters p = key.ExportParameters(includePrivateParameters: false);
        return [.. p.Q.X!, .. p.Q.Y!];
    }
}
