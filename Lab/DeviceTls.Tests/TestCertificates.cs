using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.DeviceTls.Tests;

/// <summary>Throw-away CAs and server certificates for the loopback TLS server (.NET's CertificateRequest).</summary>
internal static class TestCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>A self-signed P-256 root CA (with its key).</summary>
    public static X509Certificate2 Root(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>
    /// A TLS server certificate issued by <paramref name="issuer"/> with the given SAN entries (and its key): P-256 by
    /// default, RSA-2048 with <paramref name="rsa"/>. The subject CN is <paramref name="commonName"/>.
    /// </summary>
    public static X509Certificate2 Server(
        X509Certificate2 issuer, string commonName, string[] dnsNames, IPAddress[] addresses, bool rsa = false, DateTimeOffset? notAfter = null)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = key is RSA rsaKey
            ? new CertificateRequest($"CN={commonName}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={commonName}", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            rsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames)
        {
            san.AddDnsName(name);
        }

        foreach (IPAddress address in addresses)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build());
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddDays(-2);
        DateTimeOffset until = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, until, serial);
        return key is RSA rsaPrivate ? issued.CopyWithPrivateKey(rsaPrivate) : issued.CopyWithPrivateKey((ECDsa)key);
    }
}
