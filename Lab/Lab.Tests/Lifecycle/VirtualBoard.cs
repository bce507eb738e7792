using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace Lab.Tests.Lifecycle;

/// <summary>
/// The board as the crash sweep sees it: a provisioned simulated ATECC608 and flash that both survive power cuts,
/// and the portable runner rebuilt from them at every boot, as firmware would be. Time is virtual: the test moves
/// <see cref="Now"/>; uptime is the time since the last boot; SNTP is answered right after boot.
/// </summary>
internal sealed class VirtualBoard : IUptimeClock, IRandomSource, ICandidateCheck, IDisposable
{
    public const string DeviceId = "crash1";
    public const string Secret = "bootstrap-crash-1";
    public const int WindowMs = 30_000;

    private readonly Random _random = new(5);
    private long _bootTicks;

    public VirtualBoard(DateTime start, TimeSpan lifetime)
    {
        Now = start;
        Simulator = new SimulatedAtecc608(seed: 33);
        Chip = new Atecc608Driver.Atecc608(Simulator);
        ProvisioningResult identity = new Provisioner(Chip).Run();
        Assert.Equal(DeviceConfiguration.IdentityKeySlot, identity.KeySlot);
        Est = new InMemoryEst(() => Now, lifetime) { OnExchange = () => Now += TimeSpan.FromSeconds(1) };
        Runner = null!;
    }

    public SimulatedAtecc608 Simulator { get; }

    public Atecc608Driver.Atecc608 Chip { get; }

    public PowerCutBlobStore Flash { get; } = new();

    public InMemoryEst Est { get; }

    public DateTime Now { get; set; }

    public RenewalRunner Runner { get; private set; }

    public int Boots { get; private set; }

    public long UptimeMs => (Now.Ticks - _bootTicks) / TimeSpan.TicksPerMillisecond;

    public uint NextUInt32() => (uint)_random.NextInt64(0, 1L << 32);

    /// <summary>Power on: the chip asleep, the firmware's objects rebuilt from flash, the runner booted, SNTP answered.</summary>
    public RenewalReport Boot()
    {
        Simulator.PowerCycle();
        Boots++;
        _bootTicks = Now.Ticks;
        var records = new RecordStore(Flash);
        TrustAnchorStore anchors = AnchorRecord.Load(records, Est.Root.RawData, out long lastCheck, out _);
        var client = new DeviceAgent.Est.EstClient(Est, "est.lab.test", 443, anchors, new ChipSigner(Chip, DeviceConfiguration.IdentityKeySlot));
        uint jitter = RenewalSchedule.JitterUnit(Simulator.SerialNumber);
        var engine = new RenewalEngine(new RenewalPolicy(), jitter, DeviceConfiguration.IdentityKeySlot, DeviceConfiguration.FirstRekeySlot, DeviceConfiguration.LastRekeySlot);
        Runner = new RenewalRunner(engine, records, new ChipCsrSource(Chip, DeviceId), client, anchors, new EnrollmentSettings(DeviceId, Secret), this, this, this, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            LastCaCertsCheck = lastCheck,
        };
        RenewalReport report = Runner.Boot();
        Runner.Time.ObserveSntp(Now, UptimeMs);
        return report;
    }

    public WindowResult Window() => Runner.RunWindow(WindowMs);

    /// <summary>A broker's view of a connect: the candidate's key (in the chip) signs, the certificate's key verifies.</summary>
    public bool TryConnect(TlsClientCredential candidate)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(candidate.Chain[0]);
        byte[] digest = RandomNumberGenerator.GetBytes(32);
        using ECDsa key = certificate.GetECDsaPublicKey()!;
        return key.VerifyHash(digest, candidate.Signer.SignDigest(digest));
    }

    /// <summary>
    /// The device holds a usable identity: a current certificate, not expired at the trusted floor, whose public key
    /// is the one the chip computes for the slot the store names. Null when it holds none; throws when it is broken.
    /// </summary>
    public Certificate? UsableCertificate()
    {
        TlsClientCredential? credential = Runner.CurrentCredential();
        if (credential is null)
        {
            return null;
        }

        Certificate certificate = Certificate.Parse(credential.Chain[0]);
        StoredItem stored = Runner.Credentials.LoadCurrent();
        Assert.True(certificate.NotAfter > Runner.Time.Floor(UptimeMs), "current certificate expired");
        Assert.Equal(Chip.GetPublicKey(stored.KeySlot), certificate.PublicKey);
        return certificate;
    }

    /// <summary>Renewal has nothing left to do: a current certificate, no CSR, no candidate, not due, not stopped.</summary>
    public bool Settled()
    {
        RenewalState s = Runner.Engine.State;
        return s.CurrentPresent && !s.CandidatePresent && !s.CsrPrepared && !s.Rejected
            && Runner.Engine.Phase(Runner.Now()) == RenewalPhase.NotDue && s.Tier == CredentialTier.Operational;
    }

    /// <summary>Moves the clock to just past the engine's next planned attempt (its due date, with this device's jitter).</summary>
    public void AdvanceToDue()
    {
        long next = Runner.Status().NextAttempt;
        if (next > Now.Ticks)
        {
            Now = new DateTime(next, DateTimeKind.Utc) + TimeSpan.FromMinutes(1);
        }
    }

    public void Dispose()
    {
        Est.Dispose();
        Simulator.Dispose();
    }
}
