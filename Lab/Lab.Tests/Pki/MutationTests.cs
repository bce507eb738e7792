using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;
using Xunit.Abstractions;

namespace Lab.Tests.Pki;

/// <summary>
/// Randomised mutation of valid inputs (fixed seed): bytes flipped, replaced, inserted, deleted, truncated, slices
/// duplicated, length bytes set to odd forms; each mutant goes through the certificate parser, the PKCS#7 parser
/// and, when those accept it, the accessors and the chain check. The only exception allowed is
/// <see cref="PkiException"/>; no case may take long; and what one parse allocates
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, failures and their exceptions included) stays within
/// <see cref="AllocationFactor"/> × input + <see cref="AllocationConstant"/>.
/// </summary>
public sealed class MutationTests(OpenSslPki openSsl, ITestOutputHelper output) : IClassFixture<OpenSslPki>
{
    /// <summary>Bytes allowed per input byte: the SAN strings (2 bytes per char) and the copies of key and signature.</summary>
    public const int AllocationFactor = 3;

    /// <summary>Fixed part: objects, reader, and a thrown exception with its message and stack trace.</summary>
    public const int AllocationConstant = 4096;

    private const int Seed = 20261127;
    private const int Cases = 20000;

    [Fact]
    public void Mutants_OnlyPkiExceptions_BoundedTimeAndAllocation()
    {
        byte[][] seeds = Seeds();
        var random = new Random(Seed);
        var errors = new Dictionary<PkiError, int>();
        int parsedCertificates = 0, parsedBundles = 0, validated = 0;
        long worstAllocation = 0;
        double worstRatio = 0;
        TimeSpan worstTime = TimeSpan.Zero;
        Certificate anchor = Certificate.Parse(openSsl.Der("root"));
        var validator = new ChainValidator(new DotNetEcdsaVerifier());
        WarmUp(seeds);

        for (int i = 0; i < Cases; i++)
        {
            byte[] input = Mutate(random, seeds[random.Next(seeds.Length)]);
            var clock = Stopwatch.StartNew();
            string stage = "certificate";
            try
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Certificate? certificate = TryParseCertificate(input, errors);
                long certificateBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                before = GC.GetAllocatedBytesForCurrentThread();
                stage = "pkcs7";
                Pkcs7CertsOnly? bundle = TryParseBundle(input, errors);
                long bundleBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                long allocated = Math.Max(certificateBytes, bundleBytes);
                Assert.True(allocated <= (AllocationFactor * (long)input.Length) + AllocationConstant, $"case {i}: {allocated} bytes for {input.Length} input bytes");
                worstAllocation = Math.Max(worstAllocation, allocated);
                worstRatio = Math.Max(worstRatio, allocated / (double)Math.Max(1, input.Length));

                stage = "use";
                if (certificate is not null)
                {
                    parsedCertificates++;
                    Exercise(certificate);
                    validated += TryValidate(validator, certificate, anchor, errors) ? 1 : 0;
                }

                if (bundle is not null)
                {
                    parsedBundles++;
                    for (int j = 0; j < bundle.Count; j++)
                    {
                        Certificate? inner = TryParse(() => bundle.GetCertificate(j), errors);
                        if (inner is not null)
                        {
                            Exercise(inner);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not PkiException && e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i} ({stage}): {e.GetType().Name}: {e.Message}\ninput: {Convert.ToHexString(input)}");
            }

            worstTime = clock.Elapsed > worstTime ? clock.Elapsed : worstTime;
        }

        output.WriteLine($"{Cases} mutants (seed {Seed}): {parsedCertificates} parsed as certificates, {parsedBundles} as PKCS#7, {validated} validated");
        output.WriteLine("errors: " + string.Join(", ", errors.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}")));
        output.WriteLine($"worst allocation {worstAllocation} bytes (≤ {AllocationFactor}·n + {AllocationConstant}; worst bytes per input byte {worstRatio:F2}); slowest case {worstTime.TotalMilliseconds:F1} ms");
        Assert.True(worstTime < TimeSpan.FromSeconds(2), $"slowest case took {worstTime}");
        Assert.True(errors.Count >= 8, "the mutants reach most error kinds");
    }

    [Fact]
    public void ValidInputs_AllocationPerParse()
    {
        foreach (string name in new[] { "leaf", "issuing", "rsaroot", "p7-3" })
        {
            byte[] der = openSsl.Der(name);
            bool bundle = name.StartsWith("p7", StringComparison.Ordinal);
            Parse(der, bundle);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Parse(der, bundle);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            output.WriteLine($"{name}: {der.Length} bytes in, {allocated} bytes allocated ({allocated / (double)der.Length:F2} per input byte)");
            Assert.True(allocated <= (AllocationFactor * (long)der.Length) + AllocationConstant);
        }
    }

    private static void Parse(byte[] der, bool isBundle)
    {
        if (isBundle)
        {
            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(der);
            for (int i = 0; i < bundle.Count; i++)
            {
                bundle.GetCertificate(i);
            }
        }
        else
        {
            Certificate.Parse(der);
        }
    }

    private byte[][] Seeds()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = DotNetPki.CreateCa("CN=Mutation CA", now.AddDays(-1), now.AddYears(1));
        using X509Certificate2 random = DotNetPki.CreateRandom(new Random(Seed), ca);
        return
        [
            openSsl.Der("leaf"), openSsl.Der("issuing"), openSsl.Der("root"), openSsl.Der("rsaroot"), openSsl.Der("p384"),
            openSsl.Der("p7-1"), openSsl.Der("p7-3"), random.RawData,
            DotNetPki.BerPkcs7(true, openSsl.Der("leaf"), openSsl.Der("issuing"), openSsl.Der("root")),
        ];
    }

    private static void WarmUp(byte[][] seeds)
    {
        var ignored = new Dictionary<PkiError, int>();
        foreach (byte[] seed in seeds)
        {
            TryParseCertificate(seed, ignored);
            TryParseBundle(seed, ignored);
            TryParseCertificate([0x30], ignored);
            TryParseBundle([0x30], ignored);
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var data = new List<byte>(seed);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    data.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    data.RemoveAt(at);
                    break;
                case 4:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 5:
                    int length = Math.Min(random.Next(1, 64), data.Count - at);
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
                case 6:
                    byte[][] lengths = [[0x80], [0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x81, 0x01], [0x82, 0x00, 0x10], [0xFF], [0x00]];
                    byte[] replacement = lengths[random.Next(lengths.Length)];
                    data.RemoveAt(at);
                    data.InsertRange(at, replacement);
                    break;
                default:
                    data[at] = (byte)(data[at] + (random.Next(2) == 0 ? 1 : -1));
                    break;
            }
        }

        return [.. data];
    }

    private static Certificate? TryParseCertificate(byte[] input, Dictionary<PkiError, int> errors) => TryParse(() => Certificate.Parse(input), errors);

    private static Pkcs7CertsOnly? TryParseBundle(byte[] input, Dictionary<PkiError, int> errors) => TryParse(() => Pkcs7CertsOnly.Parse(input), errors);

    private static T? TryParse<T>(Func<T> parse, Dictionary<PkiError, int> errors)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (PkiException e)
        {
            errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
            return null;
        }
    }

    private static bool TryValidate(ChainValidator validator, Certificate certificate, Certificate anchor, Dictionary<PkiError, int> errors)
    {
        try
        {
            validator.ValidatePath([certificate, anchor], DateTime.UtcNow);
            return true;
        }
        catch (PkiException e)
        {
            errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
            return false;
        }
    }

    // Everything a caller may read after a successful parse must work without throwing.
    private static void Exercise(Certificate c)
    {
        _ = c.Subject.ToString() + c.Issuer.ToString() + c.Subject.CommonName + c.Subject.Organization + c.Subject.OrganizationalUnit
            + c.Subject.Country + c.Subject.SerialNumber + c.Issuer.CommonName + c;
        _ = c.GetSerialNumber().Length + (c.GetSubjectKeyIdentifier()?.Length ?? 0) + (c.GetAuthorityKeyIdentifier()?.Length ?? 0) + c.GetEncoded().Length;
        _ = (c.DnsNames?.Count ?? 0) + (c.Uris?.Count ?? 0) + c.PathLengthConstraint + (int)c.KeyUsage + (c.IsValidAt(DateTime.UtcNow) ? 1 : 0);
    }
}
