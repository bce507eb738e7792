using DeviceAgent.Renewal;

namespace Lab.FleetSim;

/// <summary>
/// Everything a fleet run depends on: the fleet, its connectivity, the events of its ten years, the server and the
/// strategies' parameters. <see cref="Default"/> is the scenario of issue #6; tests change single values with
/// <c>with</c>. Days count from <see cref="Start"/>; an event past the end of the run does not happen.
/// </summary>
internal sealed record Scenario
{
    /// <summary>Devices in the fleet.</summary>
    public int Devices { get; init; } = 50_000;

    /// <summary>Simulated years (365 days each).</summary>
    public int Years { get; init; } = 10;

    /// <summary>Seed of every random draw (missed days, power cuts, windows' times of day, revoked devices, backoff).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Day 0, 00:00 UTC.</summary>
    public DateTime Start { get; init; } = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The firmware's build date: the lowest time a device ever believes (TrustedTime's start before any record).</summary>
    public DateTime FirmwareBuildDate { get; init; } = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Devices come online (first boot, bootstrap enrollment) spread over this many days; 1 = the whole fleet on day 0.</summary>
    public int RolloutDays { get; init; } = 1;

    /// <summary>Share of days on which a device's window does not happen (radio, gateway, battery).</summary>
    public double MissRate { get; init; } = 0.10;

    /// <summary>Share of devices with poor connectivity, which miss <see cref="PoorMissRate"/> of their days instead.</summary>
    public double PoorShare { get; init; }

    /// <summary>Miss rate of the poorly connected devices.</summary>
    public double PoorMissRate { get; init; } = 0.5;

    /// <summary>Power cuts per device-year: the device reboots, its clock restarts from the persisted time floor.</summary>
    public double PowerCutsPerYear { get; init; } = 1.0;

    /// <summary>Share of devices with no SNTP: after a power cut they learn the time only from an authenticated response.</summary>
    public double NoSntpShare { get; init; } = 0.10;

    /// <summary>Length of the daily connectivity window.</summary>
    public int WindowSeconds { get; init; } = 30;

    /// <summary>Window start times are spread uniformly over this many hours from 00:00 (24 = the whole day).</summary>
    public double WindowSpreadHours { get; init; } = 24;

    /// <summary>Device-side duration of preparing a CSR (key generation for a rekey, chip signature, DER): the engine's own estimate.</summary>
    public int CsrMs { get; init; } = RenewalEngine.DefaultCsrCostMs;

    /// <summary>Device-side duration of one EST request (radio, TLS 1.3 handshake with the chip signing, server): assumption.</summary>
    public int RequestMs { get; init; } = 4000;

    /// <summary>Device-side duration of one cloud connect (MQTT over mutual TLS), used to try a candidate: assumption.</summary>
    public int ConnectMs { get; init; } = 3000;

    /// <summary>The engine's budget estimate for a request or a connect (RenewalEngine.RequestCostMs).</summary>
    public int EngineRequestCostMs { get; init; } = RenewalEngine.DefaultRequestCostMs;

    /// <summary>The engine's budget estimate for a CSR (RenewalEngine.CsrCostMs).</summary>
    public int EngineCsrCostMs { get; init; } = RenewalEngine.DefaultCsrCostMs;

    /// <summary>Jitter band of the renewal policy, per mille of the lifetime (RenewalPolicy default 50 = ±2.5 %).</summary>
    public int JitterPerMille { get; init; } = 50;

    /// <summary>
    /// Renewal point of the 30-day strategy, per mille of the lifetime (the engine's default is 667: see README). At a
    /// quarter of the life a certificate keeps 22.5 days (22.1 at the late end of the jitter band): more than the
    /// 14-day outage plus a run of missed windows on either side of it and the hours until the next window.
    /// </summary>
    public int ShortLivedRenewAtPerMille { get; init; } = 250;

    /// <summary>Start of the urgent phase of the 30-day strategy, per mille (the engine's default is 900: see README).</summary>
    public int ShortLivedUrgentAtPerMille { get; init; } = 500;

    /// <summary>Renewal point of the 2-year certificates (strategies A and C): the engine's default.</summary>
    public int LongLivedRenewAtPerMille { get; init; } = 667;

    /// <summary>Validity of the long-lived certificates (A, and C's identity certificate).</summary>
    public TimeSpan LongLifetime { get; init; } = TimeSpan.FromDays(730);

    /// <summary>Validity of the short-lived certificates (B).</summary>
    public TimeSpan ShortLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often the relying party (the MQTT broker) fetches the CRL (A).</summary>
    public TimeSpan CrlRefresh { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Lifetime of the authorization token fetched at each connection (C).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>False: the token service is separate from EST and stays up during the EST outage.</summary>
    public bool TokenServiceSharesEstOutage { get; init; }

    /// <summary>First day of the EST outage (year 3), or -1 for none.</summary>
    public int OutageStartDay { get; init; } = 960;

    /// <summary>Length of the EST outage in days.</summary>
    public int OutageDays { get; init; } = 14;

    /// <summary>Day the cloud sends Rekey to every device (year 5), or -1 for none.</summary>
    public int RekeyDay { get; init; } = 1660;

    /// <summary>The certificates a rekey supersedes are revoked (the rekey answers a suspected key compromise).</summary>
    public bool RevokeSupersededOnRekey { get; init; } = true;

    /// <summary>Day of the root CA rollover (year 6), or -1 for none.</summary>
    public int RootRolloverDay { get; init; } = 1945;

    /// <summary>Days from the rollover until the old root is retired.</summary>
    public int RolloverRetireAfterDays { get; init; } = 180;

    /// <summary>Days on which a sample of devices is revoked.</summary>
    public IReadOnlyList<int> RevocationDays { get; init; } = [400, 1200, 2600];

    /// <summary>Devices revoked on each of <see cref="RevocationDays"/>.</summary>
    public int RevocationsPerDay { get; init; } = 100;

    /// <summary>The EST server.</summary>
    public ServerSettings Server { get; init; } = new();

    /// <summary>Consult the engine only when it is awake (the caller honours Sleep steps); false consults it at every window (slower, same result).</summary>
    public bool HonourSleep { get; init; } = true;

    /// <summary>Simulated days.</summary>
    public int Days => Years * 365;

    /// <summary>The scenario of issue #6 at <paramref name="devices"/> devices.</summary>
    public static Scenario Default(int devices) => new() { Devices = devices };

    /// <summary>Ticks of <paramref name="day"/> 00:00.</summary>
    public long DayStart(int day) => Start.Ticks + (day * TimeSpan.TicksPerDay);

    /// <summary>Whether <paramref name="day"/> is inside the run.</summary>
    public bool InRun(int day) => day >= 0 && day < Days;
}
