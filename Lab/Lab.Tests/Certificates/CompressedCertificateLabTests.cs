using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Atecc608Driver.Certificates;

namespace Lab.Tests.Certificates;

/// <summary>
/// The portable compressed-certificate code (facts/atecc608.md §10) against certificates that .NET issues: a Lab
/// CA signs P-256 device certificates with a fixed TBS layout (signer id "0A5F" in the issuer CN, a 16-byte
/// PUB_KEY_HASH serial computed here with .NET's SHA-256, whole-hour dates, SKI/AKI); the definition's template
/// and element offsets are taken from one issued certificate; every other certificate must compress to 72 bytes
/// that rebuild it byte for byte, and .NET must accept the rebuilt signature.
/// </summary>
public sealed class CompressedCertificateLabTests : IDisposable
{
    private const int TemplateId = 5;
    private const int ChainId = 0;
    private const int SignerId = 0x0A5F;
    private const int SerialLength = 16;
    private const string DeviceSubject = "CN=Lab Device, O=Device Lab";

    private static readonly DateTimeOffset Issue = new(2024, 5, 17, 9, 0, 0, TimeSpan.Zero);
    private static readonly string IssueText = Issue.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 caCert;
    private readonly byte[] caPublicKey;
    private readonly DotNetHashes hashes = new();

    public CompressedCertificateLabTests()
    {
        caPublicKey = PublicKey(caKey);
        var request = new CertificateRequest("CN=Lab Signer " + SignerId.ToString("X4", CultureInfo.InvariantCulture) + ", O=Device Lab", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(KeyId(caPublicKey), false));
        caCert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public void Dispose()
    {
        caCert.Dispose();
        caKey.Dispose();
    }

    [Fact]
    public void Rebuild_FromCompressedAndPublicKey_EqualsIssuedCertificateByteForByte()
    {
        Layout layout = NewLayout(20, noExpiry: false);

        for (int n = 0; n < 25; n++)
        {
            using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] issued = IssueFor(device, layout);

            byte[] compressed = CertificateBuilder.Compress(layout.Definition, issued);
            byte[] rebuilt = CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(device), null, hashes);

            Assert.Equal(issued, rebuilt);
            AssertCompressedLayout(compressed, issued, 20, formatVersion: 0);
            AssertDotNetAccepts(rebuilt, device);
        }
    }

    [Fact]
    public void Rebuild_SignaturesNeedingDerPaddingOrTrimming_StillMatch()
    {
        Layout layout = NewLayout(20, noExpiry: false);
        bool rPadded = false, sPadded = false, rTrimmed = false, sTrimmed = false;
        int checkedCount = 0;

        for (int n = 0; n < 50_000 && !(rPadded && sPadded && rTrimmed && sTrimmed); n++)
        {
            using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] issued = IssueFor(device, layout);
            (int rLength, int sLength) = IntegerLengths(issued);
            bool interesting = (rLength == 33 && !rPadded) || (sLength == 33 && !sPadded) || (rLength < 32 && !rTrimmed) || (sLength < 32 && !sTrimmed);
            if (!interesting)
            {
                continue;
            }

            byte[] compressed = CertificateBuilder.Compress(layout.Definition, issued);
            byte[] rebuilt = CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(device), null, hashes);

            Assert.Equal(issued, rebuilt);
            AssertDotNetAccepts(rebuilt, device);
            rPadded |= rLength == 33;
            sPadded |= sLength == 33;
            rTrimmed |= rLength < 32;
            sTrimmed |= sLength < 32;
            checkedCount++;
        }

        Assert.True(rPadded && sPadded && rTrimmed && sTrimmed, $"R padded {rPadded}, S padded {sPadded}, R trimmed {rTrimmed}, S trimmed {sTrimmed}");
        Assert.True(checkedCount >= 2);
    }

    [Fact]
    public void Rebuild_NoExpiry_UsesGeneralizedTimeMaxDate()
    {
        Layout layout = NewLayout(0, noExpiry: true);

        for (int n = 0; n < 5; n++)
        {
            using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] issued = IssueFor(device, layout);

            byte[] compressed = CertificateBuilder.Compress(layout.Definition, issued);
            byte[] rebuilt = CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(device), null, hashes);

            Assert.Equal(issued, rebuilt);
            AssertCompressedLayout(compressed, issued, 0, formatVersion: 0);
            using X509Certificate2 cert = X509CertificateLoader.LoadCertificate(rebuilt);
            Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), cert.NotAfter.ToUniversalTime());
        }
    }

    [Fact]
    public void Rebuild_FortyYearValidity_NeedsFormatVersion1AndHashesByte71()
    {
        Layout layout = NewLayout(40, noExpiry: false);   // 2064: GeneralizedTime notAfter, 40 > 31 years

        for (int n = 0; n < 5; n++)
        {
            using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] issued = IssueFor(device, layout);

            byte[] compressed = CertificateBuilder.Compress(layout.Definition, issued);
            byte[] rebuilt = CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(device), null, hashes);

            Assert.Equal(issued, rebuilt);
            AssertCompressedLayout(compressed, issued, 40, formatVersion: 1);
            AssertDotNetAccepts(rebuilt, device);
        }
    }

    [Fact]
    public void Rebuild_MismatchedTemplateId_IsWrongDefinition()
    {
        Layout layout = NewLayout(20, noExpiry: false);
        using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] compressed = CertificateBuilder.Compress(layout.Definition, IssueFor(device, layout));
        compressed[69] = (byte)(((TemplateId + 1) << 4) | ChainId);

        var e = Assert.Throws<CertificateException>(() => CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(device), null, hashes));

        Assert.Equal(CertificateError.WrongDefinition, e.Error);
        Assert.Contains("template 6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuild_TruncatedCompressedCertificate_IsCompressedLength()
    {
        Layout layout = NewLayout(20, noExpiry: false);
        using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] compressed = CertificateBuilder.Compress(layout.Definition, IssueFor(device, layout));

        for (int length = 0; length < CompressedCertificate.Size; length += 7)
        {
            byte[] truncated = compressed.AsSpan(0, length).ToArray();

            var e = Assert.Throws<CertificateException>(() => CertificateBuilder.Rebuild(layout.Definition, truncated, PublicKey(device), null, hashes));

            Assert.Equal(CertificateError.CompressedLength, e.Error);
        }
    }

    [Fact]
    public void Rebuild_WrongPublicKey_GivesCertificateDotNetRejects()
    {
        Layout layout = NewLayout(20, noExpiry: false);
        using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] compressed = CertificateBuilder.Compress(layout.Definition, IssueFor(device, layout));

        byte[] rebuilt = CertificateBuilder.Rebuild(layout.Definition, compressed, PublicKey(other), null, hashes);

        (byte[] tbs, byte[] signature) = TbsAndSignature(rebuilt);
        Assert.False(caKey.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Compress_CertificateFromAnotherLayout_IsMalformed()
    {
        Layout layout = NewLayout(20, noExpiry: false);
        using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] issued = IssueFor(device, layout, subject: "CN=Lab Devicf, O=Device Lab");   // same length, one letter off

        var e = Assert.Throws<CertificateException>(() => CertificateBuilder.Compress(layout.Definition, issued));

        Assert.Equal(CertificateError.MalformedCertificate, e.Error);
    }

    /// <summary>Issues one certificate, then reads the definition's element offsets from it with .NET's ASN.1 reader and byte search.</summary>
    private Layout NewLayout(int expireYears, bool noExpiry)
    {
        var layout = new Layout(expireYears, noExpiry);
        using ECDsa device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] devicePublicKey = PublicKey(device);
        byte[] template = IssueFor(device, layout);

        var outer = new AsnReader(template, AsnEncodingRules.DER);
        AsnReader sequence = outer.ReadSequence();
        Assert.False(outer.HasData);
        int tbsLength = sequence.ReadEncodedValue().Length;
        int algorithmLength = sequence.ReadEncodedValue().Length;
        int signatureLength = sequence.ReadEncodedValue().Length;
        Assert.False(sequence.HasData);
        int headerLength = template.Length - tbsLength - algorithmLength - signatureLength;

        layout.Definition = new CertificateDefinition
        {
            Template = template,
            TemplateId = TemplateId,
            ChainId = ChainId,
            SerialNumberSource = SerialNumberSource.PublicKeyHash,
            ExpireYears = expireYears,
            IssueDateFormat = CertificateDateFormat.UtcTime,
            ExpireDateFormat = layout.ExpireFormat,
            SerialNumber = new CertificateLocation(FindUnique(template, layout.Serial(devicePublicKey)), SerialLength),
            IssueDate = new CertificateLocation(FindUnique(template, Ascii(IssueText)), 13),
            ExpireDate = new CertificateLocation(FindUnique(template, Ascii(layout.ExpireText)), layout.ExpireText.Length),
            SignerId = new CertificateLocation(FindUnique(template, Ascii(SignerId.ToString("X4", CultureInfo.InvariantCulture))), 4),
            PublicKey = new CertificateLocation(FindUnique(template, devicePublicKey), 64),
            SubjectKeyId = new CertificateLocation(FindUnique(template, KeyId(devicePublicKey)), 20),
            AuthorityKeyId = new CertificateLocation(FindUnique(template, KeyId(caPublicKey)), 20),
            TbsCertificate = new CertificateLocation(headerLength, tbsLength),
            Signature = new CertificateLocation(template.Length - signatureLength, signatureLength),
            CaPublicKey = caPublicKey,
        };
        layout.Definition.Validate();
        return layout;
    }

    private byte[] IssueFor(ECDsa device, Layout layout, string subject = DeviceSubject)
    {
        byte[] publicKey = PublicKey(device);
        var request = new CertificateRequest(subject, device, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(KeyId(publicKey), false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(KeyId(caPublicKey)));
        using X509Certificate2 cert = request.Create(caCert.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Issue, layout.NotAfter, layout.Serial(publicKey));
        return cert.RawData;
    }

    private void AssertDotNetAccepts(byte[] rebuilt, ECDsa device)
    {
        (byte[] tbs, byte[] signature) = TbsAndSignature(rebuilt);
        Assert.True(caKey.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        CertificateLocation located = CertificateBuilder.FindTbsCertificate(rebuilt);
        Assert.Equal(tbs, rebuilt.AsSpan(located.Offset, located.Count).ToArray());

        using X509Certificate2 cert = X509CertificateLoader.LoadCertificate(rebuilt);
        using ECDsa? certKey = cert.GetECDsaPublicKey();
        Assert.NotNull(certKey);
        Assert.Equal(PublicKey(device), PublicKey(certKey));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCert);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Issue.UtcDateTime.AddDays(1);
        Assert.True(chain.Build(cert), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    /// <summary>Checks the 72 bytes field by field against values computed here from the issued certificate (§10.1).</summary>
    private static void AssertCompressedLayout(byte[] compressed, byte[] issued, int expireYears, int formatVersion)
    {
        Assert.Equal(72, compressed.Length);
        (byte[] r, byte[] s) = RawSignature(issued);
        Assert.Equal(r, compressed.AsSpan(0, 32).ToArray());
        Assert.Equal(s, compressed.AsSpan(32, 32).ToArray());
        byte[] dates = EncodedDates(Issue, expireYears);
        Assert.Equal(dates.AsSpan(0, 3).ToArray(), compressed.AsSpan(64, 3).ToArray());
        Assert.Equal(new byte[] { 0x0A, 0x5F, (TemplateId << 4) | ChainId, (byte)(0xA0 | formatVersion) }, compressed.AsSpan(67, 4).ToArray());
        Assert.Equal(formatVersion == 0 ? 0 : dates[3], compressed[71]);
    }

    /// <summary>The §10.1 encoding written out independently: bytes 64–66 and the byte-71 extension nibble.</summary>
    private static byte[] EncodedDates(DateTimeOffset issue, int expireYears)
    {
        int y = issue.Year - 2000;
        return
        [
            (byte)(((y & 0x1F) << 3) | (issue.Month >> 1)),
            (byte)(((issue.Month & 1) << 7) | (issue.Day << 2) | (issue.Hour >> 3)),
            (byte)(((issue.Hour & 7) << 5) | (expireYears & 0x1F)),
            (byte)(((y & 0x60) << 1) | ((expireYears & 0x60) >> 1)),
        ];
    }

    private static (byte[] Tbs, byte[] Signature) TbsAndSignature(byte[] certificate)
    {
        AsnReader sequence = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
        byte[] tbs = sequence.ReadEncodedValue().ToArray();
        sequence.ReadEncodedValue();
        byte[] signature = sequence.ReadBitString(out int unusedBits);
        Assert.Equal(0, unusedBits);
        return (tbs, signature);
    }

    private static (byte[] R, byte[] S) RawSignature(byte[] certificate)
    {
        (_, byte[] signature) = TbsAndSignature(certificate);
        AsnReader values = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        return (LeftPad(values.ReadIntegerBytes().Span), LeftPad(values.ReadIntegerBytes().Span));
    }

    private static (int R, int S) IntegerLengths(byte[] certificate)
    {
        (_, byte[] signature) = TbsAndSignature(certificate);
        AsnReader values = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        return (values.ReadIntegerBytes().Length, values.ReadIntegerBytes().Length);
    }

    private static byte[] LeftPad(ReadOnlySpan<byte> integer)
    {
        ReadOnlySpan<byte> value = integer.Length == 33 ? integer[1..] : integer;
        var padded = new byte[32];
        value.CopyTo(padded.AsSpan(32 - value.Length));
        return padded;
    }

    private static byte[] PublicKey(ECDsa key)
    {
        ECParameters parameters = key.ExportParameters(false);
        return [.. parameters.Q.X!, .. parameters.Q.Y!];
    }

    /// <summary>SHA-1(04 ‖ X ‖ Y), the key identifier Microchip certificates use (§7.3).</summary>
    private static byte[] KeyId(byte[] publicKey) => DotNetHashes.Sha1Of([0x04, .. publicKey]);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static int FindUnique(byte[] haystack, byte[] needle)
    {
        int first = haystack.AsSpan().IndexOf(needle);
        Assert.True(first >= 0, "element not found in the issued certificate");
        Assert.Equal(first, haystack.AsSpan().LastIndexOf(needle));
        return first;
    }

    /// <summary>One certificate layout: validity and date formats, and the definition read from a sample.</summary>
    private sealed class Layout(int expireYears, bool noExpiry)
    {
        public CertificateDefinition Definition { get; set; } = new();

        public DateTimeOffset NotAfter { get; } = noExpiry
            ? new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)
            : Issue.AddYears(expireYears);

        public CertificateDateFormat ExpireFormat => NotAfter.Year > 2049 ? CertificateDateFormat.GeneralizedTime : CertificateDateFormat.UtcTime;

        public string ExpireText => NotAfter.ToString(ExpireFormat == CertificateDateFormat.UtcTime ? "yyMMddHHmmss" : "yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

        /// <summary>PUB_KEY_HASH (§10.2): SHA-256(X‖Y ‖ dates [‖ byte 71 &amp; 0xF0 from version 1]), 16 bytes, 01 top bits.</summary>
        public byte[] Serial(byte[] publicKey)
        {
            int years = noExpiry ? 0 : expireYears;
            byte[] dates = EncodedDates(Issue, years);
            bool version1 = Issue.Year > 2031 || years > 31;
            byte[] message = version1 ? [.. publicKey, .. dates] : [.. publicKey, .. dates.AsSpan(0, 3)];
            byte[] serial = SHA256.HashData(message).AsSpan(0, SerialLength).ToArray();
            serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
            return serial;
        }
    }

    /// <summary>The hash port backed by .NET.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "Key identifiers are SHA-1(04‖X‖Y) by RFC 5280 §4.2.1.2 method 1 and in Microchip certificates (§7.3); an identifier, not a security use.")]
    private sealed class DotNetHashes : ICertificateHashes
    {
        public static byte[] Sha1Of(byte[] data) => SHA1.HashData(data);

        public byte[] Sha256(byte[] data, int offset, int count) => SHA256.HashData(data.AsSpan(offset, count));

        public byte[] Sha1(byte[] data, int offset, int count) => SHA1.HashData(data.AsSpan(offset, count));
    }
}
