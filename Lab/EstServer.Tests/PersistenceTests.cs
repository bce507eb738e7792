using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_OnTheSameDataDirectory_KeepsCaServerCertificateDevicesLogAndPendingApprovals()
    {
        string directory = EstTestServer.NewDataDirectory();
        var labels = new Dictionary<string, EstLabelPolicy> { ["guarded"] = new() { Approval = EstApprovalMode.Manual } };
        using var device = new TestDevice();
        using var waiting = new TestDevice("dev3");
        try
        {
            byte[] root, issuing, serverCertificate;
            X509Certificate2 issued;
            byte[] waitingCsr = waiting.CreateCsr();
            await using (EstTestServer first = await EstTestServer.StartAsync(labels: labels, dataDirectory: directory))
            {
                root = first.Host.RootCertificate.RawData;
                issuing = first.Host.IssuingCertificate.RawData;
                serverCertificate = first.Host.ServerCertificate.RawData;
                first.Host.Devices.Register("dev2", "secret-2");
                first.Host.Devices.Revoke("dev2");
                first.Host.Devices.Register("dev3", "secret-3");
                issued = await first.EnrollAsync(device);
                using HttpClient client = first.CreateClient();
                using HttpResponseMessage pending = await EstTestServer.PostCsrAsync(
                    client, first.Uri(EstOperation.SimpleEnroll, "guarded"), waitingCsr, "dev3", "secret-3");
                Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
            }

            await using EstTestServer second = await EstTestServer.StartAsync(labels: labels, dataDirectory: directory, registerDevice: false);

            Assert.Equal(root, second.Host.RootCertificate.RawData);
            Assert.Equal(issuing, second.Host.IssuingCertificate.RawData);
            Assert.Equal(serverCertificate, second.Host.ServerCertificate.RawData);
            Assert.Equal(["dev1", "dev2", "dev3"], second.Host.Devices.List().Select(d => d.Id));
            Assert.True(second.Host.Devices.Find("dev2")!.Revoked);
            IssuedCertificateAssert.Logged(second, issued, EstOperation.SimpleEnroll, "basic");

            using HttpClient withCertificate = second.CreateClient(issued);
            using HttpResponseMessage renewed = await EstTestServer.PostCsrAsync(
                withCertificate, second.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(issued), user: null);
            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
            using X509Certificate2 enrolledAgain = await second.EnrollAsync(device);
            using var revoked = new TestDevice("dev2");
            using HttpClient client2 = second.CreateClient();
            using HttpResponseMessage refused = await EstTestServer.PostCsrAsync(
                client2, second.Uri(EstOperation.SimpleEnroll), revoked.CreateCsr(), "dev2", "secret-2");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            PendingRequest stillPending = Assert.Single(second.Host.Approvals.List(PendingStatus.Pending));
            Assert.Equal("dev3", stillPending.DeviceId);
            second.Host.Approvals.Approve(stillPending.Id);
            using HttpResponseMessage approved = await EstTestServer.PostCsrAsync(
                client2, second.Uri(EstOperation.SimpleEnroll, "guarded"), waitingCsr, "dev3", "secret-3");
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Equal(4, second.Host.Issued.List().Count);
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Start_WithOnlySomeCaFiles_RefusesRatherThanReplacingTheCa()
    {
        string directory = EstTestServer.NewDataDirectory();
        try
        {
            await using (await EstTestServer.StartAsync(dataDirectory: directory))
            {
            }

            File.Delete(Path.Combine(directory, Ca.CaStore.IssuingKeyFile));

            await Assert.ThrowsAsync<InvalidOperationException>(() => EstTestServer.StartAsync(dataDirectory: directory));
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Restart_WithAnotherServerName_ReissuesTheServerCertificateUnderTheSameRoot()
    {
        string directory = EstTestServer.NewDataDirectory();
        try
        {
            byte[] before;
            await using (EstTestServer first = await EstTestServer.StartAsync(dataDirectory: directory))
            {
                before = first.Host.ServerCertificate.RawData;
            }

            await using EstServerHost second = await EstServerHost.StartAsync(new EstServerOptions
            {
                DataDirectory = directory,
                ServerNames = ["est.pilot.example"],
            });

            Assert.NotEqual(before, second.ServerCertificate.RawData);
            Assert.Contains("est.pilot.example", second.ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
            Assert.Equal(second.RootCertificate.SubjectName.RawData, second.ServerCertificate.IssuerName.RawData);
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }
}
