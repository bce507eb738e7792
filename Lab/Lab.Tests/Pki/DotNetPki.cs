using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;

namespace Lab.Tests.Pki;

/// <summary>Certificates issued by .NET's <see cref="CertificateRequest"/>, and certs-only PKCS#7 encoded by .NET.</summary>
internal static class DotNetPki
{
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A P-256 CA (its key kept in the returned certificate).</summary>
    public static X509Certificate2 CreateCa(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null,
        int pathLength = -1, X509KeyUsageFlags usage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, bool isCa = true, bool withKeyUsage = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, pathLength >= 0, Math.Max(pathLength, 0), critical: true));
        if (withKeyUsage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return Sign(request, issuer, notBefore, notAfter, RandomSerial(Random.Shared), key);
    }

    /// <summary>A P-256 device certificate: KU digitalSignature, EKU clientAuth, SAN DNS + URI, SKI, AKI.</summary>
    public static X509Certificate2 CreateLeaf(string commonName, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool clientAuth = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName + ", O=Example Devices", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(clientAuth ? ClientAuthOid : ServerAuthOid)], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName + ".devices.example");
        san.AddUri(new Uri("urn:example:" + commonName));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return Sign(request, issuer, notBefore, notAfter, RandomSerial(Random.Shared), null);
    }

    /// <summary>
    /// A random but valid P-256 certificate for field comparison: random names in several string types (UTF-8
    /// with non-BMP characters, BMPString, PrintableString, IA5String), random serial (1–20 bytes, top bit set or not),
    /// validity anywhere in 1950–2999 (UTCTime and GeneralizedTime), random KU/EKU, SAN of every kind, AKI with
    /// issuer and serial.
    /// </summary>
    public static X509Certificate2 CreateRandom(Random random, X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion(random.Next(2) == 0 ? "DE" : "US");
        name.AddOrganizationName(Text(random, 1, 40, unicode: true));
        if (random.Next(2) == 0)
        {
            name.AddOrganizationalUnitName(Text(random, 1, 20, unicode: false));
        }

        name.Add("2.5.4.5", Text(random, 1, 16, unicode: false), UniversalTagNumber.PrintableString);
        name.AddEmailAddress("dev" + random.Next(1000) + "@example.com");
        bool bmp = random.Next(3) == 0;
        name.Add("2.5.4.3", Text(random, 1, 50, unicode: true, basicPlaneOnly: bmp), bmp ? UniversalTagNumber.BMPString : UniversalTagNumber.UTF8String);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(random.Next(2) == 0, random.Next(2) == 0, random.Next(4), critical: random.Next(2) == 0));
        var usages = (X509KeyUsageFlags)(random.Next(1, 256) | (random.Next(4) == 0 ? (int)X509KeyUsageFlags.DecipherOnly : 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usages, critical: true));
        var purposes = new OidCollection();
        if (random.Next(2) == 0)
        {
            purposes.Add(new Oid(ClientAuthOid));
        }

        if (random.Next(2) == 0)
        {
            purposes.Add(new Oid(ServerAuthOid));
        }

        purposes.Add(new Oid("1.3.6.1.5.5.7.3.28"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, critical: false));
        var san = new SubjectAlternativeNameBuilder();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            san.AddDnsName(Label(random) + "." + Label(random) + ".example");
        }

        san.AddUri(new Uri("https://" + Label(random) + ".example/" + Label(random)));
        san.AddIpAddress(random.Next(2) == 0 ? new IPAddress(random.Next()) : IPAddress.Parse("2001:db8::" + random.Next(0xFFFF).ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        san.AddEmailAddress(Label(random) + "@example.com");
        san.AddUserPrincipalName(Label(random) + "@example.com");
        request.CertificateExtensions.Add(san.Build(critical: random.Next(2) == 0));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: true));
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.99999.1", [0x04, 0x02, 0xCA, 0xFE], critical: false));

        var notBefore = new DateTimeOffset(random.Next(1950, 2990), random.Next(1, 13), random.Next(1, 29), random.Next(24), random.Next(60), random.Next(60), TimeSpan.Zero);
        DateTimeOffset notAfter = notBefore.AddDays(random.Next(1, 3650));
        return Sign(request, issuer, notBefore, notAfter, RandomSerial(random), null);
    }

    /// <summary>Certs-only PKCS#7 as .NET writes it (<see cref="X509ContentType.Pkcs7"/>).</summary>
    public static byte[] ExportPkcs7(params X509Certificate2[] certificates)
    {
        var collection = new X509Certificate2Collection(certificates);
        return collection.Export(X509ContentType.Pkcs7)!;
    }

    /// <summary>The certificates of a PKCS#7 bundle as .NET reads them.</summary>
    public static X509Certificate2Collection ReadPkcs7(byte[] p7)
    {
        var collection = new X509Certificate2Collection();
#pragma warning disable SYSLIB0057 // X509CertificateLoader has no PKCS#7 reader; SignedCms would need another package
        collection.Import(p7);
#pragma warning restore SYSLIB0057
        return collection;
    }

    /// <summary>
    /// Certs-only SignedData with indefinite lengths on ContentInfo, [0], SignedData and certificates, as
    /// BouncyCastle's CMSSignedDataGenerator emits it (facts/est.md §8.2); optionally Go's empty crls <c>A1 00</c>.
    /// Built by hand (.NET's AsnWriter writes BER with definite lengths); .NET's reader accepts the result.
    /// </summary>
    public static byte[] BerPkcs7(bool emptyCrls, params byte[][] certificates)
    {
        byte[] version = [0x02, 0x01, 0x01];
        byte[] noDigestAlgorithms = [0x31, 0x00];
        byte[] idData = [0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01];
        byte[] crls = emptyCrls ? [0xA1, 0x00] : [];
        byte[] noSignerInfos = [0x31, 0x00];
        byte[] signedData = Indefinite(0x30, version, noDigestAlgorithms, idData, Indefinite(0xA0, certificates), crls, noSignerInfos);
        byte[] idSignedData = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];
        return Indefinite(0x30, idSignedData, Indefinite(0xA0, signedData));
    }

    /// <summary>tag ‖ 80 ‖ parts ‖ 00 00 (X.690 §8.1.3.6).</summary>
    public static byte[] Indefinite(byte tag, params byte[][] parts) => [tag, 0x80, .. parts.SelectMany(p => p), 0x00, 0x00];

    public static byte[] RandomSerial(Random random)
    {
        var serial = new byte[random.Next(1, 21)];
        random.NextBytes(serial);
        if (serial.Length > 1 && serial[0] == 0)
        {
            serial[0] = 1;
        }

        if (serial.Length == 1 && serial[0] == 0)
        {
            serial[0] = 7;
        }

        return serial;
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial, ECDsa? subjectKey)
    {
        // The issuer-name overload signs without checking the issuer's basicConstraints, so non-CA issuers can be made.
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("issuer has no P-256 private key");
        X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        return subjectKey is null ? issued : issued.CopyWithPrivateKey(subjectKey);
    }

    private static string Label(Random random)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[random.Next(1, 12)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = Letters[random.Next(Letters.Length)];
        }

        return new string(chars);
    }

    private static string Text(Random random, int min, int max, bool unicode, bool basicPlaneOnly = false)
    {
        // BMPString cannot hold characters beyond U+FFFF, UTF8String can (the last two need surrogate pairs).
        string[] pieces = !unicode
            ? ["a", "Z", "0", " ", "-", "b", "Q", "9"]
            : basicPlaneOnly ? ["a", "Z", "0", " ", "-", "é", "ß", "Ж", "中", "€"] : ["a", "Z", "0", " ", "-", "é", "ß", "Ж", "中", "€", "😀", "𝄞"];
        string text = string.Empty;
        int length = random.Next(min, max + 1);
        while (text.Length < length)
        {
            text += pieces[random.Next(pieces.Length)];
        }

        return text.Trim().Length == 0 ? "x" + text.Trim() : text.Trim();
    }
}

/// <summary>ECDSA P-256 verification by .NET behind the device's port, counting calls.</summary>
internal sealed class DotNetEcdsaVerifier : ISignatureVerifier
{
    public int Calls { get; private set; }

    public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
    {
        Calls++;
        try
        {
            using ECDsa key = Lab.Tests.Atecc608.P256.FromPublicKey(publicKey);
            return key.VerifyHash(digest, signature);
        }
        catch (CryptographicException)
        {
            // a point not on the curve: not a valid key, so not a valid signature
            return false;
        }
    }
}
