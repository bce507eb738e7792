using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class SimpleReenrollTests
{
    [Fact]
    public async Task SimpleReenroll_WithTheCurrentCertificateAsTlsClientCertificate_IssuesARenewalForTheSameKey()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        using HttpClient client = server.CreateClient(current);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current), user: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        X509Certificate2 renewed = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.NotEqual(current.SerialNumber, renewed.SerialNumber);
        Assert.Equal(current.SubjectName.RawData, renewed.SubjectName.RawData);
        Assert.Equal(current.Extensions["2.5.29.17"]!.RawData, renewed.Extensions["2.5.29.17"]!.RawData);
        Assert.Equal(current.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        IssuedCertificateAssert.Logged(server, renewed, EstOperation.SimpleReenroll, "certificate");
    }

    [Fact]
    public async Task SimpleReenroll_WithBasicSecretInsteadOfACertificate_IsIssued()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        IssuedCertificateAssert.Logged(server, Assert.Single(await EstTestServer.ReadCertificatesAsync(response)), EstOperation.SimpleReenroll, "basic");
    }

    [Fact]
    public async Task SimpleReenroll_WithoutAnyCredential_Returns401WithBasicChallenge()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), device.CreateCsr(), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task SimpleReenroll_WithANewKey_Returns403_UnlessRekeyIsAllowed()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        using HttpClient client = server.CreateClient(current);
        device.Rekey();
        byte[] rekeyCsr = device.CreateRenewalCsr(current);

        using HttpResponseMessage refused = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), rekeyCsr, user: null);
        server.Host.Policy = server.Host.Policy with { AllowRekey = true };
        using HttpResponseMessage allowed = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), rekeyCsr, user: null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("rekey", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        X509Certificate2 rekeyed = Assert.Single(await EstTestServer.ReadCertificatesAsync(allowed));
        Assert.Equal(device.Key.ExportSubjectPublicKeyInfo(), rekeyed.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task SimpleReenroll_WithASubjectAltNameDifferentFromTheCertificate_Returns403()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        using HttpClient client = server.CreateClient(current);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateCsr(san: s => s.AddDnsName("dev1")), user: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("RFC 7030", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleReenroll_WithACertificateFromAnotherCa_Returns401()
    {
        await using EstTestServer other = await EstTestServer.StartAsync();
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 foreign = await other.EnrollAsync(device);
        using HttpClient client = server.CreateClient(foreign);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(foreign), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Host.Issued.List());
    }

    [Fact]
    public async Task SimpleReenroll_WithAForeignCertificateAndTheBasicSecret_FallsBackToBasic()
    {
        await using EstTestServer other = await EstTestServer.StartAsync();
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 foreign = await other.EnrollAsync(device);
        using HttpClient client = server.CreateClient(foreign);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("basic", Assert.Single(server.Host.Issued.List()).Authentication);
    }

    [Fact]
    public async Task SimpleEnroll_IgnoresAClientCertificate_AndStillWantsTheBootstrapSecret()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        using HttpClient client = server.CreateClient(current);

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
