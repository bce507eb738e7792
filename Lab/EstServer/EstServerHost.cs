using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Admin;
using Lab.EstServer.Ca;
using Lab.EstServer.Est;
using Lab.EstServer.Faults;
using Lab.EstServer.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Lab.EstServer;

/// <summary>
/// The EST server on Kestrel: HTTPS with its own server certificate, EST under /.well-known/est/, the admin API
/// under /admin/. Start it in-process with <see cref="StartAsync"/> (tests, the virtual device) or from the
/// command line (Program.cs); stop it with <see cref="StopAsync"/> or by disposing it.
/// </summary>
public sealed class EstServerHost : IAsyncDisposable
{
    /// <summary>Names always in the server certificate: devices on the same machine reach it by these.</summary>
    public static readonly IReadOnlyList<string> LocalNames = ["127.0.0.1", "::1", "localhost"];

    /// <summary>How long a CRL from <see cref="ExportCrl"/> is valid (nextUpdate − thisUpdate) unless told otherwise.</summary>
    public static readonly TimeSpan DefaultCrlValidity = TimeSpan.FromDays(7);

    private readonly WebApplication _app;
    private readonly CertificateAuthority _ca;
    private readonly EstDatabase _database;
    private readonly ServerTlsCredential _tls;
    private readonly string _directory;
    private readonly string[] _serverNames;
    private readonly Lock _caLock = new();
    private EstPolicy _policy;
    private long _lastCrlNumber;
    private int _disposed;

    private EstServerHost(
        WebApplication app, EstServerOptions options, string directory, string[] serverNames, CertificateAuthority ca, EstDatabase database,
        ServerTlsCredential tls, DeviceRegistry devices, IssuanceLog issued, PendingRequests approvals, FaultInjector faults)
    {
        _app = app;
        Options = options;
        _directory = directory;
        _serverNames = serverNames;
        _ca = ca;
        _database = database;
        _tls = tls;
        _policy = options.Policy;
        Devices = devices;
        Issued = issued;
        Approvals = approvals;
        Faults = faults;
    }

    /// <summary>The options it was started with.</summary>
    public EstServerOptions Options { get; }

    /// <summary>The port it listens on (the chosen one when <see cref="EstServerOptions.Port"/> was 0).</summary>
    public int Port { get; private set; }

    /// <summary>https://&lt;bind address&gt;:&lt;port&gt;/ (127.0.0.1 when bound to any address).</summary>
    public Uri BaseAddress { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The current root CA certificate: the trust anchor for the server's TLS certificate and for issued
    /// certificates (after <see cref="RollOverRoot"/> the new root; the old one is in <see cref="Ca"/>.Rollover).</summary>
    public X509Certificate2 RootCertificate => _ca.Root;

    /// <summary>The current issuing CA certificate (signs new device certificates).</summary>
    public X509Certificate2 IssuingCertificate => _ca.Issuing;

    /// <summary>The whole CA state: previous issuing CA, root rollover in progress, what /cacerts publishes.</summary>
    public CaState Ca => _ca.Current;

    /// <summary>The TLS server certificate (carries its private key: do not hand it out).</summary>
    public X509Certificate2 ServerCertificate => _tls.Certificate;

    /// <summary>The certificates sent after <see cref="ServerCertificate"/> in the TLS handshake: during a root rollover the
    /// link to the other root (NewWithOld or OldWithNew), else none.</summary>
    public IReadOnlyList<X509Certificate2> ServerCertificateChain => _tls.Chain;

    /// <summary>
    /// Root CA rollover (RFC 7030 §4.1.3): a new root key and self-signed root (NewWithNew), the links NewWithOld and
    /// OldWithNew, and a new issuing CA under the new root; saved in the data directory. From now on /cacerts also
    /// carries the old root, both links and the previous issuing CA, and new certificates come from the new issuing
    /// CA. The TLS server certificate stays under the old root (sent with OldWithNew) unless
    /// <paramref name="reissueServerCertificate"/>, then it is re-issued under the new root (sent with NewWithOld).
    /// </summary>
    /// <exception cref="InvalidOperationException">A root rollover is already in progress: <see cref="RetireOldRoot"/> first.</exception>
    public void RollOverRoot(bool reissueServerCertificate = false)
    {
        lock (_caLock)
        {
            DateTimeOffset now = Options.TimeProvider.GetUtcNow();
            Commit(_ca.Current.WithNewRoot(now));
            RefreshServerCertificate(reissueServerCertificate, now);
        }
    }

    /// <summary>Issuing CA rollover: a new issuing CA under the same root, saved; the current one stays published (and
    /// accepted for re-enrollment) as the previous one. Devices need no new trust anchor.</summary>
    public void RollOverIssuingCa()
    {
        lock (_caLock)
        {
            DateTimeOffset now = Options.TimeProvider.GetUtcNow();
            Commit(_ca.Current.WithNewIssuingCa(now));
            RefreshServerCertificate(false, now);
        }
    }

    /// <summary>
    /// Ends a root rollover: the old root (OldWithOld), both links and a previous issuing CA under the old root leave
    /// /cacerts and the data directory; a TLS server certificate still under the old root is re-issued under the new one.
    /// Devices that never fetched /cacerts during the rollover can no longer connect.
    /// </summary>
    /// <exception cref="InvalidOperationException">No root rollover is in progress.</exception>
    public void RetireOldRoot()
    {
        lock (_caLock)
        {
            DateTimeOffset now = Options.TimeProvider.GetUtcNow();
            Commit(_ca.Current.WithoutOldRoot());
            RefreshServerCertificate(!_tls.IsIssuedBy(_ca.Root), now);
        }
    }

    /// <summary>
    /// A CRL signed by the current issuing CA (DER, RFC 5280 §5) listing every certificate that CA issued to a device
    /// that is now revoked, dated when the device was revoked. thisUpdate is the server clock's now, nextUpdate
    /// <paramref name="validity"/> later (default <see cref="DefaultCrlValidity"/>). For relying parties that check
    /// revocation themselves, e.g. mosquitto's <c>crlfile</c>: export again after each revocation. Certificates of a
    /// previous issuing CA are in no CRL (its key is gone). The CRL number is the issue time in Unix seconds, or one
    /// more than the last one when that is not larger, so it grows while the clock does.
    /// </summary>
    public byte[] ExportCrl(TimeSpan? validity = null)
    {
        TimeSpan lifetime = validity ?? DefaultCrlValidity;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(validity));
        CaState ca = _ca.Current;
        List<(byte[] SerialNumber, DateTimeOffset RevokedAt)> revoked = [];
        foreach (DeviceRecord device in Devices.List())
        {
            if (device.RevokedAt is not { } revokedAt)
            {
                continue;
            }

            foreach (IssuedCertificate issued in Issued.ForDevice(device.Id))
            {
                using X509Certificate2 certificate = issued.ToCertificate();
                if (certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.Issuing.SubjectName.RawData))
                {
                    revoked.Add((Convert.FromHexString(issued.SerialNumber), revokedAt));
                }
            }
        }

        DateTimeOffset now = Options.TimeProvider.GetUtcNow();
        long number;
        lock (_caLock)
        {
            _lastCrlNumber = number = Math.Max(_lastCrlNumber + 1, now.ToUnixTimeSeconds());
        }

        return _ca.IssueCrl(revoked, number, now, now + lifetime);
    }

    /// <summary><see cref="ExportCrl"/> as PEM ("X509 CRL"), the form mosquitto's and OpenSSL's <c>crlfile</c> read.</summary>
    public string ExportCrlPem(TimeSpan? validity = null) => PemEncoding.WriteString("X509 CRL", ExportCrl(validity));

    /// <summary>Registered devices and their bootstrap secrets.</summary>
    public DeviceRegistry Devices { get; }

    /// <summary>The issuance log.</summary>
    public IssuanceLog Issued { get; }

    /// <summary>Requests waiting for manual approval.</summary>
    public PendingRequests Approvals { get; }

    /// <summary>Faults to inject into the next responses.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The policy in force; assign a new one (e.g. <c>Policy with { AllowRekey = true }</c>) to change it. Not persisted.</summary>
    public EstPolicy Policy
    {
        get => Volatile.Read(ref _policy);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref _policy, value);
        }
    }

    /// <summary>The URL of an operation: https://host:port/.well-known/est[/label]/operation.</summary>
    public Uri EstUri(EstOperation operation, string? label = null) =>
        new(BaseAddress, $"{EstEndpoints.Prefix}/{(label is null ? string.Empty : label + "/")}{EstOperationNames.Of(operation)}");

    /// <summary>Opens the data directory (creating the CA on first use) and starts listening.</summary>
    public static async Task<EstServerHost> StartAsync(EstServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        options.Policy.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SecretHashIterations, 1);
        foreach (string label in options.Labels.Keys)
        {
            if (!IsValidLabel(label))
            {
                throw new ArgumentException($"'{label}' is not a usable EST label (one path segment of letters, digits, '.', '_', '-', at most 128 characters)", nameof(options));
            }
        }

        string directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        TimeProvider clock = options.TimeProvider;
        CertificateAuthority ca = CaStore.LoadOrCreate(directory, clock.GetUtcNow());
        var database = new EstDatabase(directory);
        string[] names = [.. LocalNames.Concat(options.ServerNames).Distinct(StringComparer.OrdinalIgnoreCase)];
        X509Certificate2 serverCertificate = CaStore.LoadOrIssueServerCertificate(directory, ca, names, clock.GetUtcNow());
        var tls = new ServerTlsCredential(serverCertificate, ca.Current);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = directory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.ConfigureHttpJsonOptions(o => AdminJson.Configure(o.SerializerOptions));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + 1L;
            kestrel.Listen(options.BindAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    // The served certificate and its chain can change while running (RollOverRoot, RetireOldRoot).
                    // No resumption: devices make one request per connection and never resume, and each stateless
                    // TLS 1.3 ticket (two after every handshake, carrying the client certificate) costs ~780 bytes
                    // on a link that is up for seconds a day. OpenSSL still sends two stateful tickets of 79 bytes
                    // (it ignores that the client offers no psk_key_exchange_modes); .NET has no setting for their
                    // number (BENCHMARKS.md, "EST: one re-enrollment on the wire").
                    OnAuthenticate = (_, ssl) =>
                    {
                        ssl.ServerCertificateContext = tls.Context;
                        ssl.AllowTlsResume = false;
                    },
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // Kestrel must not judge client certificates against the OS store: DeviceAuthenticator
                    // validates them against this server's CA, with the grace window, per request.
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                });
            });
        });

        WebApplication app = builder.Build();
        ILoggerFactory loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var devices = new DeviceRegistry(database, clock, options.SecretHashIterations);
        var issued = new IssuanceLog(database);
        var approvals = new PendingRequests(database, clock);
        var faults = new FaultInjector();
        var host = new EstServerHost(app, options, directory, names, ca, database, tls, devices, issued, approvals, faults);
        var authenticator = new DeviceAuthenticator(devices, issued, ca, clock);
        var service = new EstService(ca, database, authenticator, approvals, faults, options.PublishCsrAttributes, clock, loggers.CreateLogger("Lab.EstServer"));

        // Date from the server's clock, not Kestrel's: devices take the Date of an authenticated response as trusted
        // time (RFC 9110 §6.6.1), so with a simulated clock it must agree with the certificates' validity.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
        new EstEndpoints(service, faults, () => host.Policy, options.Labels, options.MaxRequestBodyBytes, loggers.CreateLogger("Lab.EstServer.Http")).Map(app);
        if (options.EnableAdminApi)
        {
            new AdminEndpoints(host, loggers.CreateLogger("Lab.EstServer.Admin")).Map(app);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Port = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
        IPAddress shown = options.BindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
            : options.BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : options.BindAddress;
        host.BaseAddress = new UriBuilder("https", shown.ToString(), host.Port).Uri;
        return host;
    }

    /// <summary>Completes when the host shuts down (Ctrl+C or SIGTERM for the command-line server, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening; open requests get a moment to finish.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // already stopping
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _database.Dispose();
        _tls.Dispose();
        _ca.Dispose();
    }

    /// <summary>Saves <paramref name="next"/>, then publishes it (a failed save publishes nothing).</summary>
    private void Commit(CaState next)
    {
        CaStore.Save(_directory, next);
        _ca.Replace(next);
    }

    private void RefreshServerCertificate(bool reissue, DateTimeOffset now)
    {
        X509Certificate2 certificate = reissue ? CaStore.IssueServerCertificate(_directory, _ca, _serverNames, now) : _tls.Certificate;
        _tls.Update(certificate, _ca.Current);
    }

    /// <summary>One path segment of letters, digits, '.', '_' and '-', at most 128 characters (libest's limit, facts/est.md §1.1).</summary>
    public static bool IsValidLabel(string label) =>
        !string.IsNullOrEmpty(label) && label.Length <= 128 && label is not ("." or "..") &&
        label.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && EstOperationNames.Parse(label) is null;
}
