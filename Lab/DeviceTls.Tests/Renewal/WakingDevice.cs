using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace Lab.DeviceTls.Tests.Renewal;

/// <summary>
/// A board that wakes for each connectivity window, as an ESP32 out of deep sleep does: the firmware's objects are
/// rebuilt from flash (a simulated ATECC608 and in-memory blobs, both kept across wakes), SNTP answers with the test
/// clock, the runner prepares what it can outside the window and then uses the window over real TLS.
/// </summary>
internal sealed class WakingDevice : IUptimeClock, IRandomSource, IRenewalObserver, IDisposable
{
    public const string DeviceId = "sensor-7";
    public const string Secret = "bootstrap-sensor-7";
    public const int WindowMs = 30_000;

    private readonly Random _random = new(11);
    private readonly TimeProvider _clock;
    private readonly Func<int> _port;
    private readonly Func<byte[]> _anchor;
    private readonly ICandidateCheck _check;
    private long _bootTicks;

    public WakingDevice(TimeProvider clock, Func<int> port, Func<byte[]> anchor, ICandidateCheck check)
    {
        _clock = clock;
        _port = port;
        _anchor = anchor;
        _check = check;
        Simulator = new SimulatedAtecc608(seed: 41);
        Chip = new Atecc608Driver.Atecc608(Simulator);
        new Provisioner(Chip).Run();
        Runner = null!;
    }

    public SimulatedAtecc608 Simulator { get; }

    public Atecc608Driver.Atecc608 Chip { get; }

    public DictionaryBlobStore Flash { get; } = new();

    public RenewalRunner Runner { get; private set; }

    /// <summary>Every EST exchange: operation, tier, outcome, HTTP status.</summary>
    public List<(string Operation, CredentialTier Tier, EstOutcomeKind Kind, int Status)> Exchanges { get; } = [];

    public List<string> Messages { get; } = [];

    public DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public long UptimeMs => (Now.Ticks - _bootTicks) / TimeSpan.TicksPerMillisecond;

    /// <summary>The current certificate, or null.</summary>
    public Certificate? Current => Runner.CurrentCredential() is { } c ? Certificate.Parse(c.Chain[0]) : null;

    public uint NextUInt32() => (uint)_random.NextInt64(0, 1L << 32);

    /// <summary>Boots from flash and SNTP, prepares outside the window, then runs one window of <paramref name="budgetMs"/>.</summary>
    public WindowResult Wake(int budgetMs = WindowMs)
    {
        Simulator.PowerCycle();
        _bootTicks = Now.Ticks;
        var records = new RecordStore(Flash);
        TrustAnchorStore anchors = AnchorRecord.Load(records, _anchor(), out long lastCheck, out _);
        var connector = new DeviceTlsConnector { Clock = _clock };
        var client = new DeviceAgent.Est.EstClient(connector, "127.0.0.1", _port(), anchors, new ChipSigner(Chip, DeviceConfiguration.IdentityKeySlot));
        var engine = new RenewalEngine(new RenewalPolicy(), RenewalSchedule.JitterUnit(Simulator.SerialNumber),
            DeviceConfiguration.IdentityKeySlot, DeviceConfiguration.FirstRekeySlot, DeviceConfiguration.LastRekeySlot);
        Runner = new RenewalRunner(engine, records, new ChipCsrSource(Chip, DeviceId), client, anchors, new EnrollmentSettings(DeviceId, Secret), _check, this, this, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            LastCaCertsCheck = lastCheck,
            Observer = this,
        };
        Runner.Boot();
        Runner.Time.ObserveSntp(Now, UptimeMs);
        Runner.Idle();
        return Runner.RunWindow(budgetMs);
    }

    public void OnStep(RunnerEvent evt, RenewalStep step)
    {
    }

    public void OnExchange(string operation, CredentialTier tier, EstOutcome outcome)
    {
        Exchanges.Add((operation, tier, outcome.Kind, outcome.HttpStatus));
        Messages.Add(outcome.Message);
    }

    public void Dispose() => Simulator.Dispose();
}
