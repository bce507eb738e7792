using System;
using DeviceAgent.Storage;

namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The renewal state machine (ARCHITECTURE.md "Renewal engine"). Events in, one step out: no I/O, no clock, no
    /// randomness of its own, so the same engine runs on the board, in the virtual device and in a fleet
    /// simulation. Each step carries the state record to persist before its action (see <see cref="RenewalStep"/>).
    /// README.md beside this file lists the engine's jobs, the caller's jobs and the state diagram.
    /// </summary>
    public sealed class RenewalEngine
    {
        /// <summary>Name of the state record in the <see cref="RecordStore"/>.</summary>
        public const string RecordName = "renewal";

        /// <summary>
        /// Estimate, not a measurement: one EST request from an ESP32 over Wi-Fi, TLS handshake with the chip
        /// signing included (or one MQTT connect to try a candidate), in milliseconds.
        /// </summary>
        public const int DefaultRequestCostMs = 15000;

        /// <summary>Estimate: key generation plus CSR signing on the ATECC608 and DER building, in milliseconds.</summary>
        public const int DefaultCsrCostMs = 1000;

        /// <summary>How long before the due time the CSR is prepared (outside a window), in seconds: 7 days.</summary>
        public const int CsrLeadSeconds = 7 * 24 * 3600;

        private readonly RenewalPolicy _defaultPolicy;
        private readonly uint _jitterUnit;
        private readonly int _primarySlot;
        private readonly int _rekeySlotA;
        private readonly int _rekeySlotB;

        /// <summary>
        /// An engine for a device whose jitter position is <paramref name="jitterUnit"/>
        /// (<see cref="RenewalSchedule.JitterUnit"/>), with keys in <paramref name="primaryKeySlot"/> and, after a
        /// rekey, alternately in <paramref name="spareKeySlot"/>. Call <see cref="Boot"/> first.
        /// </summary>
        public RenewalEngine(RenewalPolicy defaultPolicy, uint jitterUnit, int primaryKeySlot, int spareKeySlot)
            : this(defaultPolicy, jitterUnit, primaryKeySlot, spareKeySlot, primaryKeySlot)
        {
        }

        /// <summary>
        /// An engine whose first key is in <paramref name="initialKeySlot"/> and whose rekeys alternate between
        /// <paramref name="rekeySlotA"/> and <paramref name="rekeySlotB"/>: the product's chip layout keeps a permanent
        /// identity key in slot 0 (no GenKey after lock) and rekeys in slots 1 and 2, so slot 0 is never regenerated.
        /// </summary>
        public RenewalEngine(RenewalPolicy defaultPolicy, uint jitterUnit, int initialKeySlot, int rekeySlotA, int rekeySlotB)
        {
            if (defaultPolicy == null)
            {
                throw new ArgumentNullException(nameof(defaultPolicy));
            }

            if (rekeySlotA == rekeySlotB)
            {
                throw new ArgumentException("two distinct rekey slots are needed", nameof(rekeySlotB));
            }

            defaultPolicy.Validate();
            _defaultPolicy = defaultPolicy;
            _jitterUnit = jitterUnit;
            _primarySlot = initialKeySlot;
            _rekeySlotA = rekeySlotA;
            _rekeySlotB = rekeySlotB;
            RequestCostMs = DefaultRequestCostMs;
            CsrCostMs = DefaultCsrCostMs;
            State = new RenewalState(defaultPolicy);
            State.CurrentKeySlot = initialKeySlot;
            State.CsrKeySlot = initialKeySlot;
        }

        /// <summary>Estimated cost of a request or a candidate connect (an input; see <see cref="DefaultRequestCostMs"/>).</summary>
        public int RequestCostMs { get; set; }

        /// <summary>Estimated cost of preparing a CSR (an input; see <see cref="DefaultCsrCostMs"/>).</summary>
        public int CsrCostMs { get; set; }

        /// <summary>The state (read-only use: change it through events).</summary>
        public RenewalState State { get; private set; }

        /// <summary>
        /// Boot with the loaded state record. An absent record starts fresh; a corrupt one (damaged, or not
        /// decodable) is reported and the engine enrolls with the birth credential, keeping the certificate the
        /// caller still holds (<paramref name="certNotBefore"/>/<paramref name="certNotAfter"/>, 0 for none).
        /// After boot, start <see cref="TrustedTime"/> from <see cref="RenewalState.Floor"/> (or the build date).
        /// </summary>
        public RenewalStep Boot(RecordState loaded, byte[] payload, long certNotBefore, long certNotAfter)
        {
            return Boot(loaded, payload, certNotBefore, certNotAfter, _primarySlot);
        }

        /// <summary>
        /// As <see cref="Boot(RecordState, byte[], long, long)"/>, with the key slot of the certificate the caller
        /// holds (after a rekey it is not the initial slot), used when the record is absent or corrupt.
        /// </summary>
        public RenewalStep Boot(RecordState loaded, byte[] payload, long certNotBefore, long certNotAfter, int certKeySlot)
        {
            RenewalState decoded = loaded == RecordState.Intact || loaded == RecordState.RecoveredFromOtherCopy ? RenewalState.Decode(payload) : null;
            if (decoded != null)
            {
                State = decoded;
                return loaded == RecordState.Intact ? Done(RenewalReport.None) : new RenewalStep(State.Encode(), RenewalActionKind.Nothing, RenewalReport.StateRecovered);
            }

            bool corrupt = loaded != RecordState.Absent;
            State = new RenewalState(_defaultPolicy);
            State.CurrentKeySlot = _primarySlot;
            State.CsrKeySlot = _primarySlot;
            bool haveCert = certNotAfter > certNotBefore && certNotBefore > 0;
            if (haveCert)
            {
                State.CurrentKeySlot = certKeySlot;
                State.CsrKeySlot = certKeySlot;
                State.CurrentPresent = true;
                State.CurrentNotBefore = certNotBefore;
                State.CurrentNotAfter = certNotAfter;
                State.Floor = certNotBefore;
                State.Tier = corrupt ? CredentialTier.Birth : CredentialTier.Operational;
            }

            State.CsrKind = State.Tier == CredentialTier.Birth ? EnrollmentKind.Enroll : EnrollmentKind.Reenroll;
            State.ForceRenewal = corrupt;
            return new RenewalStep(State.Encode(), RenewalActionKind.Nothing, corrupt ? RenewalReport.StateCorrupt : RenewalReport.StateAbsent);
        }

        /// <summary>Outside a window: asks for a CSR ahead of time when renewal is due or near.</summary>
        public RenewalStep IdleTick(TimeReading time)
        {
            if (State.Rejected)
            {
                return Done(RenewalReport.Stopped);
            }

            if (State.CsrPrepared || State.CandidatePresent)
            {
                return Done(RenewalReport.None);
            }

            RenewalPhase phase = Phase(time);
            bool near = State.CurrentPresent && time.Known && time.Estimate >= DueTicks() - (CsrLeadSeconds * TimeSpan.TicksPerSecond);
            return NeedsRenewal(phase) || near ? PrepareCsr(null) : Done(RenewalReport.NotDue);
        }

        /// <summary>The caller stored a signed CSR of <paramref name="kind"/> on <paramref name="keySlot"/>.</summary>
        public RenewalStep CsrPrepared(TimeReading time, EnrollmentKind kind, int keySlot)
        {
            State.CsrPrepared = true;
            State.CsrKind = kind;
            State.CsrKeySlot = keySlot;
            return Persist(time, RenewalActionKind.Nothing, RenewalReport.None);
        }

        /// <summary>
        /// A connectivity window opened with <paramref name="budgetMs"/> left. Returns one action; after
        /// carrying it out (and reporting its result) the caller may call again with what is left of the budget.
        /// </summary>
        public RenewalStep WindowOpened(TimeReading time, int budgetMs)
        {
            if (State.Rejected)
            {
                return Done(RenewalReport.Stopped);
            }

            if (State.CandidatePresent)
            {
                return budgetMs < RequestCostMs ? Done(RenewalReport.BudgetTooShort) : Done(RenewalActionKind.UseCandidate);
            }

            RenewalPhase phase = Phase(time);
            if (!NeedsRenewal(phase))
            {
                return Sleep(DueTicks(), RenewalReport.NotDue);
            }

            if (State.WindowsToSkip > 0)
            {
                State.WindowsToSkip = Urgent(phase) ? 0 : State.WindowsToSkip - 1;
                if (!Urgent(phase))
                {
                    return Persist(time, RenewalActionKind.Nothing, RenewalReport.WindowSkipped);
                }
            }

            if (State.RetryAt != 0 && time.Estimate < State.RetryAt)
            {
                return Sleep(State.RetryAt, RenewalReport.Waiting);
            }

            if (!State.CsrPrepared)
            {
                return budgetMs < CsrCostMs + RequestCostMs ? Done(RenewalReport.BudgetTooShort) : PrepareCsr(null);
            }

            if (budgetMs < RequestCostMs)
            {
                return Done(RenewalReport.BudgetTooShort);
            }

            CredentialTier tier = TierFor(phase);
            State.Tier = tier;
            State.Attempts++;
            State.LastAttempt = time.Estimate;
            State.LastOutcome = RequestOutcome.InFlight;
            RenewalStep step = Persist(time, RenewalActionKind.SendEstRequest, RenewalReport.None);
            step.Tier = tier;
            step.Kind = tier == CredentialTier.Birth ? EnrollmentKind.Enroll : (State.CsrKind == EnrollmentKind.Rekey ? EnrollmentKind.Rekey : EnrollmentKind.Reenroll);
            step.KeySlot = State.CsrKeySlot;
            return step;
        }

        /// <summary>
        /// The result of the request sent by the last <see cref="RenewalActionKind.SendEstRequest"/>.
        /// <paramref name="retryAfterSeconds"/> is read for Pending, the issued validity for Issued (a certificate
        /// the caller has validated and stored as the candidate), <paramref name="reasonCode"/> for Rejected and
        /// AuthFailed, <paramref name="random"/> (uniform 32 bits) for the backoff of Transient and Malformed.
        /// </summary>
        public RenewalStep RequestResult(TimeReading time, RequestOutcome outcome, int retryAfterSeconds, long issuedNotBefore, long issuedNotAfter, int reasonCode, uint random)
        {
            if (outcome == RequestOutcome.None || outcome == RequestOutcome.InFlight || outcome > RequestOutcome.Malformed)
            {
                throw new ArgumentOutOfRangeException(nameof(outcome));
            }

            if (State.LastOutcome != RequestOutcome.InFlight)
            {
                return Done(RenewalReport.Unexpected);
            }

            long floor = FloorTicks(time);
            if (outcome == RequestOutcome.Issued && (issuedNotBefore <= 0 || issuedNotAfter <= issuedNotBefore || issuedNotAfter <= floor))
            {
                outcome = RequestOutcome.Malformed;   // the caller should have refused it; never store it
            }

            State.LastOutcome = outcome;
            RenewalPhase phase = Phase(time);
            switch (outcome)
            {
                case RequestOutcome.Issued:
                    State.CandidatePresent = true;
                    State.CandidateNotBefore = issuedNotBefore;
                    State.CandidateNotAfter = issuedNotAfter;
                    State.CandidateKeySlot = State.CsrKeySlot;
                    State.CsrPrepared = false;
                    State.CsrKind = EnrollmentKind.Reenroll;
                    State.ForceRenewal = false;
                    ClearBackoff();
                    State.Renewals++;
                    if (issuedNotBefore > State.Floor)
                    {
                        State.Floor = issuedNotBefore;
                    }

                    return Persist(time, RenewalActionKind.UseCandidate, RenewalReport.None);

                case RequestOutcome.Pending:
                    State.RetryAt = time.Estimate + ((long)RenewalSchedule.ClampRetryAfter(State.Policy, retryAfterSeconds) * TimeSpan.TicksPerSecond);
                    State.WindowsToSkip = 0;
                    return Persist(time, RenewalActionKind.Sleep, RenewalReport.Waiting, State.RetryAt);

                case RequestOutcome.AuthFailed:
                    State.AuthFailures[(int)State.Tier]++;
                    if (State.Tier == CredentialTier.Birth)
                    {
                        return Stop(time, reasonCode, RenewalReport.AllTiersFailed);
                    }

                    State.Tier = State.Tier == CredentialTier.Operational && phase == RenewalPhase.Grace ? CredentialTier.ExpiredInGrace : CredentialTier.Birth;
                    return Persist(time, RenewalActionKind.Nothing, RenewalReport.TierClimbed);

                case RequestOutcome.Rejected:
                    return Stop(time, reasonCode, RenewalReport.Rejected);

                default:
                    State.TransientFailures++;
                    return BackOff(time, phase, random, RenewalActionKind.Sleep, RenewalReport.BackingOff);
            }
        }

        /// <summary>
        /// The window is closing (link lost, budget spent, or power cut before the answer was heard): a request still
        /// in flight will never be answered. It counts as a transient failure, without backoff: the network failed,
        /// not the server, so the next window sends the same CSR again. Nothing to do when no request is in flight.
        /// </summary>
        public RenewalStep WindowClosing(TimeReading time)
        {
            if (State.LastOutcome != RequestOutcome.InFlight)
            {
                return Done(RenewalReport.None);
            }

            State.LastOutcome = RequestOutcome.Transient;
            State.TransientFailures++;
            return Persist(time, RenewalActionKind.Nothing, RenewalReport.None);
        }

        /// <summary>
        /// The candidate was tried: on success it becomes current (the previous certificate was kept until now);
        /// on failure it is discarded, the current one stays, and the next attempt backs off.
        /// </summary>
        public RenewalStep CandidateUsed(TimeReading time, bool success, uint random)
        {
            if (!State.CandidatePresent)
            {
                return Done(RenewalReport.Unexpected);
            }

            if (success)
            {
                State.CurrentPresent = true;
                State.CurrentNotBefore = State.CandidateNotBefore;
                State.CurrentNotAfter = State.CandidateNotAfter;
                State.CurrentKeySlot = State.CandidateKeySlot;
                State.CsrKeySlot = State.CandidateKeySlot;
                ClearCandidate();
                State.Tier = CredentialTier.Operational;
                State.AuthFailures[0] = 0;
                State.AuthFailures[1] = 0;
                State.AuthFailures[2] = 0;
                State.Promotions++;
                return Persist(time, RenewalActionKind.PromoteCandidate, RenewalReport.Promoted);
            }

            ClearCandidate();
            State.CsrKeySlot = State.CurrentKeySlot;
            return BackOff(time, Phase(time), random, RenewalActionKind.DiscardCandidate, RenewalReport.CandidateFailed);
        }

        /// <summary>
        /// The caller found no usable CSR record although the state says one was prepared (flash damage): prepare it
        /// again, for the same operation.
        /// </summary>
        public RenewalStep CsrLost(TimeReading time)
        {
            State.CsrPrepared = false;
            return PrepareCsr(Record(time));
        }

        /// <summary>
        /// The caller found no usable current certificate although the state holds one (flash damage): without it
        /// the device cannot authenticate a re-enrollment, so it enrolls again with the birth credential.
        /// </summary>
        public RenewalStep CertificateLost(TimeReading time)
        {
            State.CurrentPresent = false;
            State.CurrentNotBefore = 0;
            State.CurrentNotAfter = 0;
            State.Tier = CredentialTier.Birth;
            State.ForceRenewal = true;
            State.Rejected = false;
            ClearBackoff();
            return PrepareCsr(Record(time));
        }

        /// <summary>Command: renew at the next window whatever the phase; lifts a stop and any backoff.</summary>
        public RenewalStep RenewNow(TimeReading time)
        {
            Restart();
            return PrepareCsr(Record(time));
        }

        /// <summary>Command: renew on a new key generated in the spare slot; the current key and certificate stay until the new one has worked.</summary>
        public RenewalStep Rekey(TimeReading time)
        {
            Restart();
            State.CsrPrepared = false;
            State.CsrKind = EnrollmentKind.Rekey;
            State.CsrKeySlot = Spare(State.CurrentKeySlot);
            return PrepareCsr(Record(time));
        }

        /// <summary>Command: enroll again with the birth credential.</summary>
        public RenewalStep Rebootstrap(TimeReading time)
        {
            Restart();
            State.Tier = CredentialTier.Birth;
            return PrepareCsr(Record(time));
        }

        /// <summary>Command: a new encoded <see cref="RenewalPolicy"/>; an invalid one is reported and ignored.</summary>
        public RenewalStep PolicyUpdate(TimeReading time, byte[] data, int offset, int count)
        {
            RenewalPolicy policy;
            try
            {
                policy = RenewalPolicy.Decode(data, offset, count);
            }
            catch (ArgumentException)
            {
                return Done(RenewalReport.PolicyRejected);   // reported to the cloud by the caller
            }

            State.Policy = policy;
            State.Rejected = false;
            if (State.WindowsToSkip > policy.MaxWindowsSkipped)
            {
                State.WindowsToSkip = policy.MaxWindowsSkipped;
            }

            return Persist(time, RenewalActionKind.Nothing, RenewalReport.PolicyApplied);
        }

        /// <summary>A snapshot for the status topic.</summary>
        public RenewalStatus Status(TimeReading time)
        {
            RenewalPhase phase = Phase(time);
            var status = new RenewalStatus();
            status.CurrentNotAfter = State.CurrentNotAfter;
            status.CandidateNotAfter = State.CandidateNotAfter;
            status.Tier = TierFor(phase);
            status.Phase = phase;
            status.LastAttempt = State.LastAttempt;
            status.LastOutcome = State.LastOutcome;
            status.NextAttempt = State.Rejected ? 0 : (State.RetryAt > time.Estimate ? State.RetryAt : (NeedsRenewal(phase) ? time.Estimate : DueTicks()));
            status.Rejected = State.Rejected;
            status.RejectReason = State.RejectReason;
            status.Attempts = State.Attempts;
            status.Renewals = State.Renewals;
            status.TransientFailures = State.TransientFailures;
            status.Rejections = State.Rejections;
            status.Promotions = State.Promotions;
            status.PolicyVersion = State.Policy.Version;
            return status;
        }

        /// <summary>
        /// The phase of the current certificate: expiry on the floor, due/urgent on the estimate, an unknown time
        /// as the latest possible estimate (renewal due). No certificate counts as lapsed.
        /// </summary>
        public RenewalPhase Phase(TimeReading time)
        {
            if (!State.CurrentPresent)
            {
                return RenewalPhase.Lapsed;
            }

            DateTime now = time.Known ? At(time.Estimate) : DateTime.MaxValue;
            return RenewalSchedule.PhaseAt(State.Policy, At(State.CurrentNotBefore), At(State.CurrentNotAfter), _jitterUnit, now, At(FloorTicks(time)));
        }

        private bool NeedsRenewal(RenewalPhase phase)
        {
            return State.ForceRenewal || phase != RenewalPhase.NotDue || State.Tier == CredentialTier.Birth;
        }

        private static bool Urgent(RenewalPhase phase)
        {
            return phase != RenewalPhase.NotDue && phase != RenewalPhase.Due;
        }

        private CredentialTier TierFor(RenewalPhase phase)
        {
            CredentialTier byPhase = phase == RenewalPhase.Lapsed ? CredentialTier.Birth : (phase == RenewalPhase.Grace ? CredentialTier.ExpiredInGrace : CredentialTier.Operational);
            return byPhase > State.Tier ? byPhase : State.Tier;
        }

        private long DueTicks()
        {
            return State.CurrentPresent ? RenewalSchedule.DueTime(State.Policy, At(State.CurrentNotBefore), At(State.CurrentNotAfter), _jitterUnit).Ticks : 0;
        }

        private long FloorTicks(TimeReading time)
        {
            return time.Floor > State.Floor ? time.Floor : State.Floor;
        }

        private void Restart()
        {
            State.Rejected = false;
            State.ForceRenewal = true;
            ClearBackoff();
        }

        private void ClearBackoff()
        {
            State.RetryAt = 0;
            State.ConsecutiveFailures = 0;
            State.WindowsToSkip = 0;
        }

        private void ClearCandidate()
        {
            State.CandidatePresent = false;
            State.CandidateNotBefore = 0;
            State.CandidateNotAfter = 0;
            State.CandidateKeySlot = 0;
        }

        private RenewalStep BackOff(TimeReading time, RenewalPhase phase, uint random, RenewalActionKind action, RenewalReport report)
        {
            State.ConsecutiveFailures++;
            bool urgent = Urgent(phase);
            int seconds = RenewalSchedule.BackoffSeconds(State.Policy, urgent ? 1 : State.ConsecutiveFailures, random);
            State.WindowsToSkip = RenewalSchedule.WindowsToSkip(State.Policy, State.ConsecutiveFailures, phase);
            State.RetryAt = time.Estimate + (seconds * TimeSpan.TicksPerSecond);
            return Persist(time, action, report, State.RetryAt);
        }

        private RenewalStep Stop(TimeReading time, int reasonCode, RenewalReport report)
        {
            State.Rejected = true;
            State.RejectReason = reasonCode;
            State.Rejections++;
            return Persist(time, RenewalActionKind.Nothing, report);
        }

        /// <summary>PrepareCsr for the next CSR when one is needed, after persisting <paramref name="record"/> (null: unchanged).</summary>
        private RenewalStep PrepareCsr(byte[] record)
        {
            bool needed = !State.CsrPrepared && !State.CandidatePresent;
            var step = new RenewalStep(record, needed ? RenewalActionKind.PrepareCsr : RenewalActionKind.Nothing, RenewalReport.None);
            if (needed)
            {
                bool rekey = State.CsrKind == EnrollmentKind.Rekey || (State.Policy.RekeyOnRenewal && State.CurrentPresent);
                step.Kind = rekey ? EnrollmentKind.Rekey : (State.Tier == CredentialTier.Birth ? EnrollmentKind.Enroll : EnrollmentKind.Reenroll);
                step.KeySlot = rekey ? Spare(State.CurrentKeySlot) : State.CurrentKeySlot;
            }

            return step;
        }

        /// <summary>The slot a rekey generates into: never the slot in use.</summary>
        private int Spare(int slot)
        {
            return slot == _rekeySlotA ? _rekeySlotB : _rekeySlotA;
        }

        private byte[] Record(TimeReading time)
        {
            if (time.Floor > State.Floor)
            {
                State.Floor = time.Floor;
            }

            return State.Encode();
        }

        private RenewalStep Persist(TimeReading time, RenewalActionKind action, RenewalReport report)
        {
            return new RenewalStep(Record(time), action, report);
        }

        private RenewalStep Persist(TimeReading time, RenewalActionKind action, RenewalReport report, long until)
        {
            RenewalStep step = new RenewalStep(Record(time), action, report);
            step.UntilTicks = until;
            return step;
        }

        private static RenewalStep Done(RenewalReport report)
        {
            return new RenewalStep(null, RenewalActionKind.Nothing, report);
        }

        private static RenewalStep Done(RenewalActionKind action)
        {
            return new RenewalStep(null, action, RenewalReport.None);
        }

        private static RenewalStep Sleep(long until, RenewalReport report)
        {
            RenewalStep step = new RenewalStep(null, RenewalActionKind.Sleep, report);
            step.UntilTicks = until;
            return step;
        }

        private static DateTime At(long ticks)
        {
            return ticks < DateTime.MinValue.Ticks ? DateTime.MinValue : (ticks > DateTime.MaxValue.Ticks ? DateTime.MaxValue : new DateTime(ticks));
        }
    }
}
