using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using Lab.EstServer;
using Lab.EstServer.Faults;
using Lab.EstServer.Storage;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Lab.DeviceTls.Tests.Renewal;

/// <summary>
/// Issue #6's integration run: the portable renewal engine and runner on a simulated ATECC608, the portable EST
/// client over the chip-signing TLS connector, and the Lab EST server over real loopback TLS, through a scripted
/// sequence of daily 30-second windows on a virtual clock: bootstrap, a window too short to start, scheduled renewal
/// on the chip-held key, a 202 approval answered with the same CSR, a 503 storm, an outage long enough for the
/// certificate to expire and the server's grace window to rescue it, and a revoked device falling back to its birth
/// credential and stopping until an operator reinstates it.
/// </summary>
public sealed class RenewalIntegrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private static readonly TimeSpan ServerGrace = TimeSpan.FromDays(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "renewal-integration-" + Guid.NewGuid().ToString("N"));
    private readonly MovableClock _clock = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
    private EstServerHost? _server;
    private int _port;

    private EstServerHost Server => _server ?? throw new InvalidOperationException("the server is down");

    public async Task InitializeAsync()
    {
        await StartServerAsync();
        Server.Devices.Register(WakingDevice.DeviceId, WakingDevice.Secret);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; a temp directory left behind is harmless
        }
    }

    [Fact]
    public async Task Device_KeepsAValidCertificate_ThroughWindowsOutagesApprovalsStormsAndRevocation()
    {
        byte[] root = Server.RootCertificate.RawData;
        using var probe = new MutualTlsProbe(() => Server, _clock);
        using var device = new WakingDevice(_clock, () => _port, () => root, probe);

        // 1. First wake: /cacerts, bootstrap /simpleenroll with the secret, the candidate proven by a mutual-TLS
        //    connect, promoted.
        WindowResult first = device.Wake();
        Assert.True(first.Promoted, "bootstrap: " + string.Join(", ", device.Exchanges) + " " + string.Join(" | ", device.Messages));
        Assert.Equal(AuthenticationMethods.Basic, LastIssued().Authentication);
        Assert.Equal(1, probe.Accepted);
        Certificate enrolled = device.Current!;

        // 2. Daily wakes: nothing is sent before the due date. On the due day a window too short for a request
        //    starts nothing; the next, full window renews on the chip-held key with the certificate alone.
        int exchanges = device.Exchanges.Count;
        Day(until: () => device.Runner.Status().NextAttempt <= _clock.GetUtcNow().AddDays(1).UtcTicks, maxDays: 40, device);
        Assert.Equal(exchanges, device.Exchanges.Count);
        DayUntilDue(device);
        WindowResult shortWindow = device.Wake(budgetMs: 10_000);
        Assert.Equal(RenewalReport.BudgetTooShort, shortWindow.Report);
        Assert.Equal(0, shortWindow.Requests);
        WindowResult renewal = device.Wake();
        Assert.True(renewal.Promoted, "scheduled renewal promoted");
        Assert.Equal(AuthenticationMethods.Certificate, LastIssued().Authentication);
        Assert.True(device.Current!.NotAfter > enrolled.NotAfter);
        Log("scheduled renewal", device);

        // 3. Manual approval: 202 + Retry-After, the same CSR again after the wait, issued once approved.
        Server.Policy = Server.Policy with { Approval = EstApprovalMode.Manual, RetryAfter = TimeSpan.FromHours(6) };
        DayUntilDue(device);
        WindowResult pending = device.Wake();
        Assert.Equal(EstOutcomeKind.RetryLater, pending.LastOutcome);
        PendingRequest waiting = Assert.Single(Server.Approvals.List(PendingStatus.Pending));
        Assert.True(Server.Approvals.Approve(waiting.Id));
        _clock.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));
        WindowResult approved = device.Wake();
        Assert.True(approved.Promoted, "approved renewal promoted");
        Assert.Equal(waiting.PublicKeySha256, LastIssued().PublicKeySha256);
        Assert.Equal(PendingStatus.Issued, Server.Approvals.Find(waiting.Id)!.Status);
        Server.Policy = Server.Policy with { Approval = EstApprovalMode.Automatic };
        Log("202 then 200", device);

        // 4. A 503 storm: the device backs off and renews once the server recovers, never without a valid certificate.
        Server.Faults.Inject(new EstFault(EstFaultKind.ServiceUnavailable) { Count = 5, RetryAfter = TimeSpan.FromHours(2) });
        DayUntilDue(device);
        int storm = device.Exchanges.Count;
        Day(until: () => LastIssued().NotBefore > _clock.GetUtcNow().AddDays(-1), maxDays: 20, device);
        Assert.Contains(device.Exchanges.Skip(storm), e => e.Kind == EstOutcomeKind.ServerError && e.Status == 503);
        Log("503 storm", device);

        // 5. The server is down for longer than the certificate has left: it expires, and the server's grace window
        //    lets the expired certificate authenticate the renewal once the server is back.
        Certificate beforeOutage = device.Current!;
        await StopServerAsync();
        while (_clock.GetUtcNow().UtcDateTime < beforeOutage.NotAfter + TimeSpan.FromDays(2))
        {
            _clock.Advance(TimeSpan.FromDays(1));
            device.Wake();
        }

        // Expiry is judged on the trusted floor, which only authenticated sources move (SNTP does not): cut off from
        // the server, the device cannot prove its certificate expired and keeps presenting it, in the urgent phase.
        Assert.True(device.Runner.Time.Estimate(device.UptimeMs) > beforeOutage.NotAfter);
        Assert.Equal(RenewalPhase.Urgent, device.Runner.Engine.Phase(device.Runner.Now()));
        Assert.Contains(device.Exchanges, e => e.Kind == EstOutcomeKind.TransportFailed);
        await StartServerAsync();
        _clock.Advance(TimeSpan.FromDays(1));
        WindowResult rescued = device.Wake();
        Assert.True(rescued.Promoted, "renewed in grace");
        Assert.Equal(AuthenticationMethods.CertificateInGrace, LastIssued().Authentication);
        Assert.Equal(("simplereenroll", EstOutcomeKind.Success), (device.Exchanges[^1].Operation, device.Exchanges[^1].Kind));
        Assert.True(device.Current!.NotAfter > _clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(20));
        Log("outage rescued by grace", device);

        // 6. Revoked: the certificate is refused, the device climbs to its birth credential, which the server also
        //    refuses; it stops (no retry loop) and keeps its certificate. Reinstated and told to re-bootstrap, it enrolls.
        Assert.True(Server.Devices.Revoke(WakingDevice.DeviceId));
        DayUntilDue(device);
        int revoked = device.Exchanges.Count;
        WindowResult refusedWindow = device.Wake();   // both tiers fit in one window
        var refused = device.Exchanges.Skip(revoked).ToList();
        Assert.Equal(2, refusedWindow.Requests);
        Assert.Equal(("simplereenroll", CredentialTier.Operational, EstOutcomeKind.AuthenticationFailed), (refused[0].Operation, refused[0].Tier, refused[0].Kind));
        Assert.Equal(("simpleenroll", CredentialTier.Birth, EstOutcomeKind.AuthenticationFailed), (refused[1].Operation, refused[1].Tier, refused[1].Kind));
        Assert.True(device.Runner.Status().Rejected);
        for (int day = 0; day < 3; day++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(0, device.Wake().Requests);   // stopped: no enrollment retried in a loop
        }

        Assert.NotNull(device.Current);
        Assert.True(Server.Devices.Reinstate(WakingDevice.DeviceId));
        device.Runner.Rebootstrap();
        WindowResult reenrolled = device.Wake();
        Assert.True(reenrolled.Promoted, "re-bootstrapped");
        Assert.Equal(AuthenticationMethods.Basic, LastIssued().Authentication);
        Log("revoked, reinstated, re-bootstrapped", device);
        output.WriteLine($"flash writes {device.Flash.Writes}, EST exchanges {device.Exchanges.Count}, probe connects {probe.Accepted} accepted / {probe.Refused} refused");
    }

    private void DayUntilDue(WakingDevice device) =>
        Day(until: () => device.Runner.Engine.Phase(device.Runner.Now()) != RenewalPhase.NotDue, maxDays: 40, device, wake: false);

    /// <summary>Daily wakes (or only the clock moving) until <paramref name="until"/> holds; the certificate must stay valid.</summary>
    private void Day(Func<bool> until, int maxDays, WakingDevice device, bool wake = true)
    {
        for (int day = 0; day < maxDays && !until(); day++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            if (wake)
            {
                device.Wake();
                Assert.True(device.Current!.NotAfter > _clock.GetUtcNow().UtcDateTime, "went dark on day " + day);
            }
        }

        Assert.True(until(), "condition not reached in " + maxDays + " days");
    }

    private IssuedCertificate LastIssued() => Server.Issued.ForDevice(WakingDevice.DeviceId)[^1];

    private void Log(string phase, WakingDevice device) =>
        output.WriteLine($"{_clock.GetUtcNow():yyyy-MM-dd} {phase}: current until {device.Current?.NotAfter:yyyy-MM-dd}, {device.Exchanges.Count} exchanges");

    private async Task StartServerAsync()
    {
        _server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = _directory,
            Port = _port,
            SecretHashIterations = 1_000,
            Policy = new EstPolicy { CertificateLifetime = Lifetime, ReenrollGracePeriod = ServerGrace, AllowRekey = true },
            TimeProvider = _clock,
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        _port = _server.Port;
    }

    private async Task StopServerAsync()
    {
        await Server.DisposeAsync();
        _server = null;
    }

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
