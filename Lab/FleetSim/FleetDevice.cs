using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace Lab.FleetSim;

/// <summary>
/// One device of the fleet: a real <see cref="RenewalEngine"/> and a real <see cref="TrustedTime"/>, driven the way
/// <see cref="RenewalRunner"/> drives them (the engine's README, "The caller's jobs") with the chip, flash, TLS and EST
/// replaced by counts and by the <see cref="ServerModel"/>. Every state record the engine asks to save is counted as a
/// flash write before its action is carried out, and kept as the bytes the device would boot from after a power cut.
/// </summary>
/// <remarks>
/// A window is a sequence of steps, each at its own virtual time: the simulation calls <see cref="DailyWake"/> at the
/// window's start and <see cref="Continue"/> at the time each step ends, so requests reach the server in time order.
/// </remarks>
internal sealed class FleetDevice
{
    /// <summary>A window makes at most this many engine calls (RenewalRunner's bound).</summary>
    private const int MaxStepsPerWindow = 8;

    /// <summary>Key slots of the product's chip layout: permanent identity key in 0, rekeys alternate in 1 and 2.</summary>
    private const int InitialSlot = 0;
    private const int RekeySlotA = 1;
    private const int RekeySlotB = 2;

    private readonly FleetSimulation _sim;
    private readonly Scenario _scenario;
    private readonly RenewalEngine _engine;
    private readonly bool _hasSntp;
    private readonly long _buildDate;
    private TrustedTime _time;
    private long _bootTicks;
    private bool _booted;
    private bool _timeKnown;   // _time.IsKnown, kept here so that a sleeping device's day touches only this object
    private bool _floorExact;  // an authenticated Date set the floor since boot: it now moves with the real time
    private byte[]? _savedRecord;
    private ulong _draws;

    // the caller's certificate records (CredentialStore): current and candidate
    private long _certNotBefore;
    private long _certNotAfter;
    private int _certSlot;
    private long _candNotBefore;
    private long _candNotAfter;
    private int _candSlot;
    private bool _candidateHeld;

    // trust anchors (AnchorRecord) and the runner's /cacerts schedule; _lastCaCheck is persisted with the anchors,
    // 0 until the first successful check
    private bool _trustsNewRoot;
    private bool _caCertsWanted;
    private long _lastCaCheck;

    // the window in progress
    private WindowStage _stage;
    private long _windowStart;
    private int _steps;
    private bool _windowSentRequest;   // an enrollment request went out in this window (WindowResult.Requests > 0)
    private bool _windowReadCaCerts;   // a /cacerts request went out in this window (WindowResult.CaCertsRequests > 0)

    // Sleep steps honoured: no engine call before these (device estimate, ticks); 0 = awake
    private long _windowWakeAt;
    private long _idleWakeAt;

    private bool _rekeyPending;
    private bool _commanded;
    private bool _everHeld;
    private long _serviceStart;

    public FleetDevice(FleetSimulation simulation, int index, RenewalPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _sim = simulation;
        _scenario = simulation.Scenario;
        Index = index;
        _engine = new RenewalEngine(policy, simulation.Profile.JitterUnits[index], InitialSlot, RekeySlotA, RekeySlotB)
        {
            RequestCostMs = _scenario.EngineRequestCostMs,
            CsrCostMs = _scenario.EngineCsrCostMs,
        };
        _hasSntp = simulation.Profile.HasSntp[index];
        _buildDate = _scenario.FirmwareBuildDate.Ticks;
        _time = new TrustedTime(_scenario.FirmwareBuildDate);
    }

    private enum WindowStage
    {
        Closed = 0,
        Opening = 1,
        Renewal = 2,
        PeriodicCaCerts = 3,
        Session = 4,
    }

    /// <summary>Index in the fleet.</summary>
    public int Index { get; }

    /// <summary>The engine (read-only use).</summary>
    public RenewalEngine Engine => _engine;

    /// <summary>Revoked by the operator.</summary>
    public bool Revoked { get; private set; }

    /// <summary>When revoked: the time from which it can no longer connect.</summary>
    public long Cutoff { get; private set; }

    /// <summary>Strategy C: expiry of the token it holds (ticks), 0 for none.</summary>
    public long TokenExpiry { get; set; }

    /// <summary>Whether it holds the new root after a rollover.</summary>
    public bool TrustsNewRoot => _trustsNewRoot;

    /// <summary>Whether it has booted (is in service).</summary>
    public bool InService => _booted;

    /// <summary>The later notAfter of the certificates it can present (current and candidate), ticks; 0 for none.</summary>
    public long LatestNotAfter => Math.Max(_everHeld ? _certNotAfter : 0, _candidateHeld ? _candNotAfter : 0);

    /// <summary>Start of the day's work at <paramref name="now"/>: boot or reboot, idle tick, then the window unless missed.</summary>
    /// <returns>When the window's next step is due (ticks), or -1 when nothing more happens today.</returns>
    public long DailyWake(long now, int day)
    {
        FleetProfile profile = _sim.Profile;
        if (!_booted)
        {
            _booted = true;
            _serviceStart = now;
            Boot(now);
        }
        else if (profile.PowerCut(Index, day))
        {
            _sim.Metrics.Reboots++;
            Boot(now);
        }

        Idle(now);
        if (profile.Missed(Index, day))
        {
            return -1;
        }

        _stage = WindowStage.Opening;
        _windowStart = now;
        return Continue(now);
    }

    /// <summary>The window's next step at <paramref name="now"/>.</summary>
    /// <returns>When the step after it is due (ticks), or -1 when the window is over.</returns>
    public long Continue(long now)
    {
        int left = (_scenario.WindowSeconds * 1000) - (int)((now - _windowStart) / TimeSpan.TicksPerMillisecond);
        if (_stage == WindowStage.Opening)
        {
            _stage = WindowStage.Renewal;
            _steps = 0;
            _windowSentRequest = false;
            _windowReadCaCerts = false;
            if (_hasSntp && !_timeKnown)
            {
                // SNTP answers every window; once the time is known an answer changes nothing (no clock drift here)
                _timeKnown = _time.ObserveSntp(new DateTime(now, DateTimeKind.Utc), Uptime(now));
            }

            // RenewalRunner.RunWindow: /cacerts before the engine's steps when it is needed now (never checked, or an
            // answer did not chain) or the time is unknown (a reboot without SNTP: its authenticated Date decides
            // whether renewal is due, instead of the engine renewing on the unknown time), if two requests fit
            if ((_caCertsWanted || _lastCaCheck == 0 || !_timeKnown) && left >= 2 * _engine.RequestCostMs)
            {
                CheckCaCerts(now);
                return now + (_scenario.RequestMs * TimeSpan.TicksPerMillisecond);
            }
        }

        if (_stage == WindowStage.Renewal)
        {
            long next = RenewalStep(now, left);
            if (next >= 0)
            {
                return next;
            }

            _stage = WindowStage.PeriodicCaCerts;
        }

        if (_stage == WindowStage.PeriodicCaCerts)
        {
            // RenewalRunner.RunWindow: the periodic check only after the engine's steps, in a window that sent no
            // request (enrollment or /cacerts), if one request fits in what is left
            _stage = WindowStage.Session;
            if (!_windowSentRequest && !_windowReadCaCerts && CaCertsDue(now) && left >= _engine.RequestCostMs)
            {
                CheckCaCerts(now);
                return now + (_scenario.RequestMs * TimeSpan.TicksPerMillisecond);
            }
        }

        if (_stage == WindowStage.Session)
        {
            Session(now);
            _stage = WindowStage.Closed;
        }

        return -1;
    }

    /// <summary>The operator revokes the device at <paramref name="now"/>.</summary>
    public void Revoke(long now)
    {
        if (_everHeld && _certNotAfter < now)
        {
            _sim.Metrics.Dark(Index, _certNotAfter, now);   // dark stretch before the revocation ends here
        }

        Revoked = true;
        Cutoff = _sim.Strategy.ConnectCutoff(this, now, _sim);
        _sim.Metrics.RevocationLatencies.Add(Cutoff - now);
        if (_everHeld && _certNotAfter > now)
        {
            _sim.Server.Revocations.Add(_certNotAfter);
        }

        if (_candidateHeld && _candNotAfter > now)
        {
            _sim.Server.Revocations.Add(_candNotAfter);
        }
    }

    /// <summary>The cloud queues a Rekey command, delivered at the device's next session.</summary>
    public void QueueRekey() => _rekeyPending = !Revoked;

    /// <summary>An authenticated answer carried a Date of <paramref name="now"/>.</summary>
    public void ObserveAuthenticatedTime(long now)
    {
        // without clock drift a second authenticated Date moves neither the floor nor the estimate
        if (!_floorExact)
        {
            _time.ObserveAuthenticatedTime(new DateTime(now, DateTimeKind.Utc), Uptime(now));
            _timeKnown = true;
            _floorExact = true;
        }
    }

    /// <summary>End of the run: open dark stretches and devices that never enrolled.</summary>
    public void Finish(long end)
    {
        if (!_booted)
        {
            return;
        }

        _sim.Metrics.DeviceYears += (end - _serviceStart) / (365.0 * TimeSpan.TicksPerDay);
        if (Revoked)
        {
            return;
        }

        if (!_everHeld)
        {
            _sim.Metrics.NeverEnrolled++;
            _sim.Metrics.Dark(Index, _serviceStart, end);
        }
        else if (_certNotAfter < end)
        {
            _sim.Metrics.Dark(Index, _certNotAfter, end);
        }
    }

    private void Boot(long now)
    {
        // RenewalRunner.Boot: the saved record and the certificate held; time restarts from the persisted floor
        RecordState loaded = _savedRecord == null ? RecordState.Absent : RecordState.Intact;
        RenewalStep step = _everHeld
            ? _engine.Boot(loaded, _savedRecord, _certNotBefore, _certNotAfter, _certSlot)
            : _engine.Boot(loaded, _savedRecord, 0, 0);
        Count();
        long floor = Math.Max(_engine.State.Floor, _buildDate);
        _time = new TrustedTime(new DateTime(floor, DateTimeKind.Utc));
        _timeKnown = false;
        _floorExact = false;
        _bootTicks = now;
        _windowWakeAt = 0;
        _idleWakeAt = 0;
        _stage = WindowStage.Closed;
        Save(step);
    }

    private void Idle(long now)
    {
        // the estimate never runs ahead of the real time here, so now < wake implies estimate < wake without reading the clock
        if (_scenario.HonourSleep && (now < _idleWakeAt || Now(now).Estimate < _idleWakeAt))
        {
            return;
        }

        RenewalStep step = _engine.IdleTick(Now(now));
        Count();
        Save(step);
        PrepareIfAsked(step, now);
    }

    private long RenewalStep(long now, int left)
    {
        while (_steps < MaxStepsPerWindow)
        {
            if (_scenario.HonourSleep && (now < _windowWakeAt || Now(now).Estimate < _windowWakeAt))
            {
                return -1;
            }

            TimeReading time = Now(now);

            _steps++;
            RenewalStep step = _engine.WindowOpened(time, left < 0 ? 0 : left);
            Count();
            Save(step);
            switch (step.Action)
            {
                case RenewalActionKind.PrepareCsr:
                    PrepareIfAsked(step, now);
                    return now + (_scenario.CsrMs * TimeSpan.TicksPerMillisecond);

                case RenewalActionKind.SendEstRequest:
                    Send(step, now);
                    return now + (_scenario.RequestMs * TimeSpan.TicksPerMillisecond);

                case RenewalActionKind.UseCandidate:
                    TryCandidate(now);
                    return now + (_scenario.ConnectMs * TimeSpan.TicksPerMillisecond);

                case RenewalActionKind.Sleep:
                    if (step.Report == RenewalReport.NotDue)
                    {
                        _windowWakeAt = step.UntilTicks;
                        _idleWakeAt = step.UntilTicks - ((long)RenewalEngine.CsrLeadSeconds * TimeSpan.TicksPerSecond);
                    }
                    else if (step.Report == RenewalReport.Waiting)
                    {
                        _windowWakeAt = step.UntilTicks;
                    }

                    return -1;

                default:
                    return -1;   // Nothing: the report says why (budget, stopped, window skipped)
            }
        }

        return -1;
    }

    private void PrepareIfAsked(RenewalStep step, long now)
    {
        if (step.Action != RenewalActionKind.PrepareCsr)
        {
            return;
        }

        // the chip generates a key in the slot for a rekey and signs the CSR; the CSR record is saved first
        _sim.Metrics.Flash(FlashRecords.Kind.Csr);
        RenewalStep prepared = _engine.CsrPrepared(Now(now), step.Kind, step.KeySlot);
        Count();
        Save(prepared);
    }

    private void Send(RenewalStep step, long now)
    {
        RenewalState state = _engine.State;
        bool birth = step.Tier == CredentialTier.Birth;
        bool newKey = state.CurrentPresent && step.KeySlot != state.CurrentKeySlot;
        var request = new EstRequest(
            Index,
            birth ? EstOperationKind.SimpleEnroll : EstOperationKind.SimpleReenroll,
            birth ? 0 : _certNotBefore,
            birth ? 0 : _certNotAfter,
            newKey,
            _trustsNewRoot);
        TimeReading before = Now(now);
        EstAnswer answer = _sim.Server.Handle(request, now);
        _windowSentRequest = true;
        _sim.Metrics.EstRequest(now, answer);
        if (_sim.Server.Down)
        {
            _sim.Metrics.OutageRequest(Index);
        }

        // EstClient checks the issued certificate against the time it was given before the answer came and the answer's
        // Date
        EstOutcomeKind kind = answer.Kind == EstOutcomeKind.Success ? CheckIssued(answer, before, now) : answer.Kind;
        if (answer.HasDate)
        {
            ObserveAuthenticatedTime(now);
        }

        if (kind != EstOutcomeKind.Success)
        {
            if (kind == EstOutcomeKind.CertificateUntrusted)
            {
                _sim.Metrics.DiscardedUntrusted++;
            }
            else if (kind == EstOutcomeKind.CertificateValidityInvalid)
            {
                _sim.Metrics.DiscardedNotYetValid++;
            }

            _caCertsWanted |= kind == EstOutcomeKind.CertificateUntrusted;
            RequestOutcome mapped = EstOutcomes.ToRequestOutcome(kind);
            Save(_engine.RequestResult(Now(now), mapped, answer.RetryAfterSeconds, 0, 0, answer.Status, Random()));
            Count();
            return;
        }

        _sim.Metrics.Flash(FlashRecords.Kind.Candidate);
        _candidateHeld = true;
        _candNotBefore = answer.NotBefore;
        _candNotAfter = answer.NotAfter;
        _candSlot = step.KeySlot;
        _time.ObserveCertificateNotBefore(new DateTime(answer.NotBefore, DateTimeKind.Utc), Uptime(now));
        _timeKnown = true;
        RenewalCause cause = !_everHeld ? RenewalCause.Enrollment
            : _commanded ? RenewalCause.Command
            : !before.Known ? RenewalCause.ClockLoss
            : RenewalCause.Scheduled;
        _sim.Metrics.Accepted(cause, now);
        if (birth && _everHeld)
        {
            _sim.Metrics.Rebootstraps++;
        }

        _commanded &= cause != RenewalCause.Command;   // the command's renewal is this one
        Save(_engine.RequestResult(Now(now), RequestOutcome.Issued, 0, answer.NotBefore, answer.NotAfter, 0, Random()));
        Count();
    }

    /// <summary>
    /// EstClient's checks of an issued certificate that the model can fail: chain to an anchor; not expired at the
    /// floor; not valid only after the latest of the floor, the estimate and the answer's Date (EstClient.Latest; the
    /// server's Date is <paramref name="now"/>) + the clock skew.
    /// </summary>
    private EstOutcomeKind CheckIssued(in EstAnswer answer, TimeReading time, long now)
    {
        if (answer.CaGeneration > 0 && !_trustsNewRoot)
        {
            return EstOutcomeKind.CertificateUntrusted;
        }

        long latest = Math.Max(time.Floor, time.Estimate);
        if (answer.HasDate && now > latest)
        {
            latest = now;
        }

        if (answer.NotAfter <= time.Floor || answer.NotBefore > latest + _sim.ClientClockSkewTicks)
        {
            return EstOutcomeKind.CertificateValidityInvalid;
        }

        return EstOutcomeKind.Success;
    }

    private void TryCandidate(long now)
    {
        bool worked = _candidateHeld && now >= _candNotBefore && now < _candNotAfter && !(Revoked && now >= Cutoff);
        RenewalStep step = _engine.CandidateUsed(Now(now), worked, Random());
        Count();
        Save(step);
        if (step.Action == RenewalActionKind.PromoteCandidate)
        {
            _sim.Metrics.Flash(FlashRecords.Kind.Current);
            _sim.Metrics.Promotions++;
            if (_everHeld && _certNotAfter < now && !Revoked)
            {
                _sim.Metrics.Dark(Index, _certNotAfter, now);
            }

            _everHeld = true;
            _certNotBefore = _candNotBefore;
            _certNotAfter = _candNotAfter;
            _certSlot = _candSlot;
        }

        // on DiscardCandidate the record stays (CredentialStore deletes nothing); either way the candidate is spent
        _candidateHeld = false;
    }

    private void Session(long now)
    {
        FleetMetrics metrics = _sim.Metrics;
        if (Revoked && now >= Cutoff)
        {
            metrics.SessionsRevoked++;
            return;
        }

        if (!_everHeld || now < _certNotBefore || now >= _certNotAfter)
        {
            metrics.SessionsWithoutCertificate++;
            return;
        }

        if (!_sim.Strategy.OpenSession(this, now, _sim))
        {
            metrics.SessionsRefused++;
            return;
        }

        metrics.Sessions++;
        if (_rekeyPending)
        {
            // the Rekey command arrives on the command topic; the new key and CSR are made after the window
            _rekeyPending = false;
            _commanded = true;
            RenewalStep step = _engine.Rekey(Now(now));
            Count();
            Save(step);
            PrepareIfAsked(step, now);
        }
    }

    private bool CaCertsDue(long now)
    {
        // RenewalRunner.CaCertsDue, without the anchor-expiry clause: the Lab root lives 25 years
        if (_caCertsWanted || _lastCaCheck == 0)
        {
            return true;
        }

        if (now - _lastCaCheck < RenewalRunner.CaCertsInterval.Ticks)
        {
            return false;   // exact shortcut: with the time known the estimate is now (to the millisecond), without it the answer is no
        }

        TimeReading time = Now(now);
        if (!time.Known)
        {
            return false;
        }

        long since = time.Estimate - _lastCaCheck;
        return since >= RenewalRunner.CaCertsInterval.Ticks || since < 0;
    }

    private void CheckCaCerts(long now)
    {
        // EstClient.CaCerts checks the CA certificates at the latest of the floor, the estimate and the answer's Date
        // (now): a CA made after the device's floor is never "not yet valid", so the model does not check validity
        EstAnswer answer = _sim.Server.Handle(new EstRequest(Index, EstOperationKind.CaCerts, 0, 0, false, _trustsNewRoot), now);
        _windowReadCaCerts = true;
        _sim.Metrics.CaCerts(answer);
        if (answer.Kind != EstOutcomeKind.Success)
        {
            return;
        }

        ObserveAuthenticatedTime(now);
        _caCertsWanted = false;
        _lastCaCheck = Now(now).Estimate;
        bool rollover = _sim.Server.RolloverInProgress;
        if (rollover && !_trustsNewRoot)
        {
            _trustsNewRoot = true;   // NewWithOld links the new root to the one we trust (TrustAnchorStore)
            _sim.NewRootAcquired(now);
        }

        // old and new root, the links' issuing CAs during a rollover; root and issuing CA otherwise
        _sim.Metrics.Flash(FlashRecords.Kind.Anchors, rollover ? 5 : 2);
    }

    private void Save(RenewalStep step)
    {
        if (step.StateRecord == null)
        {
            return;
        }

        _savedRecord = step.StateRecord;
        _sim.Metrics.Flash(FlashRecords.Kind.State);
        _windowWakeAt = 0;   // the state changed: the engine's last Sleep no longer stands
        _idleWakeAt = 0;
    }

    private TimeReading Now(long now) => TimeReading.From(_time, Uptime(now));

    private long Uptime(long now) => (now - _bootTicks) / TimeSpan.TicksPerMillisecond;

    private uint Random() => FleetRandom.UInt32(_scenario.Seed, FleetRandom.Stream.Engine, (ulong)Index, _draws++);

    private void Count() => _sim.Metrics.EngineCalls++;
}
