using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;
using Lab.EstServer.Faults;

namespace Lab.EstServer.Tests;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task InternalServerError_AnswersTheNextRequest500_ThenTheServerIsNormalAgain()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.InternalServerError));

        using HttpResponseMessage faulty = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        using HttpResponseMessage normal = await client.GetAsync(server.Uri(EstOperation.CaCerts));

        Assert.Equal(HttpStatusCode.InternalServerError, faulty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Empty(server.Host.Faults.Pending());
    }

    [Fact]
    public async Task ServiceUnavailable_Answers503WithRetryAfter_ForTheChosenOperationOnly()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.ServiceUnavailable)
        {
            Operation = EstOperation.SimpleEnroll,
            RetryAfter = TimeSpan.FromSeconds(42),
            Count = 2,
        });

        using HttpResponseMessage cacerts = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        using HttpResponseMessage first = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());
        using HttpResponseMessage second = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());
        using HttpResponseMessage third = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, cacerts.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(42), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task DropConnection_ClosesTheConnectionAfterTheRequestWithoutAnAnswer()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.DropConnection));

        await Assert.ThrowsAsync<HttpRequestException>(
            () => EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr()));
        using HttpResponseMessage next = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single(server.Host.Issued.List());
    }

    [Fact]
    public async Task Delay_HoldsTheAnswerBack_ThenAnswersNormally()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        using HttpResponseMessage warm = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        server.Host.Faults.Inject(new EstFault(EstFaultKind.Delay) { Delay = TimeSpan.FromMilliseconds(700) });

        var watch = Stopwatch.StartNew();
        using HttpResponseMessage slow = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(650), $"answered after {watch.Elapsed}");
        Assert.Equal(2, (await EstTestServer.ReadCertificatesAsync(slow)).Count);
    }

    [Fact]
    public async Task WrongContentType_AnswersTextHtml()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.WrongContentType));

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GarbageBase64_AnswersABodyThatIsNotBase64()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.GarbageBase64) { Operation = EstOperation.CaCerts });

        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkcs7-mime", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(EstBase64.TryDecode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task TruncatedBase64_AnswersBase64CutOffPartWay()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.TruncatedBase64));

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[A-Za-z0-9+/\n]+$", body);
        Assert.NotEqual(0, body.Replace("\n", "", StringComparison.Ordinal).Length % 4);
        Assert.Single(server.Host.Issued.List());
    }

    [Fact]
    public async Task CertificateForDifferentKey_IssuesFromTheRealCaButNotForTheCsrKey()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.CertificateForDifferentKey));

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        X509Certificate2 certificate = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.NotEqual(device.Key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(server.Host.IssuingCertificate.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.Empty(server.Host.Issued.List());
    }

    [Fact]
    public async Task CertificateFromUnknownCa_IssuesForTheCsrKeyFromACaThatDoesNotChainToTheRoot()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.CertificateFromUnknownCa) { Operation = EstOperation.SimpleEnroll });

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        X509Certificate2 certificate = Assert.Single(await EstTestServer.ReadCertificatesAsync(response));
        Assert.Equal(device.Key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(server.Host.RootCertificate);
        chain.ChainPolicy.ExtraStore.Add(server.Host.IssuingCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(chain.Build(certificate));
        Assert.Empty(server.Host.Issued.List());
    }

    [Fact]
    public async Task CertificateFromUnknownCa_OnCaCerts_AnswersAnotherRoot()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.CertificateFromUnknownCa));

        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));

        X509Certificate2Collection bag = await EstTestServer.ReadCertificatesAsync(response);
        Assert.Equal(2, bag.Count);
        Assert.DoesNotContain(bag, c => c.RawData.AsSpan().SequenceEqual(server.Host.RootCertificate.RawData));
    }

    [Fact]
    public async Task OversizedBody_AnswersAtLeastTheRequestedSizeOfValidBase64()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.OversizedBody) { OversizedBytes = 100_000 });

        using HttpResponseMessage response = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(body.Length, 100_000, 100_000 + 65);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.NotNull(EstBase64.TryDecode(body));
    }

    [Fact]
    public async Task ResponseFaults_WaitForASuccessfulAnswer_AndLeaveErrorsAlone()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        server.Host.Faults.Inject(new EstFault(EstFaultKind.GarbageBase64) { Operation = EstOperation.SimpleEnroll });

        using HttpResponseMessage unauthorized = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), user: null);
        Assert.Single(server.Host.Faults.Pending());
        using HttpResponseMessage garbled = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Null(EstBase64.TryDecode(await garbled.Content.ReadAsByteArrayAsync()));
        Assert.Empty(server.Host.Faults.Pending());
    }

    [Fact]
    public void Inject_AFaultThatCannotApplyToItsOperation_Throws()
    {
        var injector = new FaultInjector();

        Assert.Throws<ArgumentException>(() => injector.Inject(
            new EstFault(EstFaultKind.CertificateForDifferentKey) { Operation = EstOperation.CaCerts }));
        Assert.Throws<ArgumentException>(() => injector.Inject(new EstFault(EstFaultKind.Delay) { Count = 0 }));
    }
}
