using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Admin;
using Lab.EstServer.Ca;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

/// <summary>Root CA rollover (RFC 7030 §4.1.3) and issuing CA rollover, as the server does them.</summary>
public sealed class RolloverTests
{
    [Fact]
    public async Task RollOverRoot_CaCertsCarriesBothRootsBothLinksAndBothIssuingCas_AndOpenSslVerifiesThem()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 oldRoot = server.Host.RootCertificate;
        X509Certificate2 oldIssuing = server.Host.IssuingCertificate;

        server.Host.RollOverRoot();

        CaState ca = server.Host.Ca;
        RootRollover rollover = Assert.IsType<RootRollover>(ca.Rollover);
        Assert.Same(oldRoot, rollover.OldRoot);
        Assert.Same(oldIssuing, ca.PreviousIssuing);
        Assert.NotEqual(oldRoot.SubjectName.RawData, ca.Root.SubjectName.RawData);
        Assert.EndsWith("Root CA G2", ca.Root.GetNameInfo(X509NameType.SimpleName, false), StringComparison.Ordinal);
        AssertLink(rollover.NewWithOld, subject: ca.Root, issuer: oldRoot);
        AssertLink(rollover.OldWithNew, subject: oldRoot, issuer: ca.Root);

        using HttpClient client = server.CreateClient(trustAnchor: oldRoot);
        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        X509Certificate2Collection bag = await EstTestServer.ReadCertificatesAsync(response);
        Assert.Equal(6, bag.Count);
        foreach (X509Certificate2 expected in (X509Certificate2[])[oldRoot, ca.Root, rollover.NewWithOld, rollover.OldWithNew, oldIssuing, ca.Issuing])
        {
            Assert.Contains(bag, c => c.RawData.AsSpan().SequenceEqual(expected.RawData));
        }

        string directory = Path.Combine(server.DataDirectory, "openssl");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "old.pem"), oldRoot.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "new.pem"), ca.Root.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "newwithold.pem"), rollover.NewWithOld.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "oldwithnew.pem"), rollover.OldWithNew.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), ca.Issuing.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "oldissuing.pem"), oldIssuing.ExportCertificatePem());
        await OpenSslVerifyAsync(directory, "old.pem", null, "newwithold.pem");
        await OpenSslVerifyAsync(directory, "old.pem", "newwithold.pem", "issuing.pem");
        await OpenSslVerifyAsync(directory, "new.pem", null, "issuing.pem");
        await OpenSslVerifyAsync(directory, "new.pem", null, "oldwithnew.pem");
        await OpenSslVerifyAsync(directory, "new.pem", "oldwithnew.pem", "oldissuing.pem");
    }

    [Fact]
    public async Task RollOverRoot_NewCertificatesComeFromTheNewIssuingCa_AndOldCertificatesStillReenroll()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 before = await server.EnrollAsync(device);

        server.Host.RollOverRoot();

        using HttpClient withCertificate = server.CreateClient(before);
        using HttpResponseMessage renewed = await EstTestServer.PostCsrAsync(
            withCertificate, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(before), user: null);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        X509Certificate2 after = Assert.Single(await EstTestServer.ReadCertificatesAsync(renewed));
        IssuedCertificateAssert.Logged(server, after, EstOperation.SimpleReenroll, "certificate");
        Assert.Equal(server.Host.IssuingCertificate.SubjectName.RawData, after.IssuerName.RawData);
        Assert.True(Chains(after, server.Host.RootCertificate, server.Host.IssuingCertificate));
        Assert.False(Chains(after, server.Host.Ca.Rollover!.OldRoot, server.Host.IssuingCertificate));
        using var other = new TestDevice();
        using X509Certificate2 enrolled = await server.EnrollAsync(other);
        Assert.Equal(server.Host.IssuingCertificate.SubjectName.RawData, enrolled.IssuerName.RawData);
    }

    [Fact]
    public async Task RollOverRoot_KeepsTheTlsCertificateUnderTheOldRoot_SentWithOldWithNew_ClientsOfEitherRootConnect()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 oldRoot = server.Host.RootCertificate;
        byte[] tlsBefore = server.Host.ServerCertificate.RawData;

        server.Host.RollOverRoot();

        Assert.Equal(tlsBefore, server.Host.ServerCertificate.RawData);
        Assert.Same(server.Host.Ca.Rollover!.OldWithNew, Assert.Single(server.Host.ServerCertificateChain));
        Assert.Equal(HttpStatusCode.OK, await CaCertsStatusAsync(server, oldRoot));
        Assert.Equal(HttpStatusCode.OK, await CaCertsStatusAsync(server, server.Host.RootCertificate));
        await CurlCaCertsAsync(server, CaStore.RootCertificateFile);
        await CurlCaCertsAsync(server, CaStore.OldRootCertificateFile);
    }

    [Fact]
    public async Task RollOverRoot_WithReissue_TlsCertificateUnderTheNewRoot_SentWithNewWithOld_ClientsOfEitherRootConnect()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 oldRoot = server.Host.RootCertificate;

        server.Host.RollOverRoot(reissueServerCertificate: true);

        Assert.Equal(server.Host.RootCertificate.SubjectName.RawData, server.Host.ServerCertificate.IssuerName.RawData);
        Assert.Same(server.Host.Ca.Rollover!.NewWithOld, Assert.Single(server.Host.ServerCertificateChain));
        Assert.Equal(HttpStatusCode.OK, await CaCertsStatusAsync(server, oldRoot));
        Assert.Equal(HttpStatusCode.OK, await CaCertsStatusAsync(server, server.Host.RootCertificate));
        await CurlCaCertsAsync(server, CaStore.RootCertificateFile);
        await CurlCaCertsAsync(server, CaStore.OldRootCertificateFile);
        using X509Certificate2 saved = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, CaStore.ServerCertificateFile)));
        Assert.Equal(server.Host.ServerCertificate.RawData, saved.RawData);
    }

    [Fact]
    public async Task RetireOldRoot_DropsOldRootLinksAndOldIssuingCa_ReissuesTls_OldRootClientsNoLongerConnect()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 oldRoot = server.Host.RootCertificate;
        server.Host.RollOverRoot();
        Assert.Throws<InvalidOperationException>(() => server.Host.RollOverRoot());

        server.Host.RetireOldRoot();

        Assert.Null(server.Host.Ca.Rollover);
        Assert.Null(server.Host.Ca.PreviousIssuing);
        Assert.Equal(server.Host.RootCertificate.SubjectName.RawData, server.Host.ServerCertificate.IssuerName.RawData);
        Assert.Empty(server.Host.ServerCertificateChain);
        using HttpClient client = server.CreateClient();
        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        X509Certificate2Collection bag = await EstTestServer.ReadCertificatesAsync(response);
        Assert.Equal(2, bag.Count);
        Assert.DoesNotContain(bag, c => c.RawData.AsSpan().SequenceEqual(oldRoot.RawData));
        await Assert.ThrowsAsync<HttpRequestException>(() => CaCertsStatusAsync(server, oldRoot));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, CaStore.OldRootCertificateFile)));
        Assert.Throws<InvalidOperationException>(server.Host.RetireOldRoot);
    }

    [Fact]
    public async Task RollOverIssuingCa_SameRoot_NewIssuingCaSignsNewCertificates_PreviousStaysPublishedAndAccepted()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 root = server.Host.RootCertificate;
        X509Certificate2 oldIssuing = server.Host.IssuingCertificate;
        using var device = new TestDevice();
        using X509Certificate2 before = await server.EnrollAsync(device);

        server.Host.RollOverIssuingCa();

        Assert.Same(root, server.Host.RootCertificate);
        Assert.Same(oldIssuing, server.Host.Ca.PreviousIssuing);
        Assert.EndsWith("Issuing CA G2", server.Host.IssuingCertificate.GetNameInfo(X509NameType.SimpleName, false), StringComparison.Ordinal);
        Assert.Null(server.Host.Ca.Rollover);
        using HttpClient client = server.CreateClient(before);
        using HttpResponseMessage cacerts = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        Assert.Equal(3, (await EstTestServer.ReadCertificatesAsync(cacerts)).Count);
        using HttpResponseMessage renewed = await EstTestServer.PostCsrAsync(
            client, server.Uri(EstOperation.SimpleReenroll), device.CreateRenewalCsr(before), user: null);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        X509Certificate2 after = Assert.Single(await EstTestServer.ReadCertificatesAsync(renewed));
        IssuedCertificateAssert.Logged(server, after, EstOperation.SimpleReenroll, "certificate");
        Assert.True(Chains(after, root, server.Host.IssuingCertificate));
        Assert.Throws<InvalidOperationException>(server.Host.RetireOldRoot);
    }

    [Fact]
    public async Task Restart_DuringARootRollover_KeepsEverything_AndAfterRetiringTheFilesAreGone()
    {
        string directory = EstTestServer.NewDataDirectory();
        try
        {
            byte[] root, oldRoot, newWithOld, issuing, previousIssuing, tls;
            await using (EstTestServer first = await EstTestServer.StartAsync(dataDirectory: directory))
            {
                first.Host.RollOverRoot();
                root = first.Host.RootCertificate.RawData;
                oldRoot = first.Host.Ca.Rollover!.OldRoot.RawData;
                newWithOld = first.Host.Ca.Rollover.NewWithOld.RawData;
                issuing = first.Host.IssuingCertificate.RawData;
                previousIssuing = first.Host.Ca.PreviousIssuing!.RawData;
                tls = first.Host.ServerCertificate.RawData;
            }

            await using (EstTestServer second = await EstTestServer.StartAsync(dataDirectory: directory, registerDevice: false))
            {
                Assert.Equal(root, second.Host.RootCertificate.RawData);
                Assert.Equal(oldRoot, second.Host.Ca.Rollover!.OldRoot.RawData);
                Assert.Equal(newWithOld, second.Host.Ca.Rollover.NewWithOld.RawData);
                Assert.Equal(issuing, second.Host.IssuingCertificate.RawData);
                Assert.Equal(previousIssuing, second.Host.Ca.PreviousIssuing!.RawData);
                Assert.Equal(tls, second.Host.ServerCertificate.RawData);
                Assert.Same(second.Host.Ca.Rollover.OldWithNew, Assert.Single(second.Host.ServerCertificateChain));
                Assert.Equal(HttpStatusCode.OK, await CaCertsStatusAsync(second, second.Host.RootCertificate));
                using var device = new TestDevice();
                using X509Certificate2 enrolled = await second.EnrollAsync(device);
                Assert.Equal(second.Host.IssuingCertificate.SubjectName.RawData, enrolled.IssuerName.RawData);
                second.Host.RetireOldRoot();
            }

            foreach (string file in (string[])[CaStore.OldRootCertificateFile, CaStore.NewWithOldFile, CaStore.OldWithNewFile, CaStore.PreviousIssuingCertificateFile])
            {
                Assert.False(File.Exists(Path.Combine(directory, file)), file);
            }

            await using EstTestServer third = await EstTestServer.StartAsync(dataDirectory: directory, registerDevice: false);
            Assert.Equal(root, third.Host.RootCertificate.RawData);
            Assert.Null(third.Host.Ca.Rollover);
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Start_WithAKeyThatIsNotTheCertificates_Refuses()
    {
        string directory = EstTestServer.NewDataDirectory();
        try
        {
            await using (await EstTestServer.StartAsync(dataDirectory: directory))
            {
            }

            File.Copy(Path.Combine(directory, CaStore.IssuingKeyFile), Path.Combine(directory, CaStore.RootKeyFile), overwrite: true);

            InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => EstTestServer.StartAsync(dataDirectory: directory));
            Assert.Contains(CaStore.RootKeyFile, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            EstTestServer.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task AdminApi_RollsOverRetiresAndRefusesWhatDoesNotFit()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        X509Certificate2 oldRoot = server.Host.RootCertificate;
        using HttpClient client = server.CreateClient(trustAnchor: oldRoot);
        Uri Admin(string path) => new(server.Host.BaseAddress, path);

        using HttpResponseMessage rolled = await client.PostAsJsonAsync(Admin("/admin/ca/rollover-root"), new { reissueServerCertificate = true });
        using HttpResponseMessage again = await client.PostAsync(Admin("/admin/ca/rollover-root"), null);
        CaView during = (await client.GetFromJsonAsync<CaView>(Admin("/admin/ca"), AdminJson.Options))!;
        using HttpResponseMessage issuing = await client.PostAsync(Admin("/admin/ca/rollover-issuing"), null);
        using HttpResponseMessage retired = await client.PostAsync(Admin("/admin/ca/retire-old-root"), null);
        using HttpClient newClient = server.CreateClient();
        using HttpResponseMessage retiredAgain = await newClient.PostAsync(Admin("/admin/ca/retire-old-root"), null);

        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        CaView view = (await rolled.Content.ReadFromJsonAsync<CaView>(AdminJson.Options))!;
        Assert.Equal(server.Host.RootCertificate.ExportCertificatePem(), view.RootPem);
        Assert.Equal(oldRoot.ExportCertificatePem(), view.OldRootPem);
        Assert.NotNull(view.NewWithOldPem);
        Assert.NotNull(view.OldWithNewPem);
        Assert.Equal(server.Host.RootCertificate.Subject, view.ServerCertificateIssuer);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(view, during);
        Assert.Equal(HttpStatusCode.OK, issuing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        CaView after = (await retired.Content.ReadFromJsonAsync<CaView>(AdminJson.Options))!;
        Assert.Null(after.OldRootPem);
        Assert.Equal(view.IssuingPem, after.PreviousIssuingPem);
        Assert.Equal(HttpStatusCode.Conflict, retiredAgain.StatusCode);
    }

    private static void AssertLink(X509Certificate2 link, X509Certificate2 subject, X509Certificate2 issuer)
    {
        Assert.Equal(subject.SubjectName.RawData, link.SubjectName.RawData);
        Assert.Equal(issuer.SubjectName.RawData, link.IssuerName.RawData);
        Assert.Equal(subject.PublicKey.ExportSubjectPublicKeyInfo(), link.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.True(link.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(
            subject.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier,
            link.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier);
        Assert.True(Chains(link, issuer, null));
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 root, X509Certificate2? intermediate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        if (intermediate is not null)
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static async Task<HttpStatusCode> CaCertsStatusAsync(EstTestServer server, X509Certificate2 trustAnchor)
    {
        using HttpClient client = server.CreateClient(trustAnchor: trustAnchor);
        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CaCerts));
        return response.StatusCode;
    }

    /// <summary>curl (OpenSSL) trusting only the root in <paramref name="rootFile"/> of the data directory gets /cacerts.</summary>
    private static async Task CurlCaCertsAsync(EstTestServer server, string rootFile)
    {
        Tool.Result curl = await Tool.RunAsync("curl", [
            "--silent", "--show-error", "--fail", "--output", "/dev/null", "--cacert", Path.Combine(server.DataDirectory, rootFile),
            server.Uri(EstOperation.CaCerts).ToString()]);
        Assert.True(curl.ExitCode == 0, $"curl --cacert {rootFile}: {curl.Error}");
    }

    private static async Task OpenSslVerifyAsync(string directory, string anchor, string? untrusted, string certificate)
    {
        List<string> arguments = ["verify", "-CAfile", anchor];
        if (untrusted is not null)
        {
            arguments.AddRange(["-untrusted", untrusted]);
        }

        arguments.Add(certificate);
        Tool.Result verified = await Tool.RunAsync("openssl", arguments, directory);
        Assert.True(verified.ExitCode == 0, $"openssl verify -CAfile {anchor} {untrusted} {certificate}: {verified.Error}{verified.Output}");
    }
}
