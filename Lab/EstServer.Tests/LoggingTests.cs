using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_RecordEveryRequest_ButNeverASecretOrAnAuthorizationHeader()
    {
        const string AdminSecret = "secret-given-to-admin-api-42";
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage registered = await client.PostAsJsonAsync(new Uri(server.Host.BaseAddress, "/admin/devices"), new { id = "dev7", secret = AdminSecret });
        using X509Certificate2 issued = await server.EnrollAsync(device);
        using HttpResponseMessage wrong = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr(), secret: "wrong-" + EstTestServer.Secret);
        using HttpResponseMessage basicRenewal = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(issued));
        using var dev7 = new TestDevice("dev7");
        using HttpResponseMessage viaAdminSecret = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), dev7.CreateCsr(), "dev7", AdminSecret);

        string[] forbidden =
        [
            EstTestServer.Secret, AdminSecret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EstTestServer.DeviceId}:{EstTestServer.Secret}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"dev7:{AdminSecret}")),
        ];
        string all = string.Join('\n', server.Logs.Lines);
        Assert.Contains("simpleenroll -> 200", all, StringComparison.Ordinal);
        Assert.Contains("simpleenroll -> 401", all, StringComparison.Ordinal);
        Assert.Contains("registered device", all, StringComparison.Ordinal);
        foreach (string secret in forbidden)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
