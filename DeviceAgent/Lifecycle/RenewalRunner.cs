using System;
using Atecc608Driver;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// Carries out the <see cref="RenewalEngine"/>'s steps with real parts: the state and certificates in a
    /// <see cref="RecordStore"/>, CSRs signed in the chip (<see cref="ICsrSource"/>), requests through the
    /// <see cref="EstClient"/>, candidates tried through <see cref="ICandidateCheck"/>. The same class runs on the board,
    /// in the virtual device and in the Lab's crash and integration tests; only the ports differ.
    /// </summary>
    /// <remarks>
    /// <para>Order of writes, which is what makes a power cut at any point harmless: every step's state record is
    /// saved before its action (the engine's contract); a CSR and a candidate are saved before the state that
    /// refers to them; a promotion is saved in the state first and the certificate record is rolled forward at
    /// the next boot if the cut came in between (<see cref="Boot"/>). A record the state does not refer to is ignored.</para>
    /// <para>Not thread-safe; one window at a time, as the board has heap for one TLS session.</para>
    /// </remarks>
    public sealed class RenewalRunner
    {
        /// <summary>How often the CA certificates are re-read from /cacerts (RFC 7030 §4.1.1 leaves it to the client): 30 days.</summary>
        public static readonly TimeSpan CaCertsInterval = TimeSpan.FromDays(30);

        /// <summary>An anchor this close to its notAfter makes the check daily, so a root rollover is found in time.</summary>
        public static readonly TimeSpan AnchorExpiryWarning = TimeSpan.FromDays(365);

        // A window makes at most this many engine calls: CSR, request, candidate, and the answers; a bound, not a budget.
        private const int MaxStepsPerWindow = 8;

        private readonly RenewalEngine _engine;
        private readonly RecordStore _records;
        private readonly CredentialStore _credentials;
        private readonly ICsrSource _keys;
        private readonly EstClient _est;
        private readonly TrustAnchorStore _anchors;
        private readonly EnrollmentSettings _settings;
        private readonly ICandidateCheck _check;
        private readonly IUptimeClock _uptime;
        private readonly IRandomSource _random;
        private readonly DateTime _buildDate;
        private long _lastCaCheck;
        private bool _caCertsWanted;

        /// <summary>
        /// A runner over its ports. <paramref name="anchors"/> must be the store <paramref name="est"/> was built on
        /// (see <see cref="AnchorRecord.Load"/>). <paramref name="check"/> may be null: a candidate is then promoted
        /// without a trial connect (for a device with no cloud session). <paramref name="buildDate"/> is the lowest
        /// time the device will ever believe (the firmware's build date).
        /// </summary>
        public RenewalRunner(RenewalEngine engine, RecordStore records, ICsrSource keys, EstClient est, TrustAnchorStore anchors, EnrollmentSettings settings, ICandidateCheck check, IUptimeClock uptime, IRandomSource random, DateTime buildDate)
        {
            if (engine == null || records == null || keys == null || est == null || anchors == null || settings == null || uptime == null || random == null)
            {
                throw new ArgumentNullException(engine == null ? nameof(engine) : records == null ? nameof(records) : keys == null ? nameof(keys) : est == null ? nameof(est) : anchors == null ? nameof(anchors) : settings == null ? nameof(settings) : uptime == null ? nameof(uptime) : nameof(random));
            }

            _engine = engine;
            _records = records;
            _credentials = new CredentialStore(records);
            _keys = keys;
            _est = est;
            _anchors = anchors;
            _settings = settings;
            _check = check;
            _uptime = uptime;
            _random = random;
            _buildDate = buildDate;
            Time = new TrustedTime(buildDate);
        }

        /// <summary>The device's trusted time (created at <see cref="Boot"/>; feed SNTP answers to it).</summary>
        public TrustedTime Time { get; private set; }

        /// <summary>The engine (read its state and status; change it only through this runner).</summary>
        public RenewalEngine Engine
        {
            get { return _engine; }
        }

        /// <summary>The certificates and CSR records.</summary>
        public CredentialStore Credentials
        {
            get { return _credentials; }
        }

        /// <summary>Optional observer of steps and exchanges.</summary>
        public IRenewalObserver Observer { get; set; }

        /// <summary>Records written by this runner since it was created (state, certificates, CSR, anchors).</summary>
        public int RecordWrites { get; private set; }

        /// <summary>The time of the last /cacerts check (ticks, estimate), as persisted with the anchors.</summary>
        public long LastCaCertsCheck
        {
            get { return _lastCaCheck; }
            set { _lastCaCheck = value; }
        }

        /// <summary>
        /// Loads the state, starts the trusted time from its floor, and repairs what a power cut or flash damage left:
        /// a promotion saved in the state but not yet in the certificate record is completed; a candidate or CSR the
        /// state refers to but flash lost is redone; a lost current certificate re-enrolls with the birth credential.
        /// </summary>
        /// <returns>The boot report (absent, corrupt or recovered state is worth telling the cloud).</returns>
        public RenewalReport Boot()
        {
            RecordLoad load = _records.Load(RenewalEngine.RecordName);
            StoredItem current = _credentials.LoadCurrent();
            Certificate held = Parse(current);
            RenewalStep boot = held == null
                ? _engine.Boot(load.State, load.Payload, 0, 0)
                : _engine.Boot(load.State, load.Payload, held.NotBefore.Ticks, held.NotAfter.Ticks, current.KeySlot);
            DateTime floor = new DateTime(_engine.State.Floor > _buildDate.Ticks ? _engine.State.Floor : _buildDate.Ticks);
            Time = new TrustedTime(floor);
            Apply(RunnerEvent.Boot, boot);

            RenewalState state = _engine.State;
            if (state.LastOutcome == RequestOutcome.InFlight)
            {
                Apply(RunnerEvent.Repair, _engine.WindowClosing(Now()));   // the power failed before the answer was heard
            }

            if (state.CurrentPresent && !Matches(held, current, state.CurrentNotBefore, state.CurrentNotAfter, state.CurrentKeySlot))
            {
                StoredItem candidate = _credentials.LoadCandidate();
                if (Matches(Parse(candidate), candidate, state.CurrentNotBefore, state.CurrentNotAfter, state.CurrentKeySlot))
                {
                    _credentials.SaveCurrent(candidate.KeySlot, candidate.Der);   // the cut came between promote and copy
                    RecordWrites++;
                }
                else
                {
                    Repair(_engine.CertificateLost(Now()));
                }
            }

            if (state.CandidatePresent)
            {
                StoredItem candidate = _credentials.LoadCandidate();
                if (!Matches(Parse(candidate), candidate, state.CandidateNotBefore, state.CandidateNotAfter, state.CandidateKeySlot))
                {
                    Apply(RunnerEvent.Repair, _engine.CandidateUsed(Now(), false, _random.NextUInt32()));
                }
            }

            if (state.CsrPrepared && !CsrMatches(_credentials.LoadCsr(), state))
            {
                Repair(_engine.CsrLost(Now()));
            }

            return boot.Report;
        }

        /// <summary>Outside a window: prepares (builds and signs) the CSR when renewal is near, so a window needs one request.</summary>
        public RenewalReport Idle()
        {
            RenewalStep step = _engine.IdleTick(Now());
            Apply(RunnerEvent.Idle, step);
            PrepareIfAsked(step);
            return step.Report;
        }

        /// <summary>
        /// Uses a connectivity window of <paramref name="budgetMs"/> milliseconds (from now, measured on the uptime
        /// clock): the engine's steps until it sleeps or the budget cannot cover the next one, and a /cacerts check
        /// when one is due: before the engine's steps when the anchors are unchecked, an answer did not chain, or the
        /// time is unknown (its Date is authenticated time), else (the periodic check) only in a window where no
        /// enrollment request was sent.
        /// </summary>
        public WindowResult RunWindow(int budgetMs)
        {
            var result = new WindowResult();
            long start = _uptime.UptimeMs;
            try
            {
                // needed now (never checked, or an answer did not chain): before the enrollment that needs it. Also
                // when the time is unknown (a reboot without SNTP): the engine would call renewal due, and the
                // authenticated Date of this cheaper answer usually shows it is not, saving a needless certificate.
                if ((_caCertsWanted || _lastCaCheck == 0 || !Time.IsKnown) && budgetMs >= 2 * _engine.RequestCostMs)
                {
                    CheckCaCerts(result);
                }

                for (int i = 0; i < MaxStepsPerWindow; i++)
                {
                    int left = budgetMs - (int)(_uptime.UptimeMs - start);
                    RenewalStep step = _engine.WindowOpened(Now(), left < 0 ? 0 : left);
                    Apply(RunnerEvent.Window, step);
                    result.Report = step.Report;
                    if (!Act(step, result))
                    {
                        break;
                    }
                }

                // the periodic check only in a window renewal did not use: one request per window is the norm
                if (result.Requests == 0 && result.CaCertsRequests == 0 && CaCertsDue() && budgetMs - (int)(_uptime.UptimeMs - start) >= _engine.RequestCostMs)
                {
                    CheckCaCerts(result);
                }
            }
            catch (Atecc608Exception)
            {
                // the chip failed (bus, CRC after retries, execution error): nothing was saved for the failed step,
                // so the next window simply tries again
                result.ChipFailed = true;
            }
            catch (PkiException)
            {
                result.ChipFailed = true;   // a CSR the builder refused (e.g. the chip returned a malformed key)
            }

            return result;
        }

        /// <summary>Command: renew now (lifts a stop and any backoff).</summary>
        public RenewalReport RenewNow()
        {
            return Command(_engine.RenewNow(Now()));
        }

        /// <summary>Command: renew on a new key generated in the spare slot.</summary>
        public RenewalReport Rekey()
        {
            return Command(_engine.Rekey(Now()));
        }

        /// <summary>Command: enroll again with the birth credential.</summary>
        public RenewalReport Rebootstrap()
        {
            return Command(_engine.Rebootstrap(Now()));
        }

        /// <summary>Command: a new encoded renewal policy (validated by the engine).</summary>
        public RenewalReport PolicyUpdate(byte[] data, int offset, int count)
        {
            return Command(_engine.PolicyUpdate(Now(), data, offset, count));
        }

        /// <summary>A status snapshot for the cloud.</summary>
        public RenewalStatus Status()
        {
            return _engine.Status(Now());
        }

        /// <summary>The current certificate with the chip signer of its key, for the cloud session's TLS; null when none.</summary>
        public TlsClientCredential CurrentCredential()
        {
            if (!_engine.State.CurrentPresent)
            {
                return null;
            }

            StoredItem current = _credentials.LoadCurrent();
            return current.Der == null ? null : new TlsClientCredential(new byte[][] { current.Der }, _keys.SignerFor(current.KeySlot));
        }

        /// <summary>The time now, as the engine takes it.</summary>
        public TimeReading Now()
        {
            return TimeReading.From(Time, _uptime.UptimeMs);
        }

        private RenewalReport Command(RenewalStep step)
        {
            Apply(RunnerEvent.Command, step);
            PrepareIfAsked(step);
            return step.Report;
        }

        /// <summary>Carries out a window step; false when the window is over for the engine.</summary>
        private bool Act(RenewalStep step, WindowResult result)
        {
            switch (step.Action)
            {
                case RenewalActionKind.PrepareCsr:
                    PrepareIfAsked(step);
                    return true;

                case RenewalActionKind.SendEstRequest:
                    Send(step, result);
                    return true;

                case RenewalActionKind.UseCandidate:
                    TryCandidate(result);
                    return true;

                default:
                    return false;   // Sleep, Nothing (report says why)
            }
        }

        private void Repair(RenewalStep step)
        {
            Apply(RunnerEvent.Repair, step);
            PrepareIfAsked(step);
        }

        private void PrepareIfAsked(RenewalStep step)
        {
            if (step.Action != RenewalActionKind.PrepareCsr)
            {
                return;
            }

            byte[] csr = _keys.BuildCsr(step.KeySlot, step.Kind == EnrollmentKind.Rekey);
            _credentials.SaveCsr(step.Kind, step.KeySlot, csr);
            RecordWrites++;
            Apply(RunnerEvent.CsrPrepared, _engine.CsrPrepared(Now(), step.Kind, step.KeySlot));
        }

        private void Send(RenewalStep step, WindowResult result)
        {
            StoredItem csr = _credentials.LoadCsr();
            if (!CsrMatches(csr, _engine.State))
            {
                // the request was recorded as in flight; it never left, so it is a transient failure, then a new CSR
                Apply(RunnerEvent.RequestResult, _engine.RequestResult(Now(), RequestOutcome.Transient, 0, 0, 0, 0, _random.NextUInt32()));
                Repair(_engine.CsrLost(Now()));
                return;
            }

            EstOutcome outcome;
            string operation;
            if (step.Tier == CredentialTier.Birth)
            {
                operation = "simpleenroll";
                _est.ClientCredential = null;
                _est.ReenrollWithBasic = false;
                _est.SetBasicCredentials(_settings.DeviceId, _settings.BootstrapSecret);
                outcome = _est.SimpleEnroll(csr.Der, 0, csr.Der.Length, Floor(), Estimate());
            }
            else
            {
                operation = "simplereenroll";
                StoredItem current = _credentials.LoadCurrent();
                _est.ReenrollWithBasic = _settings.ReenrollSecret != null;
                if (_est.ReenrollWithBasic)
                {
                    _est.SetBasicCredentials(_settings.DeviceId, _settings.ReenrollSecret);
                }
                else
                {
                    _est.ClearBasicCredentials();
                }

                _est.ClientCredential = new TlsClientCredential(new byte[][] { current.Der }, _keys.SignerFor(current.KeySlot));
                outcome = _est.SimpleReenroll(csr.Der, 0, csr.Der.Length, Floor(), Estimate());
            }

            _est.ClearBasicCredentials();
            _est.ClientCredential = null;
            result.Requests++;
            result.LastOutcome = outcome.Kind;
            Notify(operation, step.Tier, outcome);
            if (outcome.HasServerDate)
            {
                Time.ObserveAuthenticatedTime(outcome.ServerDate, _uptime.UptimeMs);
            }

            if (outcome.Kind != EstOutcomeKind.Success)
            {
                _caCertsWanted |= outcome.Kind == EstOutcomeKind.CertificateUntrusted;
                RequestOutcome mapped = EstOutcomes.ToRequestOutcome(outcome.Kind);
                Apply(RunnerEvent.RequestResult, _engine.RequestResult(Now(), mapped, outcome.RetryAfterSeconds, 0, 0, outcome.HttpStatus, _random.NextUInt32()));
                return;
            }

            Certificate issued = Certificate.Parse(outcome.Certificate);
            _credentials.SaveCandidate(csr.KeySlot, outcome.Certificate);
            RecordWrites++;
            Time.ObserveCertificateNotBefore(issued.NotBefore, _uptime.UptimeMs);
            if (outcome.TrustAnchor != null && _anchors.ConfirmWorked(outcome.TrustAnchor))
            {
                SaveAnchors();
            }

            Apply(RunnerEvent.RequestResult, _engine.RequestResult(Now(), RequestOutcome.Issued, 0, issued.NotBefore.Ticks, issued.NotAfter.Ticks, 0, _random.NextUInt32()));
        }

        private void TryCandidate(WindowResult result)
        {
            StoredItem candidate = _credentials.LoadCandidate();
            bool worked = false;
            if (candidate.Der != null)
            {
                worked = _check == null || _check.TryConnect(new TlsClientCredential(new byte[][] { candidate.Der }, _keys.SignerFor(candidate.KeySlot)));
            }

            RenewalStep step = _engine.CandidateUsed(Now(), worked, _random.NextUInt32());
            Apply(RunnerEvent.CandidateUsed, step);
            if (step.Action == RenewalActionKind.PromoteCandidate)
            {
                _credentials.SaveCurrent(candidate.KeySlot, candidate.Der);
                RecordWrites++;
                result.Promoted = true;
            }
        }

        private bool CaCertsDue()
        {
            if (_caCertsWanted || _lastCaCheck == 0)
            {
                return true;   // asked for by an untrusted answer, or never checked since provisioning
            }

            TimeReading now = Now();
            if (!now.Known)
            {
                return false;   // without a time the interval cannot be judged; enrollment answers still carry the chain
            }

            long since = now.Estimate - _lastCaCheck;
            if (since >= CaCertsInterval.Ticks || since < 0)
            {
                return true;
            }

            for (int i = 0; i < _anchors.Count; i++)
            {
                if (_anchors.GetAnchor(i).NotAfter.Ticks - now.Estimate < AnchorExpiryWarning.Ticks && since >= TimeSpan.TicksPerDay)
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckCaCerts(WindowResult result)
        {
            EstOutcome outcome = _est.CaCerts(Floor(), Estimate());
            result.CaCertsRequests++;
            Notify("cacerts", _engine.State.Tier, outcome);
            if (outcome.Kind == EstOutcomeKind.Success)
            {
                if (outcome.HasServerDate)
                {
                    Time.ObserveAuthenticatedTime(outcome.ServerDate, _uptime.UptimeMs);
                }

                _caCertsWanted = false;
                _lastCaCheck = Estimate().Ticks;
                SaveAnchors();
            }
        }

        private void SaveAnchors()
        {
            AnchorRecord.Save(_records, _anchors, _lastCaCheck);
            RecordWrites++;
        }

        private void Apply(RunnerEvent evt, RenewalStep step)
        {
            if (step.StateRecord != null)
            {
                _records.Save(RenewalEngine.RecordName, step.StateRecord, 0, step.StateRecord.Length);
                RecordWrites++;
            }

            if (Observer != null)
            {
                Observer.OnStep(evt, step);
            }
        }

        private void Notify(string operation, CredentialTier tier, EstOutcome outcome)
        {
            if (Observer != null)
            {
                Observer.OnExchange(operation, tier, outcome);
            }
        }

        private DateTime Floor()
        {
            return Time.Floor(_uptime.UptimeMs);
        }

        private DateTime Estimate()
        {
            return Time.Estimate(_uptime.UptimeMs);
        }

        private static Certificate Parse(StoredItem item)
        {
            if (item.Der == null)
            {
                return null;
            }

            try
            {
                return Certificate.Parse(item.Der);
            }
            catch (PkiException)
            {
                return null;
            }
        }

        private static bool Matches(Certificate parsed, StoredItem item, long notBefore, long notAfter, int keySlot)
        {
            return parsed != null && item.KeySlot == keySlot && parsed.NotBefore.Ticks == notBefore && parsed.NotAfter.Ticks == notAfter;
        }

        private static bool CsrMatches(StoredItem csr, RenewalState state)
        {
            return csr.Der != null && csr.KeySlot == state.CsrKeySlot;
        }
    }
}
