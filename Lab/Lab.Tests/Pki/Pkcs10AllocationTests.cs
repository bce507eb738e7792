using DeviceAgent.Pki;
using Xunit.Abstractions;

namespace Lab.Tests.Pki;

/// <summary>
/// Every byte the desktop runtime allocates while one CSR is built and encoded
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), the signer's own work excluded (it returns a preallocated
/// R‖S). nanoCLR can only show what stays referenced (DeviceAgent.Tests' Pkcs10HeapTests); this counts the garbage too.
/// </summary>
public class Pkcs10AllocationTests(ITestOutputHelper output)
{
    private const int Budget = 4096;

    [Fact]
    public void BuildAndEncodeOneCsr_AllocatesUnder4KBeyondTheOutput()
    {
        var signer = new PreallocatedSigner(new byte[64], Convert.FromHexString(
            "A2B9B10A5E15DFF2965B73FF5E0216241BC81D1380E8E999B528F4DD05BDE68E" +
            "37A9FDF617ED5CA4F7622A1861162EFA0C74642234378F400362B5DB042A6528"));
        var der = new byte[1024];
        var body = new byte[2048];
        Measure(signer, der, body);   // first run: JIT and static constructors (OID tables, alphabet) out of the way

        (long fresh, long reused, long pem, int length, int bodyLength, string text) = Measure(signer, der, body);

        output.WriteLine($"build and encode one CSR ({length} B DER, {bodyLength} B base64 body, both in caller buffers): " +
            $"{fresh} bytes with a new builder (the builder and its SHA-256 state), {reused} bytes with a reused builder; " +
            $"as a PEM string ({text.Length} chars) {pem} bytes including that string and its char[]");
        Assert.True(fresh < Budget, $"new builder: {fresh} bytes");
        Assert.Equal(0, reused);
        Assert.True(pem < Budget, $"PEM string: {pem} bytes");
    }

    private static (long Fresh, long Reused, long Pem, int Length, int BodyLength, string Text) Measure(IDigestSigner signer, byte[] der, byte[] body)
    {
        long start = GC.GetAllocatedBytesForCurrentThread();
        Pkcs10Builder builder = Configure(new Pkcs10Builder(signer));
        int length = builder.Build(der, 0, der.Length);
        int bodyLength = Base64.Encode(der, 0, length, body, 0, body.Length, Base64.PemLineLength, true);
        long fresh = GC.GetAllocatedBytesForCurrentThread() - start;

        start = GC.GetAllocatedBytesForCurrentThread();
        length = builder.Build(der, 0, der.Length);
        bodyLength = Base64.Encode(der, 0, length, body, 0, body.Length, Base64.PemLineLength, true);
        long reused = GC.GetAllocatedBytesForCurrentThread() - start;

        start = GC.GetAllocatedBytesForCurrentThread();
        length = builder.Build(der, 0, der.Length);
        string text = Pem.Encode(Pem.CertificateRequestLabel, der, 0, length);
        long pem = GC.GetAllocatedBytesForCurrentThread() - start;
        return (fresh, reused, pem, length, bodyLength, text);
    }

    // The device's realistic request: every subject field, DNS + URI, keyUsage, clientAuth, challengePassword.
    internal static Pkcs10Builder Configure(Pkcs10Builder builder)
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
}
