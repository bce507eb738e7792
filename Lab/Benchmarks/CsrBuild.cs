using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DeviceAgent.Pki;

namespace Lab.Benchmarks;

/// <summary>
/// Host cost of building one PKCS#10 request with <see cref="Pkcs10Builder"/> (the device's realistic request: every
/// subject field, DNS + URI alt names, keyUsage, clientAuth, challengePassword): bytes allocated per request
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) and the median wall time of one request over many.
/// </summary>
/// <remarks>
/// Rows: the builder alone (a signer returning a preallocated R‖S, so only DER, SHA-256 and base64 are measured),
/// the same with the PEM string, and with a real .NET ECDSA P-256 signature (what the Lab's software signer costs;
/// on the device the ATECC608 signs, see the atecc608 benchmark for its bus time). The first build of each row is
/// warm-up and not counted; the builder is reused, as the device reuses it.
/// </remarks>
internal static class CsrBuild
{
    private const int Iterations = 2000;

    public static void Run(TextWriter output)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(includePrivateParameters: false);
        byte[] publicKey = [.. p.Q.X!, .. p.Q.Y!];
        byte[] fixedSignature = key.SignHash(new byte[32], DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        output.WriteLine("| CSR build (desktop, reused builder) | DER bytes | allocated per CSR | median time per CSR |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        var fixedSigner = new FixedSigner(publicKey, fixedSignature);
        Row(output, "DER + base64 body into caller buffers, fixed R‖S", Configure(new Pkcs10Builder(fixedSigner)), pem: false);
        Row(output, "DER + PEM string, fixed R‖S", Configure(new Pkcs10Builder(fixedSigner)), pem: true);
        Row(output, "DER + base64 body, .NET ECDSA P-256 signature", Configure(new Pkcs10Builder(new DotNetSigner(key, publicKey))), pem: false);

        var der = new byte[1024];
        long before = GC.GetAllocatedBytesForCurrentThread();
        int length = Configure(new Pkcs10Builder(fixedSigner)).Build(der, 0, der.Length);
        long first = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| first CSR of a new builder (construct, configure, build), fixed R‖S | {length} | {first} B | – |"));
    }

    private static void Row(TextWriter output, string name, Pkcs10Builder builder, bool pem)
    {
        var der = new byte[1024];
        var body = new byte[2048];
        int length = BuildOnce(builder, der, body, pem);   // warm-up: JIT, static tables

        var ticks = new long[Iterations];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            BuildOnce(builder, der, body, pem);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;
        Array.Sort(ticks);
        double medianUs = ticks[Iterations / 2] * 1_000_000.0 / Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {length} | {allocated} B | {medianUs:F1} µs |"));
    }

    private static int BuildOnce(Pkcs10Builder builder, byte[] der, byte[] body, bool pem)
    {
        int length = builder.Build(der, 0, der.Length);
        if (pem)
        {
            GC.KeepAlive(Pem.Encode(Pem.CertificateRequestLabel, der, 0, length));
        }
        else
        {
            Base64.Encode(der, 0, length, body, 0, body.Length, Base64.PemLineLength, true);
        }

        return length;
    }

    private static Pkcs10Builder Configure(Pkcs10Builder builder)
    {
        builder.Country = "DE";
        builder.Organization = "Acme Devices";
        builder.OrganizationalUnit = "Sensors";
        builder.CommonName = "sensor-0123EE45A1B2C3D4E5";
        builder.SerialNumber = "0123EE45A1B2C3D4E5";
        builder.ExtendedKeyUsageClientAuth = true;
        builder.ChallengePassword = "otp-7QX2-91ab";
        builder.AddDnsName("sensor-0123ee45a1b2c3d4e5.devices.example");
        builder.AddUri("urn:dev:ops:32473-Sensor-0123EE45A1B2C3D4E5");
        return builder;
    }

    private sealed class FixedSigner(byte[] publicKey, byte[] signature) : IDigestSigner
    {
        public byte[] PublicKey { get; } = publicKey;

        public byte[] SignDigest(byte[] digest) => signature;
    }

    private sealed class DotNetSigner(ECDsa key, byte[] publicKey) : IDigestSigner
    {
        public byte[] PublicKey { get; } = publicKey;

        public byte[] SignDigest(byte[] digest) => key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
