using DeviceAgent.Est;

namespace Lab.FleetSim;

/// <summary>
/// The Lab EST server's decisions without HTTP, crypto or SQLite (README.md lists what it mirrors): an outage is a
/// transport failure; over capacity is 503 + Retry-After; /simpleenroll takes HTTP Basic and refuses a revoked device
/// (403), or answers 202 + Retry-After while waiting for approval; /simplereenroll takes the client certificate while
/// valid and for the grace window after its notAfter (401 beyond), refuses a revoked device (403) and a new key unless
/// rekey is allowed (403); an issued certificate is valid from now (whole seconds) for the strategy's lifetime. Root
/// rollover: certificates come from the new issuing CA; /cacerts carries the link certificates until the old root is
/// retired, after which the TLS certificate is under the new root only.
/// </summary>
internal sealed class ServerModel
{
    private readonly long _lifetimeTicks;
    private readonly bool[] _revoked;
    private readonly long[] _pendingSince;
    private readonly long[] _lastIssuedNotAfter;

    public ServerModel(ServerSettings settings, int devices, TimeSpan certificateLifetime)
    {
        Settings = settings;
        _lifetimeTicks = certificateLifetime.Ticks;
        _revoked = new bool[devices];
        _pendingSince = new long[devices];
        _lastIssuedNotAfter = new long[devices];
        Capacity = new CapacityModel(settings.MaxConcurrentRequests, settings.ServiceTime);
    }

    /// <summary>The policy in force (replace it to change it, as the Lab server's admin API does).</summary>
    public ServerSettings Settings { get; set; }

    /// <summary>The capacity model (peak in flight, refusals).</summary>
    public CapacityModel Capacity { get; }

    /// <summary>True while the server cannot be reached.</summary>
    public bool Down { get; set; }

    /// <summary>Generation of the issuing CA: 0, then 1 after the root rollover.</summary>
    public int CaGeneration { get; private set; }

    /// <summary>Between the root rollover and the retirement of the old root.</summary>
    public bool RolloverInProgress { get; private set; }

    /// <summary>After the old root was retired: the TLS certificate chains only to the new root.</summary>
    public bool OldRootRetired { get; private set; }

    /// <summary>Certificates revoked while still valid (the CA's revocation list), by notAfter.</summary>
    public RevocationList Revocations { get; } = new();

    /// <summary>Called when a certificate is issued with a new key that supersedes one still valid (ticks of its notAfter).</summary>
    public Action<int, long>? Superseded { get; set; }

    /// <summary>Revokes a device in the registry: no enrollment, no renewal, its certificates refused.</summary>
    public void Revoke(int device) => _revoked[device] = true;

    /// <summary>Whether a device is revoked.</summary>
    public bool IsRevoked(int device) => _revoked[device];

    /// <summary>Root rollover: new root and issuing CA; /cacerts carries both roots and the links.</summary>
    public void RollOverRoot()
    {
        CaGeneration++;
        RolloverInProgress = true;
    }

    /// <summary>Retire the old root: links leave /cacerts, the TLS certificate moves under the new root.</summary>
    public void RetireOldRoot()
    {
        RolloverInProgress = false;
        OldRootRetired = true;
    }

    /// <summary>Answers <paramref name="request"/> arriving at <paramref name="now"/> (ticks).</summary>
    public EstAnswer Handle(in EstRequest request, long now)
    {
        bool cacerts = request.Operation == EstOperationKind.CaCerts;
        bool reenroll = request.Operation == EstOperationKind.SimpleReenroll;
        int full = cacerts ? (RolloverInProgress ? WireCosts.CaCertsDuringRollover : WireCosts.CaCerts) : (reenroll ? WireCosts.Reenroll : WireCosts.Enroll);
        int refused = cacerts ? full - WireCosts.ResponseBodySaved : (reenroll ? WireCosts.ReenrollRefused : WireCosts.EnrollRefused);
        if (Down || (OldRootRetired && !request.TrustsNewRoot))
        {
            // unreachable, or the server's TLS certificate no longer chains to an anchor the device holds
            return new EstAnswer(EstOutcomeKind.TransportFailed, 0, 0, 0, 0, 0, false, WireCosts.TransportFailure);
        }

        if (!Capacity.TryAdmit(now))
        {
            return new EstAnswer(EstOutcomeKind.ServerError, 503, Seconds(Settings.OverloadRetryAfter), 0, 0, 0, true, refused);
        }

        if (cacerts)
        {
            // during a rollover the answer links the new root to the old one; after it, only a device that already
            // holds the new root can verify it
            bool verifiable = RolloverInProgress || !OldRootRetired || request.TrustsNewRoot;
            return new EstAnswer(verifiable ? EstOutcomeKind.Success : EstOutcomeKind.CertificateUntrusted, 200, 0, 0, 0, CaGeneration, true, full);
        }

        int device = request.Device;
        if (reenroll)
        {
            if (now < request.PresentedNotBefore || now > request.PresentedNotAfter + Settings.ReenrollGrace.Ticks)
            {
                return Refusal(401, refused);   // not yet valid, or expired beyond the grace window
            }

            if (_revoked[device] || (request.NewKey && !Settings.AllowRekey))
            {
                return Refusal(403, refused);
            }
        }
        else
        {
            if (_revoked[device])
            {
                return Refusal(403, refused);
            }

            if (Settings.ManualEnrollApproval)
            {
                if (_pendingSince[device] == 0)
                {
                    _pendingSince[device] = now;
                }

                if (now < _pendingSince[device] + Settings.ApprovalDelay.Ticks)
                {
                    return new EstAnswer(EstOutcomeKind.RetryLater, 202, Seconds(Settings.RetryAfter), 0, 0, 0, true, refused);
                }

                _pendingSince[device] = 0;
            }
        }

        long notBefore = now - (now % TimeSpan.TicksPerSecond);
        long notAfter = notBefore + _lifetimeTicks;
        if (request.NewKey && _lastIssuedNotAfter[device] > now)
        {
            Superseded?.Invoke(device, _lastIssuedNotAfter[device]);
        }

        _lastIssuedNotAfter[device] = notAfter;
        return new EstAnswer(EstOutcomeKind.Success, 200, 0, notBefore, notAfter, CaGeneration, true, full);
    }

    private static EstAnswer Refusal(int status, int bytes)
    {
        return new EstAnswer(EstOutcomeKind.AuthenticationFailed, status, 0, 0, 0, 0, true, bytes);
    }

    private static int Seconds(TimeSpan span) => (int)span.TotalSeconds;
}
