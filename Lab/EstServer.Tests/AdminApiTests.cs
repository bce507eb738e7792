using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lab.EstServer.Admin;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Tests;

public sealed class AdminApiTests
{
    private const string Secret = "admin-registered-secret-77";

    [Fact]
    public async Task AdminApi_RegistersADevice_ShowsItsCertificates_AndRevokesIt()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(registerDevice: false);
        using HttpClient admin = server.CreateClient();
        using var device = new TestDevice("dev9");

        using HttpResponseMessage created = await admin.PostAsJsonAsync(new Uri(server.Host.BaseAddress, "/admin/devices"), new { id = "dev9", secret = Secret });
        using HttpResponseMessage enrolled = await EstTestServer.PostCsrAsync(admin, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), "dev9", Secret);
        string details = await admin.GetStringAsync(new Uri(server.Host.BaseAddress, "/admin/devices/dev9"));
        string list = await admin.GetStringAsync(new Uri(server.Host.BaseAddress, "/admin/devices"));
        using HttpResponseMessage revoked = await admin.PostAsync(new Uri(server.Host.BaseAddress, "/admin/devices/dev9/revoke"), null);
        using HttpResponseMessage refused = await EstTestServer.PostCsrAsync(admin, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), "dev9", Secret);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains("BEGIN CERTIFICATE", details, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, details, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.True((await revoked.Content.ReadFromJsonAsync<DeviceRecord>(AdminJson.Options))!.Revoked);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AdminApi_ManualApprovalThroughPolicyAndPendingEndpoints()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        using var device = new TestDevice();
        byte[] csr = device.CreateCsr();

        using HttpResponseMessage policy = await client.PutAsJsonAsync(
            new Uri(server.Host.BaseAddress, "/admin/policy"), new { approval = "manual", retryAfterSeconds = 7 });
        using HttpResponseMessage waiting = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        List<PendingRequest> pending = (await client.GetFromJsonAsync<List<PendingRequest>>(
            new Uri(server.Host.BaseAddress, "/admin/pending?status=pending"), AdminJson.Options))!;
        using HttpResponseMessage approve = await client.PostAsync(new Uri(server.Host.BaseAddress, $"/admin/pending/{pending[0].Id}/approve"), null);
        using HttpResponseMessage issued = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        List<IssuedView> log = (await client.GetFromJsonAsync<List<IssuedView>>(
            new Uri(server.Host.BaseAddress, "/admin/issued?device=dev1"), AdminJson.Options))!;

        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.Equal(EstApprovalMode.Manual, server.Host.Policy.Approval);
        Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), waiting.Headers.RetryAfter?.Delta);
        Assert.Equal("dev1", Assert.Single(pending).DeviceId);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(EstOperation.SimpleEnroll, Assert.Single(log).Operation);
    }

    [Fact]
    public async Task AdminApi_QueuesListsAndClearsFaults()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();
        Uri faults = new(server.Host.BaseAddress, "/admin/faults");

        using HttpResponseMessage queued = await client.PostAsJsonAsync(faults, new { kind = "serviceUnavailable", operation = "caCerts", retryAfterSeconds = 3 });
        string listed = await client.GetStringAsync(faults);
        using HttpResponseMessage unavailable = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        using HttpResponseMessage queuedAgain = await client.PostAsJsonAsync(faults, new { kind = "internalServerError", count = 5 });
        using HttpResponseMessage cleared = await client.DeleteAsync(faults);
        using HttpResponseMessage normal = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        using HttpResponseMessage invalid = await client.PostAsJsonAsync(faults, new { kind = "certificateForDifferentKey", operation = "csrAttrs" });

        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Contains("serviceUnavailable", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), unavailable.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, queuedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task AdminApi_PublishesTheRootAndItsFingerprint()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        CaView ca = (await client.GetFromJsonAsync<CaView>(new Uri(server.Host.BaseAddress, "/admin/ca"), AdminJson.Options))!;

        Assert.Equal(server.Host.RootCertificate.ExportCertificatePem(), ca.RootPem);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(server.Host.RootCertificate.RawData)), ca.RootSha256);
    }

    [Fact]
    public async Task AdminApi_RefusesAnInvalidDeviceId()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.PostAsJsonAsync(new Uri(server.Host.BaseAddress, "/admin/devices"), new { id = "bad:id", secret = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_WhenDisabled_IsNotThere()
    {
        string directory = EstTestServer.NewDataDirectory();
        try
        {
            await using EstServerHost host = await EstServerHost.StartAsync(new EstServerOptions { DataDirectory = directory, EnableAdminApi = false });
            Tool.Result curl = await Tool.RunAsync("curl", [
                "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "--cacert", Path.Combine(directory, Ca.CaStore.RootCertificateFile),
                new Uri(host.BaseAddress, "/admin/devices").ToString()]);

            Assert.Equal("404", curl.Output);
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }

    [Fact]
    public void AdminJson_WritesEnumsAsCamelCaseStrings()
    {
        string json = JsonSerializer.Serialize(new FaultView(Faults.EstFaultKind.GarbageBase64, EstOperation.SimpleReenroll), AdminJson.Options);

        Assert.Contains("\"garbageBase64\"", json, StringComparison.Ordinal);
        Assert.Contains("\"simpleReenroll\"", json, StringComparison.Ordinal);
    }
}
