using System.Net;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Tests;

public sealed class ManualApprovalTests
{
    [Fact]
    public async Task ManualApproval_Answers202WithRetryAfter_UntilApproved_ThenTheSameCsrGets200()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(
            new EstPolicy { Approval = EstApprovalMode.Manual, RetryAfter = TimeSpan.FromSeconds(5) });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        byte[] csr = device.CreateCsr();

        using HttpResponseMessage first = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        using HttpResponseMessage second = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        PendingRequest pending = Assert.Single(server.Host.Approvals.List(PendingStatus.Pending));
        Assert.True(server.Host.Approvals.Approve(pending.Id));
        using HttpResponseMessage afterApproval = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterApproval.StatusCode);
        var issued = Assert.Single(await EstTestServer.ReadCertificatesAsync(afterApproval));
        PendingRequest done = server.Host.Approvals.Find(pending.Id)!;
        Assert.Equal(PendingStatus.Issued, done.Status);
        Assert.Equal(issued.SerialNumber, done.IssuedSerialNumber);
        Assert.Equal(device.Id, done.DeviceId);
    }

    [Fact]
    public async Task ManualApproval_RejectedRequest_Returns403()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(new EstPolicy { Approval = EstApprovalMode.Manual });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        byte[] csr = device.CreateCsr();
        using HttpResponseMessage first = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);

        Assert.True(server.Host.Approvals.Reject(Assert.Single(server.Host.Approvals.List()).Id));
        using HttpResponseMessage afterRejection = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, afterRejection.StatusCode);
        Assert.Empty(server.Host.Issued.List());
    }

    [Fact]
    public async Task ManualEnrollMode_HoldsEnrollment_ButRenewsAtOnce()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(new EstPolicy { Approval = EstApprovalMode.ManualEnroll });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();
        byte[] csr = device.CreateCsr();
        using HttpResponseMessage pending = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        Assert.Equal(1, server.Host.Approvals.ApproveDevice(device.Id));
        using HttpResponseMessage enrolled = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), csr);
        var current = device.WithKey(Assert.Single(await EstTestServer.ReadCertificatesAsync(enrolled)));
        using HttpClient withCertificate = server.CreateClient(current);

        using HttpResponseMessage renewed = await EstTestServer.PostCsrAsync(
            withCertificate, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(current), user: null);

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    [Fact]
    public async Task ManualApproval_PerLabel_OnlyHoldsThatLabel()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(
            labels: new Dictionary<string, EstLabelPolicy> { ["guarded"] = new() { Approval = EstApprovalMode.Manual } });
        using var device = new TestDevice();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage guarded = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll, "guarded"), device.CreateCsr());
        using HttpResponseMessage open = await EstTestServer.PostCsrAsync(client, server.Uri(EstOperation.SimpleEnroll), device.CreateCsr());

        Assert.Equal(HttpStatusCode.Accepted, guarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("guarded", Assert.Single(server.Host.Approvals.List()).Label);
    }
}
