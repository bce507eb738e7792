using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lab.EstServer.Est;
using Microsoft.Extensions.Logging;

namespace Lab.EstServer.Tests;

/// <summary>
/// An <see cref="EstServerHost"/> on 127.0.0.1 with a free port and a fresh data directory (deleted afterwards),
/// a movable clock, captured logs, and HTTPS clients that trust only the server's own root.
/// </summary>
internal sealed class EstTestServer : IAsyncDisposable
{
    public const string DeviceId = "dev1";
    public const string Secret = "bootstrap-secret-1";

    private readonly bool _ownsDirectory;

    private EstTestServer(EstServerHost host, string dataDirectory, bool ownsDirectory, ShiftedClock clock, CapturedLogs logs)
    {
        Host = host;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Clock = clock;
        Logs = logs;
    }

    public EstServerHost Host { get; }

    public string DataDirectory { get; }

    public ShiftedClock Clock { get; }

    public CapturedLogs Logs { get; }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "est-server-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Starts a server with <see cref="DeviceId"/> registered under <see cref="Secret"/>.</summary>
    public static async Task<EstTestServer> StartAsync(
        EstPolicy? policy = null, IReadOnlyDictionary<string, EstLabelPolicy>? labels = null, bool publishCsrAttributes = true,
        string? dataDirectory = null, ShiftedClock? clock = null, bool registerDevice = true)
    {
        string directory = dataDirectory ?? NewDataDirectory();
        clock ??= new ShiftedClock();
        var logs = new CapturedLogs();
        EstServerHost host = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = directory,
            Port = 0,
            Policy = policy ?? new EstPolicy(),
            Labels = labels ?? new Dictionary<string, EstLabelPolicy>(),
            PublishCsrAttributes = publishCsrAttributes,
            TimeProvider = clock,
            SecretHashIterations = 1_000,
            ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace),
        });
        if (registerDevice)
        {
            host.Devices.Register(DeviceId, Secret);
        }

        return new EstTestServer(host, directory, dataDirectory is null, clock, logs);
    }

    public Uri Uri(EstOperation operation, string? label = null) => Host.EstUri(operation, label);

    /// <summary>
    /// An HTTPS client that trusts only this server's current root (or <paramref name="trustAnchor"/>), using the chain
    /// the server sends (a rollover link), optionally presenting a client certificate.
    /// </summary>
    public HttpClient CreateClient(X509Certificate2? clientCertificate = null, X509Certificate2? trustAnchor = null)
    {
        X509Certificate2 root = trustAnchor ?? Host.RootCertificate;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, sent, errors) => ValidateServer(certificate, sent, errors, root),
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>POSTs a CSR the way a device does (base64 64-column CRLF lines, Content-Transfer-Encoding header).</summary>
    public static async Task<HttpResponseMessage> PostCsrAsync(
        HttpClient client, Uri uri, byte[] csrDer, string? user = DeviceId, string? secret = Secret, string contentType = "application/pkcs10",
        bool lineBreaks = true)
    {
        string body = lineBreaks ? Wrap(Convert.ToBase64String(csrDer)) : Convert.ToBase64String(csrDer);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (lineBreaks)
        {
            request.Content.Headers.Add("Content-Transfer-Encoding", "base64");
        }

        if (user is not null && secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        }

        return await client.SendAsync(request);
    }

    /// <summary>The certificates of a certs-only PKCS#7 response body (base64 of DER), decoded with .NET's SignedCms.</summary>
    public static async Task<X509Certificate2Collection> ReadCertificatesAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(Convert.FromBase64String(body));
        Assert.Empty(cms.SignerInfos);
        return cms.Certificates;
    }

    /// <summary>Enrolls <paramref name="device"/> with its bootstrap secret and returns the certificate with the device's key.</summary>
    public async Task<X509Certificate2> EnrollAsync(TestDevice device, string? secret = Secret)
    {
        using HttpClient client = CreateClient();
        using HttpResponseMessage response = await PostCsrAsync(client, Uri(EstOperation.SimpleEnroll), device.CreateCsr(), device.Id, secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        X509Certificate2Collection certificates = await ReadCertificatesAsync(response);
        return device.WithKey(Assert.Single(certificates));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_ownsDirectory)
        {
            DeleteDirectory(DataDirectory);
        }
    }

    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory left behind is harmless
        }
    }

    public static string Wrap(string base64)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < base64.Length; i += 64)
        {
            builder.Append(base64, i, Math.Min(64, base64.Length - i)).Append("\r\n");
        }

        return builder.ToString();
    }

    private static bool ValidateServer(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors, X509Certificate2 root)
    {
        if (certificate is null || (errors & ~(SslPolicyErrors.RemoteCertificateChainErrors)) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
