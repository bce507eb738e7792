using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.FleetSim;

/// <summary>
/// CRL size as a function of its entries, measured rather than assumed: .NET's <see cref="CertificateRevocationListBuilder"/>
/// signs a CRL with a P-256 issuing CA for 1 and for 1,000 entries (16-byte serial numbers as the Lab CA issues, a
/// revocation time and a reason code per entry) and the line through the two gives base + per-entry bytes.
/// </summary>
internal sealed class CrlSizeModel
{
    private CrlSizeModel(int baseBytes, double perEntryBytes)
    {
        BaseBytes = baseBytes;
        PerEntryBytes = perEntryBytes;
    }

    /// <summary>Bytes of a CRL with no entry (fitted).</summary>
    public int BaseBytes { get; }

    /// <summary>Bytes each entry adds (fitted).</summary>
    public double PerEntryBytes { get; }

    /// <summary>Size of a CRL with <paramref name="entries"/> entries.</summary>
    public long Bytes(long entries) => BaseBytes + (long)Math.Round(entries * PerEntryBytes);

    /// <summary>Builds two CRLs and fits the line.</summary>
    public static CrlSizeModel Measure()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Fleet Lab Issuing CA, O=Fleet Lab", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset now = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using X509Certificate2 issuer = request.CreateSelfSigned(now, now.AddYears(10));
        int one = Build(issuer, 1, now);
        int thousand = Build(issuer, 1000, now);
        double perEntry = (thousand - one) / 999.0;
        return new CrlSizeModel((int)Math.Round(one - perEntry), perEntry);
    }

    private static int Build(X509Certificate2 issuer, int entries, DateTimeOffset now)
    {
        var builder = new CertificateRevocationListBuilder();
        var serial = new byte[16];
        for (int i = 0; i < entries; i++)
        {
            // deterministic, positive, no leading zero byte: the shape of the Lab CA's serial numbers
            BitConverter.TryWriteBytes(serial.AsSpan(8), (ulong)i * 0x9E3779B97F4A7C15UL);
            serial[0] = 0x41;
            builder.AddEntry(serial, now.AddMinutes(-i), X509RevocationReason.KeyCompromise);
        }

        return builder.Build(issuer, 1, now.AddDays(1), HashAlgorithmName.SHA256, null, now).Length;
    }
}
