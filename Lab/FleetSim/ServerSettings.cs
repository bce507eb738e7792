namespace Lab.FleetSim;

/// <summary>
/// The EST server's policy as the fleet simulation models it: the decisions of the Lab EST server
/// (Lab/EstServer/EstPolicy.cs, Est/DeviceAuthenticator.cs) with its defaults, plus a capacity model the Lab server
/// does not have (it never sheds load).
/// </summary>
internal sealed record ServerSettings
{
    /// <summary>How long after notAfter an expired certificate of a known, non-revoked device may re-enroll (EstPolicy default: 7 days).</summary>
    public TimeSpan ReenrollGrace { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Retry-After of a 202 (EstPolicy default: 60 s).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First enrollments wait for an operator (EstApprovalMode.ManualEnroll); default automatic, as the Lab server.</summary>
    public bool ManualEnrollApproval { get; init; }

    /// <summary>With <see cref="ManualEnrollApproval"/>: the operator approves a pending request this long after it first arrived.</summary>
    public TimeSpan ApprovalDelay { get; init; } = TimeSpan.FromHours(8);

    /// <summary>A certificate-authenticated re-enroll may carry a new key (EstPolicy.AllowRekey, default off; the rekey campaign turns it on).</summary>
    public bool AllowRekey { get; init; }

    /// <summary>Capacity model: requests served at once; one more gets 503 + Retry-After.</summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    /// <summary>Capacity model: how long the server works on one request (TLS handshake, CSR check, signing, logging).</summary>
    public TimeSpan ServiceTime { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retry-After sent with a 503 when over capacity (the device's engine backs off on its own instead).</summary>
    public TimeSpan OverloadRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
