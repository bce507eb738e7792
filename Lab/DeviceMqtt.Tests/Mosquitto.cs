using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Lab.EstServer.Ca;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// A real mosquitto (the Debian package) on a free port of 127.0.0.1, configured from the Lab EST server: its CA as
/// <c>cafile</c>, its TLS certificate and key, its CRL, <c>require_certificate</c>, <c>use_identity_as_username</c>
/// and the per-device ACL <c>pattern readwrite dev/%u/#</c>. One process per test, in the test's directory, stopped
/// (by its own process id) when disposed. Missing mosquitto fails the test with how to install it: CI installs it
/// through ./test.sh, and a silently skipped broker test would prove nothing.
/// </summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    /// <summary>The ACL: each identity (the certificate's CN, through use_identity_as_username) owns dev/&lt;CN&gt;/#.</summary>
    public const string Acl = "pattern readwrite dev/%u/#\n";

    private const int SigHup = 1;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly EstLab _lab;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private Mosquitto(EstLab lab, string directory, int port)
    {
        _lab = lab;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What mosquitto wrote so far (stderr: its log).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Whether the log shows <paramref name="text"/> within <paramref name="timeout"/> (mosquitto's stderr
    /// arrives a moment after what the client saw).</summary>
    public bool WaitForLog(string text, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>mosquitto's version line, e.g. "mosquitto version 2.0.11".</summary>
    public static string Version()
    {
        var start = new ProcessStartInfo(Executable(), "-h") { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim() ?? "mosquitto (version unknown)";
    }

    /// <summary>The mosquitto binary (it lives in /usr/sbin, which is not on every PATH).</summary>
    public static string Executable()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"]);
        return directories.Select(d => Path.Combine(d, "mosquitto")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "mosquitto is not installed, and these tests need a real one: install the Debian package (apt-get install mosquitto; " +
                "./test.sh does this in its prerequisites step) and run them again");
    }

    /// <summary>Writes the configuration and files for <paramref name="lab"/>'s CA and starts mosquitto; returns once it accepts TCP.</summary>
    public static async Task<Mosquitto> StartAsync(EstLab lab)
    {
        string executable = Executable();
        string directory = Path.Combine(lab.Directory, "mosquitto");
        Directory.CreateDirectory(directory);
        var broker = new Mosquitto(lab, directory, FreePort());
        string est = lab.Server.Options.DataDirectory;
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.pem"),
            lab.Server.RootCertificate.ExportCertificatePem() + "\n" + lab.Server.IssuingCertificate.ExportCertificatePem() + "\n");
        File.Copy(Path.Combine(est, CaStore.ServerCertificateFile), Path.Combine(directory, "server.pem"));
        File.Copy(Path.Combine(est, CaStore.ServerKeyFile), Path.Combine(directory, "server.key"));
        await File.WriteAllTextAsync(Path.Combine(directory, "acl"), Acl);
        await broker.WriteCrlAsync();
        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), broker.Configuration());
        try
        {
            await broker.StartProcessAsync(executable);
        }
        catch
        {
            await broker.DisposeAsync();   // a process that started but never listened must not outlive the test
            throw;
        }

        return broker;
    }

    /// <summary>The configuration: one TLS listener on 127.0.0.1, certificates required, identity from the certificate.</summary>
    public string Configuration() => $"""
        # generated by Lab/DeviceMqtt.Tests for one test
        user {Environment.UserName}
        persistence false
        allow_anonymous false
        acl_file {Path.Combine(_directory, "acl")}
        log_dest stderr
        log_type error
        log_type warning
        log_type notice
        log_type information
        connection_messages true

        listener {Port} 127.0.0.1
        cafile {Path.Combine(_directory, "ca.pem")}
        certfile {Path.Combine(_directory, "server.pem")}
        keyfile {Path.Combine(_directory, "server.key")}
        crlfile {Path.Combine(_directory, "crl.pem")}
        require_certificate true
        use_identity_as_username true

        """;

    /// <summary>Exports the EST server's CRL again and makes mosquitto read it: SIGHUP (it reloads its configuration and
    /// TLS files), then waits for the reload to be logged.</summary>
    public async Task ReloadCrlAsync()
    {
        await WriteCrlAsync();
        int reloads = Count("Reloading config");
        if (Kill(_process!.Id, SigHup) != 0)
        {
            throw new InvalidOperationException($"SIGHUP to mosquitto ({_process.Id}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var waited = Stopwatch.StartNew();
        while (Count("Reloading config") == reloads)
        {
            if (waited.Elapsed > StartLimit)
            {
                throw new TimeoutException("mosquitto did not log a reload after SIGHUP:\n" + Log);
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (_process)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process = null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private Task WriteCrlAsync() => File.WriteAllTextAsync(Path.Combine(_directory, "crl.pem"), _lab.Server.ExportCrlPem());

    private int Count(string text)
    {
        string log = Log;
        int count = 0;
        for (int at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task StartProcessAsync(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode} at start:\n{Log}\n--- configuration:\n{Configuration()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < StartLimit)
            {
                await Task.Delay(20);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
