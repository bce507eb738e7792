using Atecc608Driver;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Cloud;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using Lab.DeviceMqtt;
using Lab.DeviceTls;

namespace Lab.VirtualDevice;

/// <summary>
/// One virtual device: the board's portable code (renewal engine, runner, EST client, PKI) with desktop adapters: a
/// simulated ATECC608 persisted to a file (or a real one on Linux I2C), flash in a directory, the chip-signing TLS
/// connector. Each <see cref="Wake"/> is a boot out of deep sleep: everything is rebuilt from chip and flash.
/// </summary>
internal sealed class DemoDevice : IUptimeClock, IRandomSource, IRenewalObserver, IDisposable
{
    private static readonly DateTime BuildDate = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly VirtualClock _clock;
    private readonly Random _random;
    private readonly string _chipFile;
    private readonly IAtecc608Transport _transport;
    private readonly SimulatedAtecc608? _simulator;
    private long _bootTicks;

    public DemoDevice(string id, string secret, string stateDirectory, VirtualClock clock, string? realChip, int seed)
    {
        Id = id;
        Secret = secret;
        _clock = clock;
        _random = new Random(seed);
        _chipFile = Path.Combine(stateDirectory, id + ".atecc608.json");
        Flash = new DirectoryBlobStore(Path.Combine(stateDirectory, id + ".flash"));
        if (realChip is not null)
        {
            _transport = Hardware.LinuxI2cTransport.Open(realChip);
        }
        else
        {
            _simulator = File.Exists(_chipFile) ? SimulatedAtecc608.Load(_chipFile) : new SimulatedAtecc608(seed);
            _transport = _simulator;
        }

        Chip = new Atecc608(_transport);
        Connector = new CountingConnector(new DeviceTlsConnector { Clock = clock });
        Runner = null!;
    }

    public string Id { get; }

    public string Secret { get; }

    public Atecc608 Chip { get; }

    public DirectoryBlobStore Flash { get; }

    public CountingConnector Connector { get; }

    public RenewalRunner Runner { get; private set; }

    public ProvisioningResult? Identity { get; private set; }

    /// <summary>Where events are reported (the live view).</summary>
    public Action<DemoDevice, string>? Report { get; set; }

    /// <summary>The candidate check (the cloud session), or null to promote without one.</summary>
    public ICandidateCheck? CandidateCheck { get; set; }

    public int Wakes { get; private set; }

    /// <summary>
    /// Behaves as a board on stock nanoFramework firmware: no chip key in TLS, so /simplereenroll with HTTP Basic and
    /// the MQTT login with a chip-signed token over server-authenticated TLS (the CSR and the token are still signed
    /// in the chip). Set before <see cref="UseBroker"/>.
    /// </summary>
    public bool StockFirmware { get; init; }

    /// <summary>The MQTT session, when the device has a broker.</summary>
    public CloudSession? Session { get; private set; }

    /// <summary>Wakes in which the MQTT session was up.</summary>
    public int OnlineWakes { get; private set; }

    private MqttNetPort? _mqtt;
    private IDelay? _delay;

    /// <summary>Gives the device a broker: each wake then runs the board's whole window (renewal, then the MQTT session).</summary>
    public void UseBroker(TlsEndpoint broker, IDelay delay)
    {
        _mqtt = new MqttNetPort(new DeviceTlsConnector { Clock = _clock });
        _delay = delay;
        Session = new CloudSession(_mqtt, broker, Id, "virtual-1.0", chipTokenLogin: StockFirmware);
        CandidateCheck = Session;
    }

    public int PowerCuts { get; set; }

    public long UptimeMs => (_clock.Now.Ticks - _bootTicks) / TimeSpan.TicksPerMillisecond;

    /// <summary>The current certificate, or null.</summary>
    public Certificate? Current => Runner?.CurrentCredential() is { } c ? Certificate.Parse(c.Chain[0]) : null;

    public uint NextUInt32() => (uint)_random.NextInt64(0, 1L << 32);

    /// <summary>First power-on: provisions the chip (idempotent; a blank chip gets its configuration and key).</summary>
    public ProvisioningResult Provision()
    {
        Identity = new Provisioner(Chip).Run();
        SaveChip();
        return Identity;
    }

    /// <summary>Boot from chip and flash, SNTP, then the runner's boot repairs; returns the runner.</summary>
    public RenewalRunner Boot(int estPort, byte[] estAnchor)
    {
        _simulator?.PowerCycle();
        Wakes++;
        _bootTicks = _clock.Now.Ticks;
        var records = new RecordStore(Flash);
        TrustAnchorStore anchors = AnchorRecord.Load(records, estAnchor, out long lastCheck, out _);
        var client = new DeviceAgent.Est.EstClient(Connector, "127.0.0.1", estPort, anchors, new ChipSigner(Chip, DeviceConfiguration.IdentityKeySlot));
        var engine = new RenewalEngine(new RenewalPolicy(), RenewalSchedule.JitterUnit(Chip.ReadSerialNumber()),
            DeviceConfiguration.IdentityKeySlot, DeviceConfiguration.FirstRekeySlot, DeviceConfiguration.LastRekeySlot);
        // a stock-firmware board cannot present the chip's key in TLS: it re-enrolls with HTTP Basic (docs/design/device-tls.md)
        var enrollment = new EnrollmentSettings(Id, Secret) { ReenrollSecret = StockFirmware ? Secret : null };
        Runner = new RenewalRunner(engine, records, new ChipCsrSource(Chip, Id), client, anchors, enrollment, CandidateCheck, this, this, BuildDate)
        {
            LastCaCertsCheck = lastCheck,
            Observer = this,
        };
        RenewalReport report = Runner.Boot();
        if (report is RenewalReport.StateRecovered or RenewalReport.StateCorrupt)
        {
            Report?.Invoke(this, "boot: state " + (report == RenewalReport.StateRecovered ? "recovered from its second copy" : "corrupt, enrolling again"));
        }

        Runner.Time.ObserveSntp(_clock.Now, UptimeMs);
        return Runner;
    }

    /// <summary>A wake: boot, CSR work outside the window, one window. A power cut ends the wake early.</summary>
    public WindowResult? Wake(int estPort, byte[] estAnchor, int windowMs)
    {
        try
        {
            Boot(estPort, estAnchor);
            if (Session is null)
            {
                Runner.Idle();
                return Runner.RunWindow(windowMs);
            }

            // the board's wake: renewal first, then status, telemetry and commands until quiet (ConnectivityWindow)
            Session.Runner = Runner;
            var window = new ConnectivityWindow(Runner, Session, this, this, _delay!) { RenewalBudgetMs = windowMs, ListenMs = 1000 };
            window.Run(GC.GetTotalMemory(false));
            if (window.WasOnline && OnlineWakes++ == 0)
            {
                Report?.Invoke(this, "MQTT session up (" + (StockFirmware ? "chip-signed token over server-authenticated TLS" : "mutual TLS, the chip signs") +
                    "): status retained, telemetry sent, commands subscribed");
            }

            return window.Renewal;
        }
        catch (SimulatedPowerLossException)
        {
            _mqtt?.Disconnect();
            PowerCuts++;
            Report?.Invoke(this, "[red]power cut[/]; rebooted");
            Boot(estPort, estAnchor);
            return null;
        }
        finally
        {
            SaveChip();
        }
    }

    public void OnStep(RunnerEvent evt, RenewalStep step)
    {
        string? text = step.Report switch
        {
            RenewalReport.Promoted => "new certificate tried and promoted",
            RenewalReport.TierClimbed => "credential refused: climbing to " + Runner.Engine.State.Tier,
            RenewalReport.AllTiersFailed => "[red]every credential refused[/]: stopped until a command",
            RenewalReport.CandidateFailed => "[yellow]new certificate failed its trial[/]: kept the old",
            RenewalReport.PolicyApplied => "policy applied",
            RenewalReport.PolicyRejected => "[yellow]policy rejected[/]",
            _ => null,
        };
        if (step.Action == RenewalActionKind.PrepareCsr)
        {
            string kind = step.Kind == EnrollmentKind.Enroll ? "enrollment" : step.Kind == EnrollmentKind.Rekey ? "rekey" : "renewal";
            text = $"{kind} CSR signed in the chip (key slot {step.KeySlot})";
        }

        if (text is not null)
        {
            Report?.Invoke(this, text);
        }
    }

    public void OnExchange(string operation, CredentialTier tier, EstOutcome outcome)
    {
        string colour = outcome.Kind == EstOutcomeKind.Success ? "green" : outcome.IsTransient ? "yellow" : "red";
        string what = outcome.Kind switch
        {
            EstOutcomeKind.Success when operation == "cacerts" => "CA certificates checked",
            EstOutcomeKind.Success => "certificate issued",
            EstOutcomeKind.RetryLater => $"202, retry after {outcome.RetryAfterSeconds / 3600.0:0.#} h",
            _ => outcome.Kind + (outcome.HttpStatus > 0 ? " " + outcome.HttpStatus : string.Empty),
        };
        Report?.Invoke(this, $"/{operation} ({tier}): [{colour}]{Spectre.Console.Markup.Escape(what)}[/]");
    }

    public void Dispose()
    {
        _mqtt?.Dispose();
        SaveChip();
        (_transport as IDisposable)?.Dispose();
    }

    private void SaveChip() => _simulator?.Save(_chipFile);
}
