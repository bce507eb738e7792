using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class SimpleEnrollTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SimpleEnroll_WithBootstrapSecret_ReturnsOnlyTheIssuedCertificate_WithOrWithoutLineBreaks(bool lineBreaks)
    {
        await using EstTestServer server = await EstTestServer.StartAsync(new EstPolicy { CertificateLifetime = TimeSpan.FromMinutes(5) });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), lineBreaks: lineBreaks);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkcs7-mime", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "smime-type" && p.Value == "certs-only");
        X509Certificate2 issued = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.Equal(device.Key.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("CN=dev1", issued.Subject);
        Assert.Equal(TimeSpan.FromMinutes(5), issued.NotAfter - issued.NotBefore);
        Assert.Equal(server.Host.IssuingCertificate.SubjectName.RawData, issued.IssuerName.RawData);
        Assert.Contains(issued.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            o => o.Value == "1.3.6.1.5.5.7.3.2");
        IssuedCertificateAssert.Logged(server, issued, EstOperation.SimpleEnroll, "basic");
    }

    [Fact]
    public async Task SimpleEnroll_UnderALabel_UsesTheLabelsLifetime()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(
            labels: new Dictionary<string, EstLabelPolicy> { ["short"] = new() { CertificateLifetime = TimeSpan.FromSeconds(90) } });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll, "short"), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        X509Certificate2 issued = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.Equal(TimeSpan.FromSeconds(90), issued.NotAfter - issued.NotBefore);
        Assert.Equal("short", Assert.Single(server.Host.Issued.List()).Label);
    }

    [Fact]
    public async Task SimpleEnroll_WithoutCredentials_Returns401WithBasicChallenge()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AuthenticationHeaderValue challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=", challenge.Parameter, StringComparison.Ordinal);
        Assert.Empty(server.Host.Issued.List());
    }

    [Theory]
    [InlineData(EstTestServer.DeviceId, "wrong-secret")]
    [InlineData("nosuchdevice", EstTestServer.Secret)]
    public async Task SimpleEnroll_WithBadCredentials_Returns401(string user, string secret)
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice(user);
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), user, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task SimpleEnroll_WithWrongContentType_Returns400(string contentType)
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), contentType: contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-Type", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleEnroll_ContentTypeWithParametersAndOtherCase_IsAccepted()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), contentType: "Application/PKCS10; charset=us-ascii");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("this is not base64!")]
    [InlineData("MIIB")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n")]
    public async Task SimpleEnroll_WithMalformedBody_Returns400(string body)
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Uri(EstOperation.SimpleEnroll)) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs10");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EstTestServer.DeviceId}:{EstTestServer.Secret}")));

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SimpleEnroll_WithBrokenCsrSignature_Returns400()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        byte[] csr = device.CreateCsr();
        csr[^5] ^= 0x01;

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("self-signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleEnroll_WithCommonNameOtherThanTheDeviceId_Returns403()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(commonName: "dev2"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(server.Host.Issued.List());
    }

    [Fact]
    public async Task SimpleEnroll_WithoutSubjectAltName_Returns403()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(withSan: false));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public static TheoryData<string, bool> SanCases => new()
    {
        { "uri:urn:dev:dev1", true },
        { "dns:dev1", true },
        { "dns:dev1.example", true },
        { "uri:urn:dev:dev2", false },
        { "dns:dev2.example", false },
        { "dns:evil.com", false },
        { "ip:10.0.0.1", false },
        { "email:dev1@example.com", false },
    };

    [Theory]
    [MemberData(nameof(SanCases))]
    public async Task SimpleEnroll_SubjectAltName_MustNameTheDevice(string entry, bool accepted)
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        string value = entry[(entry.IndexOf(':', StringComparison.Ordinal) + 1)..];
        byte[] csr = device.CreateCsr(san: san =>
        {
            switch (entry[..entry.IndexOf(':', StringComparison.Ordinal)])
            {
                case "uri": san.AddUri(new Uri(value)); break;
                case "dns": san.AddDnsName(value); break;
                case "ip": san.AddIpAddress(IPAddress.Parse(value)); break;
                default: san.AddEmailAddress(value); break;
            }
        });

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SimpleEnroll_WithDnsSuffixPolicy_RefusesOtherSuffixes()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(new EstPolicy { DnsSuffixes = ["devices.example"] });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage allowed = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(san: s => s.AddDnsName("dev1.devices.example")));
        using HttpResponseMessage refused = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(san: s => s.AddDnsName("dev1.other.example")));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task SimpleEnroll_WithP384Key_IsIssued_AndWithRsaKey_Returns400()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:dev:dev1"));
        var ecRequest = new CertificateRequest("CN=dev1", p384, System.Security.Cryptography.HashAlgorithmName.SHA384);
        ecRequest.CertificateExtensions.Add(san.Build());
        var rsaRequest = new CertificateRequest(
            "CN=dev1", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        rsaRequest.CertificateExtensions.Add(san.Build());

        using HttpResponseMessage ec = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), ecRequest.CreateSigningRequest());
        using HttpResponseMessage rsaResponse = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), rsaRequest.CreateSigningRequest());

        Assert.Equal(HttpStatusCode.OK, ec.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rsaResponse.StatusCode);
    }

    [Fact]
    public async Task SimpleEnroll_WithOversizedBody_Returns413WithoutReadingIt()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), new byte[32 * 1024]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task SimpleEnroll_WithGet_Returns405()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.SimpleEnroll));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
