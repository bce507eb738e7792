using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class RevocationTests
{
    [Fact]
    public async Task RevokedDevice_CannotEnroll_WithItsCorrectSecret()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        Assert.True(server.Host.Devices.Revoke(device.Id));

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("revoked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedDevice_ItsCertificateIsRefused_AndBasicOnReenrollToo()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        server.Host.Devices.Revoke(device.Id);
        using HttpClient withCertificate = server.CreateClient(current);
        using HttpClient withSecret = server.CreateClient();

        using HttpResponseMessage byCertificate = await EstTestServer.PostCsrAsync(
            withCertificate, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current), user: null);
        using HttpResponseMessage byCertificateAndSecret = await EstTestServer.PostCsrAsync(
            withCertificate, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current));
        using HttpResponseMessage bySecret = await EstTestServer.PostCsrAsync(
            withSecret, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current));

        Assert.Equal(HttpStatusCode.Forbidden, byCertificate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCertificateAndSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySecret.StatusCode);
        Assert.Single(server.Host.Issued.List());
    }

    [Fact]
    public async Task ReinstatedDevice_CanEnrollAgain()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        server.Host.Devices.Revoke(device.Id);

        Assert.True(server.Host.Devices.Reinstate(device.Id));
        using X509Certificate2 issued = await server.EnrollAsync(device);

        Assert.False(server.Host.Devices.Find(device.Id)!.Revoked);
    }
}
