using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Ca;

/// <summary>
/// A two-level P-256 CA: a self-signed root and an issuing CA under it that signs device certificates. The root
/// also signs the server's TLS certificate. Keys are kept in memory; <see cref="CaStore"/> persists them.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Root validity: long enough to outlive a pilot many times over.</summary>
    internal static readonly TimeSpan RootLifetime = TimeSpan.FromDays(25 * 365);

    /// <summary>Issuing CA validity.</summary>
    internal static readonly TimeSpan IssuingLifetime = TimeSpan.FromDays(10 * 365);

    /// <summary>CA certificates start this far in the past so that clocks slightly behind the server accept them.</summary>
    internal static readonly TimeSpan CaBackdate = TimeSpan.FromHours(1);

    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>id-kp-serverAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Serial numbers: 16 random bytes, positive (RFC 5280 §4.1.2.2 allows up to 20 octets).</summary>
    private const int SerialNumberBytes = 16;

    private readonly ECDsa _rootKey;
    private readonly ECDsa _issuingKey;

    internal CertificateAuthority(X509Certificate2 root, ECDsa rootKey, X509Certificate2 issuing, ECDsa issuingKey)
    {
        Root = root;
        _rootKey = rootKey;
        Issuing = issuing;
        _issuingKey = issuingKey;
    }

    /// <summary>The self-signed root certificate (public part only): the trust anchor devices are given.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The issuing CA certificate (public part only), signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Issuing { get; }

    /// <summary>Creates a fresh root and issuing CA in memory.</summary>
    /// <param name="name">Distinguishing part of the CA names, e.g. "EST Lab 3f2a9c1e".</param>
    /// <param name="now">Creation time.</param>
    public static CertificateAuthority Create(string name, DateTimeOffset now)
    {
        ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECDsa issuingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootName = new X500DistinguishedName($"CN={name} Root CA, O=EST Lab");
        var issuingName = new X500DistinguishedName($"CN={name} Issuing CA, O=EST Lab");

        var rootRequest = new CertificateRequest(rootName, rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        X509Certificate2 root = rootRequest.Create(
            rootName, X509SignatureGenerator.CreateForECDsa(rootKey), now - CaBackdate, now + RootLifetime, NewSerialNumber());

        var issuingRequest = new CertificateRequest(issuingName, issuingKey, HashAlgorithmName.SHA256);
        issuingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        issuingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        issuingRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(issuingRequest.PublicKey, false));
        issuingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        X509Certificate2 issuing = issuingRequest.Create(
            rootName, X509SignatureGenerator.CreateForECDsa(rootKey), now - CaBackdate, now + IssuingLifetime, NewSerialNumber());

        return new CertificateAuthority(root, rootKey, issuing, issuingKey);
    }

    /// <summary>
    /// Issues an end-entity certificate for a device: the given subject and SAN copied verbatim (so a
    /// re-enrollment CSR can repeat them byte for byte, RFC 7030 §4.2.2), digitalSignature, clientAuth.
    /// notAfter is clamped to the issuing CA's notAfter.
    /// </summary>
    public X509Certificate2 IssueDevice(
        X500DistinguishedName subject, PublicKey publicKey, X509Extension? subjectAlternativeName,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(publicKey);
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Issuing, true, false));
        DateTimeOffset caNotAfter = new(Issuing.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return request.Create(
            Issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(_issuingKey), notBefore,
            notAfter > caNotAfter ? caNotAfter : notAfter, NewSerialNumber());
    }

    /// <summary>
    /// Issues the TLS server certificate, signed by the root: serverAuth, SAN = the given DNS names and IP
    /// addresses. Returned with its new private key.
    /// </summary>
    public X509Certificate2 IssueServer(IEnumerable<string> names, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(names);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (System.Net.IPAddress.TryParse(name, out System.Net.IPAddress? address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        var request = new CertificateRequest(new X500DistinguishedName("CN=EST Lab server, O=EST Lab"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using X509Certificate2 certificate = request.Create(
            Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), now - CaBackdate, now + lifetime, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The root key as PKCS#8 PEM (for <see cref="CaStore"/> only).</summary>
    internal string ExportRootKeyPem() => _rootKey.ExportPkcs8PrivateKeyPem();

    /// <summary>The issuing CA key as PKCS#8 PEM (for <see cref="CaStore"/> only).</summary>
    internal string ExportIssuingKeyPem() => _issuingKey.ExportPkcs8PrivateKeyPem();

    /// <summary>A fresh positive serial number with no redundant leading zero byte.</summary>
    internal static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(SerialNumberBytes);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rootKey.Dispose();
        _issuingKey.Dispose();
        Root.Dispose();
        Issuing.Dispose();
    }
}
