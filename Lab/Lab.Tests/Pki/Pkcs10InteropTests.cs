using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Pki;
using Xunit.Abstractions;

namespace Lab.Tests.Pki;

/// <summary>
/// CSRs from <see cref="Pkcs10Builder"/> checked by two independent PKCS#10 implementations: <c>openssl req
/// -verify</c> (the CLI, in a temp dir) and .NET's <see cref="CertificateRequest.LoadSigningRequest(byte[],
/// HashAlgorithmName, CertificateRequestLoadOptions, RSASignaturePadding?)"/>, which verifies the self-signature
/// and decodes subject, extensions, attributes and key. Signed by the simulated ATECC608 through the real driver and
/// by .NET keys over many random names, so every R/S padding case and several length forms occur.
/// </summary>
public class Pkcs10InteropTests(ITestOutputHelper output)
{
    private const string ChallengePasswordOid = "1.2.840.113549.1.9.7";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public void ChipSignedCsr_IsAcceptedByOpenSslAndDotNet()
    {
        using var sim = new SimulatedAtecc608(seed: 41);
        var chip = new Atecc608Driver.Atecc608(sim);
        ProvisioningResult identity = new Provisioner(chip).Run();
        var signer = new ChipSigner(chip, identity.KeySlot);
        string serial = Convert.ToHexString(identity.SerialNumber);
        var builder = new Pkcs10Builder(signer)
        {
            Country = "DE",
            Organization = "Acme Devices",
            OrganizationalUnit = "Sensors",
            CommonName = "sensor-" + serial,
            SerialNumber = serial,
            ExtendedKeyUsageClientAuth = true,
            ChallengePassword = "otp-7QX2-91ab",
        };
        builder.AddDnsName("sensor-" + serial.ToLowerInvariant() + ".devices.example");
        builder.AddUri("urn:dev:ops:32473-Sensor-" + serial);

        string pem = builder.BuildPem();

        (int exitCode, string text) = OpenSslReq.VerifyRequest(pem);
        Assert.True(exitCode == 0, text);
        Assert.Contains("verify OK", text, StringComparison.Ordinal);
        byte[] der = Pem.Decode(pem, Pem.CertificateRequestLabel, 4096);
        AssertAcceptedByDotNet(der, builder, identity.PublicKey);
        output.WriteLine($"chip-signed CSR: {der.Length} bytes, openssl: {text.Trim()}");
    }

    [Fact]
    public void SoftwareKeys_RandomNames_AcceptedByDotNet_AllPaddingCases()
    {
        var random = new Random(20261127);
        int rPadded = 0, sPadded = 0, unpadded = 0, trimmed = 0;
        int shortForm = 0, oneByteLength = 0, twoByteLength = 0, shrunkHeader = 0;
        for (int i = 0; i < 400; i++)
        {
            using SoftwareDigestSigner signer = SoftwareDigestSigner.Create();
            Pkcs10Builder builder = RandomBuilder(random, signer);
            var der = new byte[builder.GetMaxLength()];

            int length = builder.Build(der, 0, der.Length);

            Array.Resize(ref der, length);
            AssertAcceptedByDotNet(der, builder, signer.PublicKey);
            byte[] rs = signer.LastSignature!;
            rPadded += rs[0] >= 0x80 ? 1 : 0;
            sPadded += rs[32] >= 0x80 ? 1 : 0;
            unpadded += rs[0] < 0x80 && rs[32] < 0x80 ? 1 : 0;
            trimmed += rs[0] == 0 || rs[32] == 0 ? 1 : 0;
            shortForm += der[1] < 0x80 ? 1 : 0;
            oneByteLength += der[1] == 0x81 ? 1 : 0;
            twoByteLength += der[1] == 0x82 ? 1 : 0;
            int signatureSlack = EcdsaSignature.MaxBitStringLength - EcdsaSignature.BitStringLength(rs, 0);
            shrunkHeader += builder.GetMaxLength() - length > signatureSlack ? 1 : 0;
        }

        output.WriteLine($"400 CSRs: r padded {rPadded}, s padded {sPadded}, neither {unpadded}, r or s with a leading 00 byte {trimmed}; outer length 81 xx {oneByteLength}, 82 xx xx {twoByteLength}, outer header shorter than the worst case {shrunkHeader}");
        Assert.True(rPadded > 0 && sPadded > 0 && unpadded > 0, "every padding case");
        Assert.True(oneByteLength > 0 && twoByteLength > 0, "both long length forms");
        Assert.Equal(0, shortForm);
    }

    [Fact]
    public void SoftwareKeys_RandomNames_VerifiedByOpenSsl()
    {
        var random = new Random(7);
        for (int i = 0; i < 16; i++)
        {
            using SoftwareDigestSigner signer = SoftwareDigestSigner.Create();
            Pkcs10Builder builder = RandomBuilder(random, signer);

            string pem = builder.BuildPem();

            (int exitCode, string text) = OpenSslReq.VerifyRequest(pem);
            Assert.True(exitCode == 0, text + pem);
            Assert.Contains("verify OK", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpenSslPem_DecodesToItsDer_AndEncodesBackToTheSameText()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string dir = Directory.CreateTempSubdirectory("pkcs10-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            (int made, string madeText) = OpenSslReq.Run(dir, "req", "-new", "-key", "key.pem", "-subj", "/CN=openssl-made/O=Lab", "-out", "csr.pem");
            Assert.True(made == 0, madeText);
            (int converted, string convertedText) = OpenSslReq.Run(dir, "req", "-in", "csr.pem", "-outform", "DER", "-out", "csr.der");
            Assert.True(converted == 0, convertedText);
            string pem = File.ReadAllText(Path.Combine(dir, "csr.pem"));
            byte[] der = File.ReadAllBytes(Path.Combine(dir, "csr.der"));

            byte[] decoded = Pem.Decode(pem, Pem.CertificateRequestLabel, 4096);

            Assert.Equal(der, decoded);
            Assert.Equal(pem, Pem.Encode(Pem.CertificateRequestLabel, der, 0, der.Length));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Utf8BeyondTheBmp_IsEncodedOnDesktop_LoneSurrogateRefused()
    {
        // nanoCLR cannot hold these strings faithfully (see DerWriterTests); desktop .NET can.
        using SoftwareDigestSigner signer = SoftwareDigestSigner.Create();
        var builder = new Pkcs10Builder(signer) { CommonName = "M\u00fcller \u20ac \U0001D11E", Organization = "\u6771\u4eac" };
        var der = new byte[builder.GetMaxLength()];

        int length = builder.Build(der, 0, der.Length);

        AssertAcceptedByDotNet(der[..length], builder, signer.PublicKey);
        builder.CommonName = "bad \ud800";
        var e = Assert.Throws<PkiException>(() => builder.Build(der, 0, der.Length));
        Assert.Equal(PkiError.BadValue, e.Error);
    }

    [Fact]
    public void ShortSignature_ShrunkHeader_IsStillWellFormed()
    {
        // r = s = 0: the 11-byte signature BIT STRING moves the outer length across a length-form boundary
        using SoftwareDigestSigner key = SoftwareDigestSigner.Create();
        var builder = new Pkcs10Builder(new PreallocatedSigner(key.PublicKey, new byte[64]))
        {
            CommonName = "dev1",
            ExtendedKeyUsageClientAuth = true,
        };
        builder.AddDnsName("dev1.example");
        var der = new byte[300];

        int length = builder.Build(der, 3, 297);

        var request = CertificateRequest.LoadSigningRequest(
            der[3..(3 + length)], HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        Assert.Equal("CN=dev1", request.SubjectName.Name);
        var reader = new AsnReader(der.AsMemory(3, length), AsnEncodingRules.DER);
        AsnReader outer = reader.ReadSequence();
        Assert.False(reader.HasData);
        outer.ReadEncodedValue();
        outer.ReadEncodedValue();
        Assert.Equal(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 }, outer.ReadBitString(out int unused));
        Assert.Equal(0, unused);
    }

    internal static void AssertAcceptedByDotNet(byte[] der, Pkcs10Builder builder, byte[] publicKey)
    {
        // Default: the self-signature must verify; extensions stay unloaded unless asked for (second load)
        CertificateRequest accepted = CertificateRequest.LoadSigningRequest(
            der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, signerSignaturePadding: default);
        Assert.Empty(accepted.CertificateExtensions);
        CertificateRequest request = CertificateRequest.LoadSigningRequest(
            der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, signerSignaturePadding: default);

        // subject, in encoding order C, O, OU, CN, serialNumber
        var expected = new List<(string Oid, string Value)>();
        AddIfSet(expected, "2.5.4.6", builder.Country);
        AddIfSet(expected, "2.5.4.10", builder.Organization);
        AddIfSet(expected, "2.5.4.11", builder.OrganizationalUnit);
        AddIfSet(expected, "2.5.4.3", builder.CommonName);
        AddIfSet(expected, "2.5.4.5", builder.SerialNumber);
        var actual = request.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(rdn => (rdn.GetSingleElementType().Value!, rdn.GetSingleElementValue()!))
            .ToList();
        Assert.Equal(expected, actual);

        // extensions
        // LoadSigningRequest hands the extensionRequest over as plain X509Extensions: decode each by its OID
        X509Extension? sanExtension = Extension(request, "2.5.29.17");
        var san = sanExtension is null ? null : new X509SubjectAlternativeNameExtension(sanExtension.RawData, sanExtension.Critical);
        List<(int Tag, string Name)> names = san is null ? [] : GeneralNames(san.RawData);
        Assert.Equal(builder.SubjectAltNameCount, names.Count);
        Assert.Equal(3 - (builder.KeyUsageDigitalSignature ? 0 : 1) - (builder.ExtendedKeyUsageClientAuth ? 0 : 1) - (san is null ? 1 : 0), request.CertificateExtensions.Count);
        Assert.False(san?.Critical ?? false);
        Assert.All(names, n => Assert.True(n.Tag is 2 or 6, $"GeneralName [{n.Tag}]"));
        Assert.Equal(names.Where(n => n.Tag == 2).Select(n => n.Name), san?.EnumerateDnsNames() ?? []);

        X509Extension? keyUsageExtension = Extension(request, "2.5.29.15");
        var keyUsage = keyUsageExtension is null ? null : new X509KeyUsageExtension(keyUsageExtension, keyUsageExtension.Critical);
        Assert.Equal(builder.KeyUsageDigitalSignature, keyUsage is not null);
        if (keyUsage is not null)
        {
            Assert.True(keyUsage.Critical);
            Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        }

        X509Extension? ekuExtension = Extension(request, "2.5.29.37");
        var eku = ekuExtension is null ? null : new X509EnhancedKeyUsageExtension(ekuExtension, ekuExtension.Critical);
        Assert.Equal(builder.ExtendedKeyUsageClientAuth, eku is not null);
        if (eku is not null)
        {
            Assert.False(eku.Critical);
            Assert.Equal(ClientAuthOid, Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
        }

        // attributes
        AsnEncodedData? password = request.OtherRequestAttributes.SingleOrDefault(a => a.Oid?.Value == ChallengePasswordOid);
        Assert.Equal(builder.ChallengePassword, password is null ? null : new AsnReader(password.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String));

        // key
        ECParameters key = request.PublicKey.GetECDsaPublicKey()!.ExportParameters(includePrivateParameters: false);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.Curve.Oid.Value);
        byte[] xy = [.. key.Q.X!, .. key.Q.Y!];
        Assert.Equal(publicKey, xy);
    }

    /// <summary>A builder with random subject fields, alt names, extensions and password.</summary>
    internal static Pkcs10Builder RandomBuilder(Random random, IDigestSigner signer)
    {
        if (random.Next(3) == 0)
        {
            // sparse: a short name and at most keyUsage, so the total lands around the 256-byte length-form boundary
            return new Pkcs10Builder(signer)
            {
                CommonName = Text(random, 1, 40, unicode: true),
                KeyUsageDigitalSignature = random.Next(2) == 0,
            };
        }

        var builder = new Pkcs10Builder(signer)
        {
            Country = random.Next(3) == 0 ? null : new string([(char)('A' + random.Next(26)), (char)('A' + random.Next(26))]),
            Organization = Maybe(random, () => Text(random, 1, Pkcs10Builder.MaxNameLength, unicode: true)),
            OrganizationalUnit = Maybe(random, () => Text(random, 1, Pkcs10Builder.MaxNameLength, unicode: true)),
            CommonName = Maybe(random, () => Text(random, 1, Pkcs10Builder.MaxNameLength, unicode: true)),
            SerialNumber = Maybe(random, () => Convert.ToHexString(RandomNumberGenerator.GetBytes(random.Next(1, 33)))),
            KeyUsageDigitalSignature = random.Next(4) != 0,
            ExtendedKeyUsageClientAuth = random.Next(2) == 0,
            ChallengePassword = Maybe(random, () => Text(random, 1, 100, unicode: false)),
        };
        int dnsNames = random.Next(3);
        for (int i = 0; i < dnsNames; i++)
        {
            builder.AddDnsName($"d{random.Next(100000)}.{Label(random)}.example");
        }

        int uris = random.Next(3);
        for (int i = 0; i < uris; i++)
        {
            builder.AddUri($"urn:dev:ops:32473-{Label(random)}-{random.Next(1_000_000)}");
        }

        return builder;
    }

    private static X509Extension? Extension(CertificateRequest request, string oid) =>
        request.CertificateExtensions.SingleOrDefault(e => e.Oid?.Value == oid);

    private static string? Maybe(Random random, Func<string> make) => random.Next(2) == 0 ? null : make();

    private static string Label(Random random)
    {
        var chars = new char[random.Next(1, 40)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        return new string(chars);
    }

    private static string Text(Random random, int min, int max, bool unicode)
    {
        const string Ascii = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_.,:;/()+=?!@#&*'\"";
        const string Wide = "\u00e4\u00f6\u00fc\u00df\u00e9\u20ac\u6771\u4eac";
        var text = new StringBuilder();
        int length = min + random.Next(random.Next(max - min + 1) + 1);   // short texts more often than long ones
        while (text.Length < length)
        {
            int pick = random.Next(20);
            if (unicode && pick == 0)
            {
                text.Append(Wide[random.Next(Wide.Length)]);
            }
            else
            {
                text.Append(Ascii[random.Next(Ascii.Length)]);
            }
        }

        return text.ToString();
    }

    private static void AddIfSet(List<(string Oid, string Value)> list, string oid, string? value)
    {
        if (value is not null)
        {
            list.Add((oid, value));
        }
    }

    // GeneralNames ::= SEQUENCE OF GeneralName; dNSName [2] and URI [6] are IA5String (RFC 5280 §4.2.1.6)
    private static List<(int Tag, string Name)> GeneralNames(byte[] extnValue)
    {
        var names = new List<(int, string)>();
        AsnReader sequence = new AsnReader(extnValue, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            Asn1Tag tag = sequence.PeekTag();
            names.Add((tag.TagValue, sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
        }

        return names;
    }
}

/// <summary>The <c>openssl</c> command line, run in a temp dir.</summary>
internal static class OpenSslReq
{
    /// <summary><c>openssl req -verify -noout -in csr.pem</c> on <paramref name="pem"/>: exit code and output.</summary>
    public static (int ExitCode, string Text) VerifyRequest(string pem)
    {
        string dir = Directory.CreateTempSubdirectory("pkcs10-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "csr.pem"), pem);
            return Run(dir, "req", "-verify", "-noout", "-in", "csr.pem");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static (int ExitCode, string Text) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
