using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class GraceWindowTests
{
    private static readonly EstPolicy ShortLived = new()
    {
        CertificateLifetime = TimeSpan.FromMinutes(10),
        ReenrollGracePeriod = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task SimpleReenroll_WithAnExpiredCertificateInsideTheGraceWindow_IsIssued()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(ShortLived);
        using var device = new TestDevice();
        using X509Certificate2 expired = await server.EnrollAsync(device);
        server.Clock.Advance(TimeSpan.FromMinutes(40));
        using HttpClient client = server.CreateClient(expired);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(expired), user: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        X509Certificate2 renewed = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.True(renewed.NotAfter > expired.NotAfter.AddMinutes(30));
        IssuedCertificateAssert.Logged(server, renewed, EstOperation.SimpleReenroll, "certificate-grace");
    }

    [Fact]
    public async Task SimpleReenroll_WithACertificateExpiredLongerThanTheGraceWindow_Returns401()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(ShortLived);
        using var device = new TestDevice();
        using X509Certificate2 expired = await server.EnrollAsync(device);
        server.Clock.Advance(TimeSpan.FromMinutes(10 + 61));
        using HttpClient client = server.CreateClient(expired);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(expired), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("grace", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(server.Host.Issued.List());
    }

    [Fact]
    public async Task SimpleEnroll_AfterTheGraceWindow_WithTheBootstrapSecret_StillWorks()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(ShortLived);
        using var device = new TestDevice();
        using X509Certificate2 expired = await server.EnrollAsync(device);
        server.Clock.Advance(TimeSpan.FromDays(2));

        using X509Certificate2 fresh = await server.EnrollAsync(device);

        Assert.True(fresh.NotBefore > expired.NotAfter);
    }

    [Fact]
    public async Task SimpleReenroll_WithGraceWindowZero_RefusesAnExpiredCertificate()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(ShortLived with { ReenrollGracePeriod = TimeSpan.Zero });
        using var device = new TestDevice();
        using X509Certificate2 expired = await server.EnrollAsync(device);
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        using HttpClient client = server.CreateClient(expired);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(expired), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
