using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class CaCertsTests
{
    [Fact]
    public async Task CaCerts_ParsesWithOpenSsl_AndIssuingCaChainsToRoot()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkcs7-mime", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("base64", Assert.Single(response.Headers.GetValues("Content-Transfer-Encoding")));
        string directory = Path.Combine(server.DataDirectory, "openssl");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "cacerts.b64"), await response.Content.ReadAsByteArrayAsync());

        (await Tool.RunAsync("openssl", ["base64", "-d", "-in", "cacerts.b64", "-out", "cacerts.der"], directory)).EnsureSuccess("openssl base64 -d");
        (await Tool.RunAsync("openssl", ["pkcs7", "-inform", "DER", "-in", "cacerts.der", "-print_certs", "-out", "bag.pem"], directory))
            .EnsureSuccess("openssl pkcs7 -print_certs");

        X509Certificate2Collection bag = [];
        bag.ImportFromPemFile(Path.Combine(directory, "bag.pem"));
        Assert.Equal(2, bag.Count);
        X509Certificate2 root = Assert.Single(bag, c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData));
        X509Certificate2 issuing = Assert.Single(bag, c => c != root);
        Assert.Equal(server.Host.RootCertificate.RawData, root.RawData);
        await File.WriteAllTextAsync(Path.Combine(directory, "root.pem"), root.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), issuing.ExportCertificatePem());

        Tool.Result verified = await Tool.RunAsync("openssl", ["verify", "-CAfile", "root.pem", "issuing.pem"], directory);
        Assert.True(verified.ExitCode == 0, verified.Error + verified.Output);
        Assert.Contains("issuing.pem: OK", verified.Output, StringComparison.Ordinal);
        Assert.True(issuing.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public async Task CaCerts_UnderAConfiguredLabel_Answers200_AndUnderAnUnknownLabel404()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(labels: new Dictionary<string, EstLabelPolicy> { ["pilot"] = new() });
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage known = await client.GetAsync(server.Uri(EstOperation.CaCerts, "pilot"));
        using HttpResponseMessage unknown = await client.GetAsync(server.Uri(EstOperation.CaCerts, "nosuchlabel"));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(2, (await EstTestServer.ReadCertificatesAsync(known)).Count);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/est/serverkeygen")]
    [InlineData("/.well-known/est/a/b/cacerts")]
    [InlineData("/.well-known/est/")]
    [InlineData("/somewhere/else")]
    public async Task UnknownPath_Returns404(string path)
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri(server.Host.BaseAddress, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CaCerts_WithPost_Returns405WithAllowGet()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.PostAsync(server.Uri(EstOperation.CaCerts), new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task TlsServerCertificate_NamesLoopbackAndChainsToTheRoot()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();

        X509Certificate2 tls = server.Host.ServerCertificate;
        var san = tls.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Equal(server.Host.RootCertificate.SubjectName.RawData, tls.IssuerName.RawData);
        Assert.Equal(IPAddress.Loopback.ToString(), server.Host.BaseAddress.Host);
    }
}
