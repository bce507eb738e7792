using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;

namespace Lab.Tests.Pki;

/// <summary>
/// <see cref="Pkcs7CertsOnly"/> on certs-only bundles from independent producers: OpenSSL's <c>crl2pkcs7 -nocrl</c>
/// (DER) and .NET's <see cref="X509Certificate2Collection.Export(X509ContentType)"/> (DER); and on BER bundles with
/// indefinite lengths as BouncyCastle servers send them, with and without Go's empty crls, built by hand and
/// checked against .NET's PKCS#7 reader.
/// </summary>
public sealed class Pkcs7InteropTests(OpenSslPki openSsl) : IClassFixture<OpenSslPki>
{
    [Fact]
    public void OpenSslOneCertificate_IsTheLeaf()
    {
        byte[] p7 = openSsl.Der("p7-1");

        Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

        Assert.Equal(1, bundle.Count);
        Assert.Equal(openSsl.Der("leaf"), Slice(bundle, 0));
    }

    [Fact]
    public void OpenSslThreeCertificates_InOrderAndEqualToDotNetsReading()
    {
        byte[] p7 = openSsl.Der("p7-3");

        Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

        X509Certificate2Collection expected = DotNetPki.ReadPkcs7(p7);
        Assert.Equal(expected.Count, bundle.Count);
        for (int i = 0; i < bundle.Count; i++)
        {
            CertificateInteropTests.AssertSameFields(expected.Single(x => x.RawData.AsSpan().SequenceEqual(Slice(bundle, i))), bundle.GetCertificate(i));
        }

        Assert.Equal(["leaf", "issuing", "root"], Enumerable.Range(0, 3).Select(i => Name(bundle, i)));
    }

    [Fact]
    public void DotNetExport_ParsesToTheSameCertificates()
    {
        byte[][] certificates = [openSsl.Der("root"), openSsl.Der("issuing"), openSsl.Der("leaf")];
        using var a = X509CertificateLoader.LoadCertificate(certificates[0]);
        using var b = X509CertificateLoader.LoadCertificate(certificates[1]);
        using var c = X509CertificateLoader.LoadCertificate(certificates[2]);
        byte[] p7 = DotNetPki.ExportPkcs7(a, b, c);

        Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

        Assert.Equal(3, bundle.Count);
        Assert.Equal(
            certificates.Select(Convert.ToHexString).Order(),
            Enumerable.Range(0, 3).Select(i => Convert.ToHexString(Slice(bundle, i))).Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BerIndefiniteLengths_Accepted(bool emptyCrls)
    {
        byte[] p7 = DotNetPki.BerPkcs7(emptyCrls, openSsl.Der("leaf"), openSsl.Der("issuing"), openSsl.Der("root"));
        Assert.Equal(0x80, p7[1]);

        Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(p7);

        Assert.Equal(3, bundle.Count);
        Assert.Equal(openSsl.Der("issuing"), Slice(bundle, 1));
        Assert.Equal(3, DotNetPki.ReadPkcs7(p7).Count);
    }

    [Fact]
    public void BerBundle_InDerReader_IsRejectedAsIndefinite()
    {
        byte[] p7 = DotNetPki.BerPkcs7(false, openSsl.Der("leaf"));
        var reader = new DerReader(p7, 0, p7.Length);

        PkiException e = Assert.Throws<PkiException>(() => reader.Enter(DerReader.TagSequence));

        Assert.Equal(PkiError.IndefiniteLength, e.Error);
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void ParsedBundle_ValidatesAsAChain()
    {
        Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(DotNetPki.BerPkcs7(true, openSsl.Der("root"), openSsl.Der("leaf"), openSsl.Der("issuing")));
        var certificates = bundle.ParseCertificates();
        Certificate leaf = certificates.Cast<Certificate>().Single(c => !c.IsCertificateAuthority);
        Certificate anchor = Certificate.Parse(openSsl.Der("root"));

        var path = new ChainValidator(new DotNetEcdsaVerifier()) { RequireClientAuth = true }.Validate(leaf, certificates, anchor, DateTime.UtcNow.AddDays(1));

        Assert.Equal(3, path.Count);
    }

    private static byte[] Slice(Pkcs7CertsOnly bundle, int index) =>
        bundle.Buffer.AsSpan(bundle.GetCertificateOffset(index), bundle.GetCertificateLength(index)).ToArray();

    private static string Name(Pkcs7CertsOnly bundle, int index) => bundle.GetCertificate(index).Subject.CommonName switch
    {
        "gerät-0001" => "leaf",
        "Example Issuing CA" => "issuing",
        "Example Root CA" => "root",
        var other => other ?? "?",
    };
}
