using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

/// <summary>Standard EST clients built from curl and openssl, with nothing from this code base on the client side.</summary>
public sealed class CurlInteropTests
{
    [Fact]
    public async Task SimpleEnroll_WithCurlAndAnOpenSslCsr_IssuesACertificateThatOpenSslChainsToTheRoot()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        string directory = Path.Combine(server.DataDirectory, "client");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "root.pem"), server.Host.RootCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), server.Host.IssuingCertificate.ExportCertificatePem());
        (await Tool.RunAsync("openssl", [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "device.key",
            "-subj", "/CN=dev1", "-addext", "subjectAltName=URI:urn:dev:dev1,DNS:dev1.example", "-outform", "DER", "-out", "csr.der"],
            directory)).EnsureSuccess("openssl req");
        (await Tool.RunAsync("openssl", ["base64", "-in", "csr.der", "-out", "csr.b64"], directory)).EnsureSuccess("openssl base64");

        Tool.Result curl = await Tool.RunAsync("curl", [
            "--silent", "--show-error", "--fail", "--cacert", "root.pem", "--user", $"{EstTestServer.DeviceId}:{EstTestServer.Secret}",
            "--data-binary", "@csr.b64", "-H", "Content-Type: application/pkcs10", "--dump-header", "headers.txt", "--output", "cert.b64",
            server.Uri(EstOperation.SimpleEnroll).ToString()], directory);

        Assert.True(curl.ExitCode == 0, curl.Error);
        string headers = await File.ReadAllTextAsync(Path.Combine(directory, "headers.txt"));
        Assert.Contains("content-type: application/pkcs7-mime; smime-type=certs-only", headers, StringComparison.OrdinalIgnoreCase);
        (await Tool.RunAsync("openssl", ["base64", "-d", "-in", "cert.b64", "-out", "cert.p7"], directory)).EnsureSuccess("openssl base64 -d");
        Tool.Result bag = (await Tool.RunAsync("openssl", ["pkcs7", "-inform", "DER", "-in", "cert.p7", "-print_certs", "-out", "cert.pem"], directory))
            .EnsureSuccess("openssl pkcs7");
        Assert.Equal(0, bag.ExitCode);
        X509Certificate2Collection certificates = [];
        certificates.ImportFromPemFile(Path.Combine(directory, "cert.pem"));
        X509Certificate2 issued = Assert.Single(certificates);
        Assert.Equal("CN=dev1", issued.Subject);

        Tool.Result verify = await Tool.RunAsync(
            "openssl", ["verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "-purpose", "sslclient", "cert.pem"], directory);
        Assert.True(verify.ExitCode == 0, verify.Error + verify.Output);
        Tool.Result certificateKey = (await Tool.RunAsync("openssl", ["x509", "-in", "cert.pem", "-noout", "-pubkey"], directory)).EnsureSuccess("openssl x509");
        Tool.Result deviceKey = (await Tool.RunAsync("openssl", ["pkey", "-in", "device.key", "-pubout"], directory)).EnsureSuccess("openssl pkey");
        Assert.Equal(deviceKey.Output, certificateKey.Output);
        Assert.Equal(EstTestServer.DeviceId, Assert.Single(server.Host.Issued.List()).DeviceId);
    }

    [Fact]
    public async Task SimpleReenroll_WithCurlPresentingTheIssuedCertificate_IssuesARenewal()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using var device = new TestDevice();
        using X509Certificate2 current = await server.EnrollAsync(device);
        string directory = Path.Combine(server.DataDirectory, "client");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "root.pem"), server.Host.RootCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), current.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "device.key"), device.Key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(directory, "csr.b64"), Convert.ToBase64String(device.CreateRenewalCsr(current)));

        Tool.Result curl = await Tool.RunAsync("curl", [
            "--silent", "--show-error", "--fail", "--cacert", "root.pem", "--cert", "cert.pem", "--key", "device.key",
            "--data-binary", "@csr.b64", "-H", "Content-Type: application/pkcs10", "--output", "renewed.b64",
            server.Uri(EstOperation.SimpleReenroll).ToString()], directory);

        Assert.True(curl.ExitCode == 0, curl.Error);
        Assert.Equal(2, server.Host.Issued.ForDevice(device.Id).Count);
        Assert.Equal("certificate", server.Host.Issued.ForDevice(device.Id)[1].Authentication);
    }
}
