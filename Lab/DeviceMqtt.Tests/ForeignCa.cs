using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// A CA that is not the Lab's, made with .NET: it certifies a simulated chip's public key under any name, as someone
/// who sets up their own PKI would. Brokers configured with the Lab CA must refuse its certificates.
/// </summary>
internal static class ForeignCa
{
    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>A device certificate (DER) for <paramref name="device"/>'s chip key named <paramref name="commonName"/>, from a fresh foreign root.</summary>
    public static byte[] IssueFor(ChipDevice device, string commonName)
    {
        using ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=Elsewhere Root CA, O=Not the Lab", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));

        byte[] publicKey = device.Signer.PublicKey;   // X ‖ Y from the chip
        using ECDsa chipKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[..32], Y = publicKey[32..] },
        });
        var request = new CertificateRequest($"CN={commonName}", chipKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:dev:" + commonName));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        using X509Certificate2 certificate = request.Create(root, now.AddMinutes(-5), now.AddDays(30), [0x42, 0x17, 0x01]);
        return certificate.RawData;
    }
}
