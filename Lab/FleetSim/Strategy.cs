using DeviceAgent.Renewal;

namespace Lab.FleetSim;

/// <summary>
/// A credential strategy: how long certificates live, when the engine renews them, how a revocation takes effect and
/// what a device's daily cloud session costs besides the certificate. Stateless: what a run accumulates lives in
/// <see cref="FleetSimulation"/> and <see cref="FleetMetrics"/>.
/// </summary>
internal abstract class Strategy
{
    protected Strategy(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>Column key: A, B, C.</summary>
    public abstract string Key { get; }

    /// <summary>Name for tables and charts.</summary>
    public abstract string Name { get; }

    /// <summary>Validity of the certificates the EST server issues under this strategy.</summary>
    public abstract TimeSpan Lifetime { get; }

    /// <summary>One line on how revocation works here (tables and README).</summary>
    public abstract string RevocationModel { get; }

    /// <summary>Whether a CRL is part of the strategy (its size is reported).</summary>
    public virtual bool UsesCrl => false;

    /// <summary>Renewal point, per mille of the lifetime.</summary>
    protected abstract int RenewAtPerMille { get; }

    /// <summary>Start of the urgent phase, per mille of the lifetime.</summary>
    protected virtual int UrgentAtPerMille => new RenewalPolicy().UrgentAtPerMille;

    /// <summary>
    /// The renewal policy every device starts with: the engine's defaults, with this strategy's renewal point, the
    /// scenario's jitter and a grace period equal to the server's (RenewalPolicy.GraceSeconds says to match it).
    /// </summary>
    public RenewalPolicy Policy()
    {
        var policy = new RenewalPolicy
        {
            RenewAtPerMille = RenewAtPerMille,
            UrgentAtPerMille = UrgentAtPerMille,
            JitterPerMille = Scenario.JitterPerMille,
            GraceSeconds = (int)Scenario.Server.ReenrollGrace.TotalSeconds,
        };
        policy.Validate();
        return policy;
    }

    /// <summary>The time (ticks) from which a device revoked at <paramref name="revokedAt"/> can no longer connect.</summary>
    public abstract long ConnectCutoff(FleetDevice device, long revokedAt, FleetSimulation simulation);

    /// <summary>
    /// The device holds a valid certificate and opens its daily cloud session at <paramref name="now"/>: anything the
    /// strategy needs besides the certificate (a token, a CRL). False when the session cannot be opened.
    /// </summary>
    public virtual bool OpenSession(FleetDevice device, long now, FleetSimulation simulation) => true;

    /// <summary>The three strategies of issue #6, in table order.</summary>
    public static IReadOnlyList<Strategy> All(Scenario scenario) =>
        [new CrlStrategy(scenario), new ShortLivedStrategy(scenario), new TieredStrategy(scenario)];
}
