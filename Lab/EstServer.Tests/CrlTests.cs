using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Tests;

/// <summary>
/// The CRL export (<see cref="EstServerHost.ExportCrl"/>, GET /admin/crl) judged by OpenSSL, the independent reader a
/// broker such as mosquitto uses: the signature verifies under the issuing CA, the entries are exactly the
/// certificates of revoked devices, and <c>openssl verify -crl_check</c> refuses those and accepts the rest.
/// </summary>
public sealed class CrlTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("est-crl-tests-").FullName;

    public void Dispose() => EstTestServer.DeleteDirectory(_directory);

    [Fact]
    public async Task ExportCrl_WithNoRevokedDevice_IsAnEmptyCrlSignedByTheIssuingCa()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 certificate = await server.EnrollAsync(device);

        string crl = await WriteAsync("crl.pem", server.Host.ExportCrlPem());
        await WriteAsync("issuing.pem", server.Host.IssuingCertificate.ExportCertificatePem());
        Tool.Result text = (await Tool.RunAsync("openssl", ["crl", "-in", crl, "-CAfile", "issuing.pem", "-text", "-noout"], _directory))
            .EnsureSuccess("openssl crl");

        Assert.Contains("verify OK", text.Error + text.Output, StringComparison.Ordinal);
        Assert.Contains("No Revoked Certificates", text.Output, StringComparison.Ordinal);
        Assert.Contains("Issuer: " + OpenSslName(server.Host.IssuingCertificate), text.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier", text.Output, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number", text.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await VerifyAsync(server, certificate)).ExitCode);
    }

    [Fact]
    public async Task ExportCrl_ListsEveryCertificateOfARevokedDevice_AndOpenSslRefusesThemButNotOthers()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        server.Host.Devices.Register("dev2", EstTestServer.Secret);
        using var device = new TestDevice();
        using var other = new TestDevice("dev2");
        using X509Certificate2 first = await server.EnrollAsync(device);
        using X509Certificate2 second = await server.EnrollAsync(device);
        using X509Certificate2 kept = await server.EnrollAsync(other);
        Assert.True(server.Host.Devices.Revoke(device.Id));

        await WriteAsync("crl.pem", server.Host.ExportCrlPem());
        Tool.Result text = (await Tool.RunAsync("openssl", ["crl", "-in", "crl.pem", "-text", "-noout"], _directory)).EnsureSuccess("openssl crl");
        Tool.Result firstVerdict = await VerifyAsync(server, first);
        Tool.Result secondVerdict = await VerifyAsync(server, second);
        Tool.Result keptVerdict = await VerifyAsync(server, kept);

        Assert.Equal(
            new[] { first.SerialNumber, second.SerialNumber }.Order(StringComparer.Ordinal),
            SerialNumbers(text.Output).Order(StringComparer.Ordinal));
        Assert.NotEqual(0, firstVerdict.ExitCode);
        Assert.Contains("certificate revoked", firstVerdict.Output + firstVerdict.Error, StringComparison.Ordinal);
        Assert.Contains("certificate revoked", secondVerdict.Output + secondVerdict.Error, StringComparison.Ordinal);
        Assert.Equal(0, keptVerdict.ExitCode);
        Assert.Contains("Revocation Date: " + OpenSslTime(server.Host.Devices.Find(device.Id)!.RevokedAt!.Value), text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCrl_DatesFollowTheServerClock_NumberGrows_AndAReinstatedDeviceLeavesIt()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 certificate = await server.EnrollAsync(device);
        server.Host.Devices.Revoke(device.Id);
        server.Clock.Advance(TimeSpan.FromDays(3));
        DateTimeOffset now = server.Clock.GetUtcNow();

        byte[] revoked = server.Host.ExportCrl(TimeSpan.FromHours(12));
        server.Host.Devices.Reinstate(device.Id);
        byte[] reinstated = server.Host.ExportCrl();
        CertificateRevocationListBuilder.Load(revoked, out BigInteger firstNumber);
        CertificateRevocationListBuilder.Load(reinstated, out BigInteger secondNumber);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "revoked.crl"), revoked);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "reinstated.crl"), reinstated);
        Tool.Result dates = (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", "revoked.crl", "-noout", "-lastupdate", "-nextupdate"], _directory))
            .EnsureSuccess("openssl crl dates");
        Tool.Result after = (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", "reinstated.crl", "-text", "-noout"], _directory))
            .EnsureSuccess("openssl crl");

        Assert.Contains("lastUpdate=" + OpenSslTime(now), dates.Output, StringComparison.Ordinal);
        Assert.Contains("nextUpdate=" + OpenSslTime(now.AddHours(12)), dates.Output, StringComparison.Ordinal);
        Assert.True(firstNumber >= now.ToUnixTimeSeconds(), $"CRL number {firstNumber} is the issue time in Unix seconds");
        Assert.True(secondNumber > firstNumber, $"CRL numbers grow: {firstNumber} then {secondNumber}");
        Assert.Empty(SerialNumbers(after.Output));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Host.ExportCrl(TimeSpan.Zero));
    }

    [Fact]
    public async Task ExportCrl_AfterAnIssuingCaRollover_IsSignedByTheNewIssuingCa()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 before = await server.EnrollAsync(device);
        server.Host.RollOverIssuingCa();
        using X509Certificate2 after = await server.EnrollAsync(device);
        server.Host.Devices.Revoke(device.Id);

        await WriteAsync("crl.pem", server.Host.ExportCrlPem());
        await WriteAsync("issuing.pem", server.Host.IssuingCertificate.ExportCertificatePem());
        Tool.Result text = (await Tool.RunAsync("openssl", ["crl", "-in", "crl.pem", "-CAfile", "issuing.pem", "-text", "-noout"], _directory))
            .EnsureSuccess("openssl crl");

        Assert.Contains("verify OK", text.Error + text.Output, StringComparison.Ordinal);
        Assert.Contains("Issuer: " + OpenSslName(server.Host.IssuingCertificate), text.Output, StringComparison.Ordinal);
        Assert.Equal([after.SerialNumber], SerialNumbers(text.Output));   // the previous issuing CA has no key to list `before`
    }

    [Fact]
    public async Task AdminApi_Crl_ServesTheCurrentCrlAsPkixCrl()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 certificate = await server.EnrollAsync(device);
        server.Host.Devices.Revoke(device.Id);
        using HttpClient admin = server.CreateClient();

        using HttpResponseMessage response = await admin.GetAsync(new Uri(server.Host.BaseAddress, "/admin/crl"));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(_directory, "served.crl"), body);
        Tool.Result text = (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", "served.crl", "-text", "-noout"], _directory))
            .EnsureSuccess("openssl crl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([certificate.SerialNumber], SerialNumbers(text.Output));
    }

    /// <summary><c>openssl verify -crl_check</c> of <paramref name="leaf"/> against the root, the issuing CA and crl.pem.</summary>
    private async Task<Tool.Result> VerifyAsync(EstTestServer server, X509Certificate2 leaf)
    {
        await WriteAsync("root.pem", server.Host.RootCertificate.ExportCertificatePem());
        await WriteAsync("issuing.pem", server.Host.IssuingCertificate.ExportCertificatePem());
        await WriteAsync("leaf.pem", leaf.ExportCertificatePem());
        if (!File.Exists(Path.Combine(_directory, "crl.pem")))
        {
            await WriteAsync("crl.pem", server.Host.ExportCrlPem());
        }

        return await Tool.RunAsync(
            "openssl", ["verify", "-crl_check", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "-CRLfile", "crl.pem", "leaf.pem"], _directory);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, name), text);
        return name;
    }

    /// <summary>The serial numbers under "Revoked Certificates:" in <c>openssl crl -text</c> output, upper-case hex.</summary>
    private static List<string> SerialNumbers(string text) =>
        [.. text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("Serial Number: ", StringComparison.Ordinal))
            .Select(line => line["Serial Number: ".Length..].ToUpperInvariant())];

    /// <summary>A name as OpenSSL 3 prints it: "CN = …, O = …".</summary>
    private static string OpenSslName(X509Certificate2 certificate) =>
        certificate.SubjectName.Format(false).Replace("=", " = ", StringComparison.Ordinal);

    /// <summary>A time as <c>openssl crl -lastupdate</c> prints it: "Jan  4 09:00:00 2027 GMT" (seconds, day padded to 2).</summary>
    private static string OpenSslTime(DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:MMM} {utc.Day,2} {utc:HH:mm:ss yyyy} GMT");
    }
}
