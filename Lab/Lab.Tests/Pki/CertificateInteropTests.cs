using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;
using Xunit.Abstractions;

namespace Lab.Tests.Pki;

/// <summary>
/// <see cref="Certificate"/> (desktop build of the device parser) against .NET's <see cref="X509Certificate2"/> on
/// certificates issued by two independent implementations: the <c>openssl</c> CLI and .NET's CertificateRequest.
/// Every field the device reads must equal what .NET reports.
/// </summary>
public sealed class CertificateInteropTests(OpenSslPki openSsl, ITestOutputHelper output) : IClassFixture<OpenSslPki>
{
    private const string KeyUsageOid = "2.5.29.15";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string ExtendedKeyUsageOid = "2.5.29.37";
    private const string SubjectAltNameOid = "2.5.29.17";

    private static readonly byte[] Prime256v1 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    public static TheoryData<string> OpenSslCertificates => [.. OpenSslPki.CertificateNames];

    [Theory]
    [MemberData(nameof(OpenSslCertificates))]
    public void OpenSslIssued_FieldsEqualDotNet(string name)
    {
        byte[] der = openSsl.Der(name);

        Certificate certificate = Certificate.Parse(der);

        using var expected = X509CertificateLoader.LoadCertificate(der);
        AssertSameFields(expected, certificate);
        output.WriteLine($"{name}: {der.Length} bytes, {certificate.Subject}");
    }

    [Fact]
    public void OpenSslLeaf_SpecificValues()
    {
        Certificate leaf = Certificate.Parse(openSsl.Der("leaf"));

        Assert.Equal("gerät-0001", leaf.Subject.CommonName);
        Assert.Equal("SN0001", leaf.Subject.SerialNumber);
        Assert.Equal("Sensors", leaf.Subject.OrganizationalUnit);
        Assert.Equal(["device-0001.example.com", "*.devices.example"], leaf.DnsNames!.Cast<string>());
        Assert.Equal(["urn:example:device:0001"], leaf.Uris!.Cast<string>());
        Assert.Equal(X509KeyUsage.DigitalSignature | X509KeyUsage.KeyAgreement, leaf.KeyUsage);
        Assert.True(leaf.HasClientAuth && leaf.HasServerAuth);
        Assert.Equal("008A1B2C3D4E5F6071", Convert.ToHexString(leaf.GetSerialNumber()));
        Assert.Equal("C=US, ST=Bayern, O=Example Devices, OU=Sensors, CN=gerät-0001, serialNumber=SN0001".Split(", ").Reverse(), leaf.Subject.ToString().Split(", ").Select(p => p.Replace("2.5.4.8=", "ST=", StringComparison.Ordinal)));
    }

    [Fact]
    public void OpenSslLongLivedLeaf_NotAfterIsGeneralizedTimeAfter2049()
    {
        byte[] der = openSsl.Der("longleaf");

        Certificate certificate = Certificate.Parse(der);

        Assert.True(certificate.NotAfter.Year >= 2050, certificate.NotAfter.ToString("O"));
        Assert.Contains((byte)DerReader.TagGeneralizedTime, der);
    }

    [Fact]
    public void OpenSslOtherAlgorithms_ParsedButNotVerifiable()
    {
        Certificate rsa = Certificate.Parse(openSsl.Der("rsaroot"));
        Certificate p384 = Certificate.Parse(openSsl.Der("p384"));
        Certificate rsaIssued = Certificate.Parse(openSsl.Der("rsaissued"));

        Assert.Equal(SignatureAlgorithm.Sha256WithRsaEncryption, rsa.SignatureAlgorithm);
        Assert.Equal(PublicKeyAlgorithm.Rsa, rsa.PublicKeyAlgorithm);
        Assert.Equal(SignatureAlgorithm.EcdsaWithSha384, p384.SignatureAlgorithm);
        Assert.Equal(PublicKeyAlgorithm.EcOther, p384.PublicKeyAlgorithm);
        Assert.Null(p384.PublicKey);
        Assert.Null(p384.Signature);
        Assert.Equal(PublicKeyAlgorithm.EcP256, rsaIssued.PublicKeyAlgorithm);
        Assert.Null(rsaIssued.Signature);
    }

    [Fact]
    public void DotNetIssued_RandomCertificates_FieldsEqualDotNet()
    {
        var random = new Random(20261127);
        using X509Certificate2 ca = DotNetPki.CreateCa("CN=Random Test CA, O=Example", DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(10));
        int generalized = 0, bmp = 0;
        for (int i = 0; i < 150; i++)
        {
            using X509Certificate2 issued = DotNetPki.CreateRandom(random, ca);
            byte[] der = issued.RawData;

            Certificate certificate = Certificate.Parse(der);

            AssertSameFields(issued, certificate);
            generalized += certificate.NotAfter.Year >= 2050 ? 1 : 0;
            bmp += der.AsSpan(certificate.Subject.Offset, certificate.Subject.Length).IndexOf((byte)DerReader.TagBmpString) >= 0 ? 1 : 0;
        }

        output.WriteLine($"150 random .NET certificates: {generalized} with GeneralizedTime notAfter, {bmp} with a BMPString in the subject");
        Assert.True(generalized > 10 && bmp > 10, "the random set covers GeneralizedTime and BMPString");
    }

    [Fact]
    public void DotNetIssued_ChainCertificates_FieldsEqualDotNet()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 root = DotNetPki.CreateCa("CN=Root, O=Example, C=DE", now.AddDays(-1), now.AddYears(20));
        using X509Certificate2 issuing = DotNetPki.CreateCa("CN=Issuing, O=Example, C=DE", now.AddDays(-1), now.AddYears(10), root, pathLength: 0);
        using X509Certificate2 leaf = DotNetPki.CreateLeaf("device-7", issuing, now.AddDays(-1), now.AddYears(1));

        foreach (X509Certificate2 x in new[] { root, issuing, leaf })
        {
            AssertSameFields(x, Certificate.Parse(x.RawData));
        }
    }

    internal static void AssertSameFields(X509Certificate2 expected, Certificate actual)
    {
        byte[] der = actual.Buffer;
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.SerialNumberBytes.ToArray(), actual.GetSerialNumber());
        Assert.Equal(expected.SubjectName.RawData, der.AsSpan(actual.Subject.Offset, actual.Subject.Length).ToArray());
        Assert.Equal(expected.IssuerName.RawData, der.AsSpan(actual.Issuer.Offset, actual.Issuer.Length).ToArray());
        AssertSameAttributes(expected.SubjectName, actual.Subject);
        AssertSameAttributes(expected.IssuerName, actual.Issuer);
        Assert.Equal(expected.NotBefore.ToUniversalTime(), actual.NotBefore);
        Assert.Equal(expected.NotAfter.ToUniversalTime(), actual.NotAfter);
        Assert.Equal(DateTimeKind.Utc, actual.NotAfter.Kind);
        Assert.Equal(expected.SignatureAlgorithm.Value, SignatureOid(actual.SignatureAlgorithm));

        AssertSamePublicKey(expected, actual);
        AssertSameSignature(expected, actual);
        AssertSameExtensions(expected, actual);
    }

    private static void AssertSameAttributes(X500DistinguishedName expected, X509Name actual)
    {
        var first = new Dictionary<string, string>();
        foreach (X500RelativeDistinguishedName rdn in expected.EnumerateRelativeDistinguishedNames())
        {
            string oid = rdn.GetSingleElementType().Value!;
            first.TryAdd(oid, rdn.GetSingleElementValue()!);
        }

        Assert.Equal(first.GetValueOrDefault("2.5.4.3"), actual.CommonName);
        Assert.Equal(first.GetValueOrDefault("2.5.4.10"), actual.Organization);
        Assert.Equal(first.GetValueOrDefault("2.5.4.11"), actual.OrganizationalUnit);
        Assert.Equal(first.GetValueOrDefault("2.5.4.6"), actual.Country);
        Assert.Equal(first.GetValueOrDefault("2.5.4.5"), actual.SerialNumber);
        Assert.False(string.IsNullOrEmpty(actual.ToString()) && first.Count > 0);
    }

    private static void AssertSamePublicKey(X509Certificate2 expected, Certificate actual)
    {
        Assert.Equal(expected.PublicKey.ExportSubjectPublicKeyInfo(), actual.Buffer.AsSpan(actual.SubjectPublicKeyInfoOffset, actual.SubjectPublicKeyInfoLength).ToArray());
        Assert.Equal(expected.PublicKey.EncodedKeyValue.RawData, actual.Buffer.AsSpan(actual.PublicKeyOffset, actual.PublicKeyLength).ToArray());
        // Read through PublicKey, not GetECDsaPublicKey (which refuses EC keys whose keyUsage does not allow signing).
        string algorithm = expected.PublicKey.Oid.Value!;
        byte[] point = expected.PublicKey.EncodedKeyValue.RawData;
        if (algorithm == "1.2.840.113549.1.1.1")
        {
            Assert.Equal(PublicKeyAlgorithm.Rsa, actual.PublicKeyAlgorithm);
            Assert.Null(actual.PublicKey);
        }
        else if (algorithm == "1.2.840.10045.2.1" && expected.PublicKey.EncodedParameters?.RawData?.SequenceEqual(Prime256v1) == true)
        {
            Assert.Equal(PublicKeyAlgorithm.EcP256, actual.PublicKeyAlgorithm);
            Assert.Equal(point[1..], actual.PublicKey);
        }
        else
        {
            Assert.Equal(algorithm == "1.2.840.10045.2.1" ? PublicKeyAlgorithm.EcOther : PublicKeyAlgorithm.Unknown, actual.PublicKeyAlgorithm);
            Assert.Null(actual.PublicKey);
        }
    }

    private static void AssertSameSignature(X509Certificate2 expected, Certificate actual)
    {
        // The TBS slice and R‖S are what the chain check hashes and verifies: .NET must accept them for
        // self-signed P-256 certificates (issued ones are verified in the chain tests).
        byte[] tbs = actual.Buffer.AsSpan(actual.TbsOffset, actual.TbsLength).ToArray();
        var reader = new AsnReader(expected.RawData, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(reader.ReadEncodedValue().ToArray(), tbs);
        if (actual.SignatureAlgorithm == SignatureAlgorithm.EcdsaWithSha256 && actual.IsSelfIssued && actual.PublicKey is not null)
        {
            using ECDsa key = Lab.Tests.Atecc608.P256.FromPublicKey(actual.PublicKey);
            Assert.True(key.VerifyData(tbs, actual.Signature!, HashAlgorithmName.SHA256), "self-signature over the TBS slice");
        }
    }

    private static void AssertSameExtensions(X509Certificate2 expected, Certificate actual)
    {
        var bc = expected.Extensions[BasicConstraintsOid] as X509BasicConstraintsExtension;
        Assert.Equal(bc is not null, actual.HasBasicConstraints);
        Assert.Equal(bc?.CertificateAuthority ?? false, actual.IsCertificateAuthority);
        Assert.Equal(bc is { HasPathLengthConstraint: true } ? bc.PathLengthConstraint : -1, actual.PathLengthConstraint);

        var ku = expected.Extensions[KeyUsageOid] as X509KeyUsageExtension;
        Assert.Equal(ku is not null, actual.HasKeyUsage);
        Assert.Equal(ku?.KeyUsages ?? X509KeyUsageFlags.None, ToDotNet(actual.KeyUsage));

        var eku = expected.Extensions[ExtendedKeyUsageOid] as X509EnhancedKeyUsageExtension;
        Assert.Equal(eku is not null, actual.HasExtendedKeyUsage);
        List<string> purposes = eku is null ? [] : [.. eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!)];
        Assert.Equal(purposes.Contains(DotNetPki.ClientAuthOid), actual.HasClientAuth);
        Assert.Equal(purposes.Contains(DotNetPki.ServerAuthOid), actual.HasServerAuth);
        if (eku is not null)
        {
            Assert.Equal(eku.RawData, actual.Buffer.AsSpan(actual.ExtendedKeyUsageOffset, actual.ExtendedKeyUsageLength).ToArray());
        }

        var san = expected.Extensions[SubjectAltNameOid] as X509SubjectAlternativeNameExtension;
        Assert.Equal(san is not null, actual.HasSubjectAltName);
        Assert.Equal(san?.EnumerateDnsNames().ToList() ?? [], actual.DnsNames?.Cast<string>().ToList() ?? []);
        Assert.Equal(san is null ? [] : Uris(san.RawData), actual.Uris?.Cast<string>().ToList() ?? []);
        if (san is not null)
        {
            Assert.Equal(san.RawData, actual.Buffer.AsSpan(actual.SubjectAltNameOffset, actual.SubjectAltNameLength).ToArray());
        }

        var ski = expected.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault();
        Assert.Equal(ski?.SubjectKeyIdentifierBytes.ToArray(), actual.GetSubjectKeyIdentifier());
        var aki = expected.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault();
        Assert.Equal(aki?.KeyIdentifier?.ToArray(), actual.GetAuthorityKeyIdentifier());
    }

    private static string SignatureOid(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaWithSha256 => "1.2.840.10045.4.3.2",
        SignatureAlgorithm.EcdsaWithSha384 => "1.2.840.10045.4.3.3",
        SignatureAlgorithm.EcdsaWithSha512 => "1.2.840.10045.4.3.4",
        SignatureAlgorithm.Sha256WithRsaEncryption => "1.2.840.113549.1.1.11",
        SignatureAlgorithm.Sha384WithRsaEncryption => "1.2.840.113549.1.1.12",
        SignatureAlgorithm.Sha512WithRsaEncryption => "1.2.840.113549.1.1.13",
        _ => "unknown",
    };

    // RFC 5280 §4.2.1.3 bit n ↔ .NET's X509KeyUsageFlags (bit 0 = 0x80 … bit 7 = 0x01, bit 8 = 0x8000).
    private static X509KeyUsageFlags ToDotNet(X509KeyUsage usage)
    {
        X509KeyUsageFlags flags = X509KeyUsageFlags.None;
        for (int bit = 0; bit < 8; bit++)
        {
            if (((int)usage & (1 << bit)) != 0)
            {
                flags |= (X509KeyUsageFlags)(0x80 >> bit);
            }
        }

        return (usage & X509KeyUsage.DecipherOnly) != 0 ? flags | X509KeyUsageFlags.DecipherOnly : flags;
    }

    // uniformResourceIdentifier [6] IA5String in GeneralNames (RFC 5280 §4.2.1.6), decoded by .NET's AsnReader.
    private static List<string> Uris(byte[] extnValue)
    {
        var uris = new List<string>();
        AsnReader names = new AsnReader(extnValue, AsnEncodingRules.DER).ReadSequence();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            if (names.PeekTag() == uriTag)
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }
}
