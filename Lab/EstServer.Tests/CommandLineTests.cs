using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Lab.EstServer.Tests;

public sealed partial class CommandLineTests
{
    [Fact]
    public void Parse_WithoutArguments_GivesLoopbackPort8443AndThirtyDayCertificates()
    {
        CommandLine parsed = CommandLine.Parse([])!;

        Assert.Equal(CommandLine.DefaultDataDirectory, parsed.Options.DataDirectory);
        Assert.Equal(8443, parsed.Options.Port);
        Assert.Equal(IPAddress.Loopback, parsed.Options.BindAddress);
        Assert.Equal(TimeSpan.FromDays(30), parsed.Options.Policy.CertificateLifetime);
        Assert.Equal(EstApprovalMode.Automatic, parsed.Options.Policy.Approval);
        Assert.Empty(parsed.Devices);
    }

    [Fact]
    public void Parse_EveryOption_EndsUpInTheOptions()
    {
        CommandLine parsed = CommandLine.Parse([
            "--data", "/tmp/x", "--port", "0", "--bind", "0.0.0.0", "--server-name", "est.lan", "--lifetime", "90s",
            "--grace", "2h", "--approval", "manual-enroll", "--retry-after", "10s", "--allow-rekey", "--dns-suffix", "lan",
            "--label", "pilot,lifetime=1d,approval=manual", "--device", "dev1:pa:ss", "--no-csrattrs", "--max-body", "4096",
            "--no-admin", "--quiet"])!;

        EstServerOptions o = parsed.Options;
        Assert.Equal("/tmp/x", o.DataDirectory);
        Assert.Equal(0, o.Port);
        Assert.Equal(IPAddress.Any, o.BindAddress);
        Assert.Equal(["est.lan"], o.ServerNames);
        Assert.Equal(TimeSpan.FromSeconds(90), o.Policy.CertificateLifetime);
        Assert.Equal(TimeSpan.FromHours(2), o.Policy.ReenrollGracePeriod);
        Assert.Equal(EstApprovalMode.ManualEnroll, o.Policy.Approval);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Policy.RetryAfter);
        Assert.True(o.Policy.AllowRekey);
        Assert.Equal(["lan"], o.Policy.DnsSuffixes);
        Assert.Equal(new EstLabelPolicy { CertificateLifetime = TimeSpan.FromDays(1), Approval = EstApprovalMode.Manual }, o.Labels["pilot"]);
        Assert.Equal([("dev1", "pa:ss")], parsed.Devices);
        Assert.False(o.PublishCsrAttributes);
        Assert.Equal(4096, o.MaxRequestBodyBytes);
        Assert.False(o.EnableAdminApi);
        Assert.Null(o.ConfigureLogging);
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--lifetime", "soon")]
    [InlineData("--approval", "maybe")]
    [InlineData("--device", "no-secret")]
    [InlineData("--label", "cacerts")]
    [InlineData("--frobnicate", "1")]
    public void Parse_BadInput_ThrowsArgumentException(string option, string value)
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Parse([option, value]));
    }

    [Fact]
    public void Parse_Help_ReturnsNull()
    {
        Assert.Null(CommandLine.Parse(["--help"]));
    }

    [Fact]
    public async Task Standalone_ServerProcess_ServesCaCertsToCurl_AndStopsOnSigterm()
    {
        string directory = EstTestServer.NewDataDirectory();
        string serverDll = Path.Combine(AppContext.BaseDirectory, "EstServer.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { serverDll, "--data", directory, "--port", "0", "--device", "dev1:standalone-secret", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        try
        {
            string? banner = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (banner is null)
            {
                string? line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("the server exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
                banner = line.StartsWith("EST server listening on ", StringComparison.Ordinal) ? line : null;
            }

            string port = ListeningPort().Match(banner).Groups[1].Value;
            Tool.Result curl = await Tool.RunAsync("curl", [
                "--silent", "--show-error", "--fail", "--cacert", Path.Combine(directory, Ca.CaStore.RootCertificateFile),
                $"https://127.0.0.1:{port}/.well-known/est/cacerts"]);
            Tool.Result devices = await Tool.RunAsync("curl", [
                "--silent", "--show-error", "--fail", "--cacert", Path.Combine(directory, Ca.CaStore.RootCertificateFile),
                $"https://localhost:{port}/admin/devices"]);
            (await Tool.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill -TERM");
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(curl.ExitCode == 0, curl.Error);
            Assert.NotEmpty(Convert.FromBase64String(curl.Output));
            Assert.Contains("\"dev1\"", devices.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("standalone-secret", devices.Output, StringComparison.Ordinal);
            Assert.Equal(0, process.ExitCode);
            Assert.True(File.Exists(Path.Combine(directory, Storage.EstDatabase.FileName)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            EstTestServer.DeleteDirectory(directory);
        }
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:(\d+)/")]
    private static partial Regex ListeningPort();
}
