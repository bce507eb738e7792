using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;

namespace Lab.Benchmarks;

/// <summary>
/// Cost of reading an EST /cacerts-style answer on the desktop build of the device code: a certs-only PKCS#7 with a
/// three-certificate P-256 chain (leaf, issuing CA, root; made by .NET's CertificateRequest, encoded by .NET),
/// parsed with <see cref="Pkcs7CertsOnly"/> and <see cref="Certificate"/>, then checked with
/// <see cref="ChainValidator"/>. Prints bytes allocated per run (<see cref="GC.GetAllocatedBytesForCurrentThread"/>,
/// exact and deterministic) and the median time of many runs.
/// </summary>
/// <remarks>
/// Signature verification is .NET's ECDSA here; on the device the ATECC608 does it (tens of milliseconds per
/// Verify command, facts/atecc608.md), which dwarfs the parsing, so the "parse" rows are the part this code owns.
/// Desktop time says little about an ESP32's; allocation counts carry over better (object headers differ).
/// </remarks>
internal static class PkiParse
{
    private const int Runs = 2000;
    private const int WarmUp = 200;

    public static void Run(TextWriter output)
    {
        (byte[] bundle, byte[] anchorDer) = MakeBundle();
        Certificate anchor = Certificate.Parse(anchorDer);
        var validator = new ChainValidator(new EcdsaVerifier()) { RequireClientAuth = true };
        var ownShare = new ChainValidator(new AcceptingVerifier()) { RequireClientAuth = true };
        DateTime now = DateTime.UtcNow;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PKCS#7 certs-only, 3 P-256 certificates, {bundle.Length} bytes; {Runs} runs after {WarmUp} warm-up runs"));
        output.WriteLine();
        output.WriteLine("| step | allocated per run | median time |");
        output.WriteLine("| --- | ---: | ---: |");
        Row(output, "parse the PKCS#7 (certificate ranges only)", () => Pkcs7CertsOnly.Parse(bundle));
        Row(output, "parse the PKCS#7 and its 3 certificates", () => Pkcs7CertsOnly.Parse(bundle).ParseCertificates());
        Row(output, "parse, then validate with a verifier that accepts (this code's share: names, dates, CA checks, 2 SHA-256 of the TBS)", () =>
            Validate(ownShare, bundle, anchor, now));
        Row(output, "parse, then validate leaf → issuing → root with .NET ECDSA (2 verifies)", () => Validate(validator, bundle, anchor, now));
    }

    private static void Validate(ChainValidator validator, byte[] bundle, Certificate anchor, DateTime now)
    {
        var certificates = Pkcs7CertsOnly.Parse(bundle).ParseCertificates();
        Certificate? leaf = null;
        foreach (Certificate c in certificates)
        {
            leaf = c.IsCertificateAuthority ? leaf : c;
        }

        validator.Validate(leaf!, certificates, anchor, now);
    }

    private static void Row(TextWriter output, string step, Action action)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var ticks = new long[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        double medianMicroseconds = ticks[Runs / 2] * 1_000_000.0 / Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {allocated} B | {medianMicroseconds:F1} µs |"));
    }

    private static (byte[] Bundle, byte[] Anchor) MakeBundle()
    {
        DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var rootRequest = CaRequest("CN=Bench Root CA, O=Example", rootKey);
        using X509Certificate2 root = rootRequest.CreateSelfSigned(from, from.AddYears(20));

        var issuingRequest = CaRequest("CN=Bench Issuing CA, O=Example", issuingKey);
        issuingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using X509Certificate2 issuingPublic = issuingRequest.Create(root, from, from.AddYears(10), [0x10, 0x01]);
        using X509Certificate2 issuing = issuingPublic.CopyWithPrivateKey(issuingKey);

        var leafRequest = new CertificateRequest("CN=bench-device-0001, O=Example", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("bench-device-0001.devices.example");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuing, true, false));
        using X509Certificate2 leaf = leafRequest.Create(issuing, from, from.AddYears(1), [0x8A, 0x1B, 0x2C, 0x3D]);

        var collection = new X509Certificate2Collection { leaf, issuing, root };
        return (collection.Export(X509ContentType.Pkcs7)!, root.RawData);
    }

    private static CertificateRequest CaRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>Accepts every signature: isolates what the validator itself costs.</summary>
    private sealed class AcceptingVerifier : ISignatureVerifier
    {
        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey) => true;
    }

    /// <summary>.NET ECDSA P-256 behind the device's verifier port.</summary>
    private sealed class EcdsaVerifier : ISignatureVerifier
    {
        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[..32], Y = publicKey[32..] },
            });
            return key.VerifyHash(digest, signature);
        }
    }
}
