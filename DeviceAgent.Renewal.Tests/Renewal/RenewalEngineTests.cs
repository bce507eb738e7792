using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Renewal.RenewalRig;

namespace DeviceAgent.Tests.Renewal
{
    /// <summary>The renewal state machine: every event's transitions, persisted before the action they enable.</summary>
    [TestClass]
    public class RenewalEngineTests
    {
        [TestMethod]
        public void RequestResult_EachOutcome_ActionReportAndPersistedState()
        {
            int[] outcomes = { 2, 3, 4, 5, 6, 7 };
            int[] actions = { 4, 1, 0, 0, 1, 1 };
            int[] reports = { 0, 5, 8, 10, 12, 12 };
            for (int i = 0; i < outcomes.Length; i++)
            {
                RenewalEngine e = Engine();
                TimeReading t = At(500, 0);
                Send(e, t);
                RenewalStep s = Result(e, t, (RequestOutcome)outcomes[i]);

                Is(s, (RenewalActionKind)actions[i], (RenewalReport)reports[i]);
                RenewalState saved = RenewalState.Decode(s.StateRecord);
                Eq(outcomes[i], (int)saved.LastOutcome, "saved");
                Eq(1, saved.Attempts, "attempts");
            }
        }

        [TestMethod]
        public void NotDue_WindowSleepsUntilDue_IdleNearDuePreparesCsr()
        {
            RenewalEngine e = Engine();
            RenewalStep s = e.WindowOpened(At(100, 0), Budget);
            Is(s, RenewalActionKind.Sleep, RenewalReport.NotDue);
            True(s.UntilTicks > NB + (486 * Day) && s.UntilTicks < NB + (488 * Day), "due");
            Assert.IsNull(s.StateRecord, "rec");
            Is(e.IdleTick(At(100, 0)), RenewalActionKind.Nothing, RenewalReport.NotDue);

            s = e.IdleTick(At(482, 0));
            Is(s, RenewalActionKind.PrepareCsr, RenewalReport.None);
            Eq((int)EnrollmentKind.Reenroll, (int)s.Kind, "kind");
            Eq(0, s.KeySlot, "slot");
            Assert.IsNotNull(e.CsrPrepared(At(482, 0), s.Kind, s.KeySlot).StateRecord, "rec");
            Is(e.IdleTick(At(483, 0)), RenewalActionKind.Nothing, RenewalReport.None);
        }

        [TestMethod]
        public void Send_IsPersistedAsInFlightBeforeItIsReturned()
        {
            RenewalEngine e = Engine();
            RenewalStep s = Send(e, At(500, 0));
            Eq((int)CredentialTier.Operational, (int)s.Tier, "tier");
            Eq((int)EnrollmentKind.Reenroll, (int)s.Kind, "kind");
            RenewalState saved = RenewalState.Decode(s.StateRecord);
            Eq((int)RequestOutcome.InFlight, (int)saved.LastOutcome, "out");
            Eq(At(500, 0).Estimate, saved.LastAttempt, "last");
            Is(Result(Reboot(s.StateRecord), At(500, 9), RequestOutcome.Transient), RenewalActionKind.Sleep, RenewalReport.BackingOff);
        }

        [TestMethod]
        public void WindowClosing_InFlightBecomesTransient_SameCsrNextWindow()
        {
            RenewalEngine e = Engine();
            RenewalStep s = Send(e, At(500, 0));
            RenewalEngine rebooted = Reboot(s.StateRecord);
            RenewalStep c = rebooted.WindowClosing(At(500, 5));
            Is(c, RenewalActionKind.Nothing, RenewalReport.None);
            Eq((int)RequestOutcome.Transient, (int)RenewalState.Decode(c.StateRecord).LastOutcome, "out");
            Eq(1, rebooted.State.TransientFailures, "count");
            Eq(0, rebooted.State.WindowsToSkip, "skip");
            Is(rebooted.WindowOpened(At(501, 0), Budget), RenewalActionKind.SendEstRequest, RenewalReport.None);
            Is(Result(rebooted, At(501, 2), RequestOutcome.Issued), RenewalActionKind.UseCandidate, RenewalReport.None);
            Eq(1, rebooted.WindowClosing(At(501, 3)).StateRecord == null ? 1 : 0, "idle");
        }

        [TestMethod]
        public void Transient_BacksOffInWindowsAndWallTime()
        {
            RenewalEngine e = Engine();
            int[] skips = { 0, 1, 3, 7, 7 };
            long t0 = At(500, 0).Estimate;
            for (int n = 0; n < skips.Length; n++)
            {
                TimeReading t = new TimeReading(t0, t0, true);
                Send(e, t);
                RenewalStep s = e.RequestResult(t, RequestOutcome.Transient, 0, 0, 0, 0, 0xFFFFFFFF);
                int wait = RenewalSchedule.BackoffSeconds(e.State.Policy, n + 1, 0xFFFFFFFF);
                Eq(t0 + (wait * Second), s.UntilTicks, "until");
                Eq(skips[n], e.State.WindowsToSkip, "skip");
                for (int w = 0; w < skips[n]; w++)
                {
                    Is(e.WindowOpened(t, Budget), RenewalActionKind.Nothing, RenewalReport.WindowSkipped);
                }

                Is(e.WindowOpened(new TimeReading(s.UntilTicks - 1, t0, true), Budget), RenewalActionKind.Sleep, RenewalReport.Waiting);
                t0 = s.UntilTicks;
            }

            Eq(5, e.State.TransientFailures, "count");
        }

        [TestMethod]
        public void Transient_InUrgentPhase_SkipsNoWindowShortestBackoff()
        {
            RenewalEngine e = Engine();
            for (int n = 0; n < 4; n++)
            {
                TimeReading t = At(700, n * 100);
                Send(e, t);
                RenewalStep s = e.RequestResult(t, RequestOutcome.Transient, 0, 0, 0, 0, 0xFFFFFFFF);
                Eq(0, e.State.WindowsToSkip, "skip");
                Eq(t.Estimate + (60 * Second), s.UntilTicks, "until");
            }
        }

        [TestMethod]
        public void Pending_RetryAfterHonouredExactlyAcrossReboot_SameCsr()
        {
            RenewalEngine e = Engine();
            Send(e, At(500, 0));
            RenewalStep s = e.RequestResult(At(500, 0), RequestOutcome.Pending, 120, 0, 0, 0, 0);
            Eq(At(500, 120).Estimate, s.UntilTicks, "until");

            e = Reboot(s.StateRecord);
            RenewalStep w = e.WindowOpened(At(500, 119), Budget);
            Is(w, RenewalActionKind.Sleep, RenewalReport.Waiting);
            Eq(At(500, 120).Estimate, w.UntilTicks, "until");
            Is(e.WindowOpened(At(500, 120), Budget), RenewalActionKind.SendEstRequest, RenewalReport.None);
            Eq(2, e.State.Attempts, "attempts");
            Eq(0, e.State.ConsecutiveFailures, "fail");
        }

        [TestMethod]
        public void Pending_RetryAfterIsClamped()
        {
            RenewalEngine e = Engine();
            Send(e, At(500, 0));
            Eq(At(500, 10).Estimate, e.RequestResult(At(500, 0), RequestOutcome.Pending, 1, 0, 0, 0, 0).UntilTicks, "min");
            Send(e, At(501, 0));
            Eq(At(503, 0).Estimate, e.RequestResult(At(501, 0), RequestOutcome.Pending, 999999, 0, 0, 0, 0).UntilTicks, "max");
        }

        [TestMethod]
        public void AuthFailed_ClimbsOperationalGraceBirth_ThenStops()
        {
            RenewalEngine e = Engine();
            TimeReading t = At(735, 0);   // expired 5 days ago: grace
            RenewalStep s = Send(e, t);
            Eq((int)CredentialTier.ExpiredInGrace, (int)s.Tier, "t1");
            Is(Result(e, t, RequestOutcome.AuthFailed), RenewalActionKind.Nothing, RenewalReport.TierClimbed);
            s = Send(e, t);
            Eq((int)CredentialTier.Birth, (int)s.Tier, "t2");
            Eq((int)EnrollmentKind.Enroll, (int)s.Kind, "k2");
            Is(Result(e, t, RequestOutcome.AuthFailed), RenewalActionKind.Nothing, RenewalReport.AllTiersFailed);
            Is(e.WindowOpened(t, Budget), RenewalActionKind.Nothing, RenewalReport.Stopped);
            Eq(1, e.State.AuthFailures[1], "a1");
            Eq(1, e.State.AuthFailures[2], "a2");
            Assert.IsNotNull(e.RenewNow(t).StateRecord, "rec");
            Eq((int)CredentialTier.Birth, (int)Send(e, t).Tier, "t3");
        }

        [TestMethod]
        public void AuthFailed_WithValidOperational_GoesToBirth()
        {
            RenewalEngine e = Engine();
            Send(e, At(500, 0));
            Result(e, At(500, 0), RequestOutcome.AuthFailed);
            Eq(1, e.State.AuthFailures[0], "a0");
            Eq((int)CredentialTier.Birth, (int)Send(e, At(500, 1)).Tier, "tier");
        }

        [TestMethod]
        public void Rejected_StopsUntilPolicyUpdate()
        {
            RenewalEngine e = Engine();
            Send(e, At(500, 0));
            Result(e, At(500, 0), RequestOutcome.Rejected);
            Eq(400, e.State.RejectReason, "why");
            Is(e.IdleTick(At(501, 0)), RenewalActionKind.Nothing, RenewalReport.Stopped);
            Is(e.WindowOpened(At(501, 0), Budget), RenewalActionKind.Nothing, RenewalReport.Stopped);
            Eq(0, e.Status(At(501, 0)).NextAttempt, "next");
            var p = new RenewalPolicy();
            p.Version = 7;
            byte[] b = p.Encode();
            Is(e.PolicyUpdate(At(501, 0), b, 0, b.Length), RenewalActionKind.Nothing, RenewalReport.PolicyApplied);
            Eq(7, e.Status(At(501, 0)).PolicyVersion, "ver");
            Send(e, At(501, 0));
        }

        [TestMethod]
        public void PolicyUpdate_Invalid_IsReportedAndIgnored()
        {
            RenewalEngine e = Engine();
            var p = new RenewalPolicy();
            p.Version = 9;
            byte[] b = p.Encode();
            b[6] = 0xFF;   // RenewAtPerMille out of range
            RenewalStep s = e.PolicyUpdate(At(1, 0), b, 0, b.Length);
            Is(s, RenewalActionKind.Nothing, RenewalReport.PolicyRejected);
            Assert.IsNull(s.StateRecord, "rec");
            Is(e.PolicyUpdate(At(1, 0), b, 0, 3), RenewalActionKind.Nothing, RenewalReport.PolicyRejected);
            Eq(1, e.State.Policy.Version, "ver");
        }

        [TestMethod]
        public void Issued_CandidatePromotedOnlyAfterSuccessfulUse()
        {
            RenewalEngine e = Engine();
            TimeReading t = At(500, 0);
            Send(e, t);
            Is(Result(e, t, RequestOutcome.Issued), RenewalActionKind.UseCandidate, RenewalReport.None);
            Eq(NA, e.State.CurrentNotAfter, "old");
            Is(e.WindowOpened(t, Budget), RenewalActionKind.UseCandidate, RenewalReport.None);
            Is(e.WindowOpened(t, 100), RenewalActionKind.Nothing, RenewalReport.BudgetTooShort);
            RenewalStep s = e.CandidateUsed(t, true, 0);
            Is(s, RenewalActionKind.PromoteCandidate, RenewalReport.Promoted);
            Eq(t.Estimate + (730 * Day), RenewalState.Decode(s.StateRecord).CurrentNotAfter, "new");
            Assert.IsFalse(e.State.CandidatePresent, "cand");
            Eq(1, e.State.Promotions, "prom");
            Is(e.WindowOpened(At(501, 0), Budget), RenewalActionKind.Sleep, RenewalReport.NotDue);
            Is(e.CandidateUsed(t, true, 0), RenewalActionKind.Nothing, RenewalReport.Unexpected);
        }

        [TestMethod]
        public void CandidateFails_DiscardedCurrentKept_BacksOff()
        {
            RenewalEngine e = Engine();
            TimeReading t = At(500, 0);
            Send(e, t);
            Result(e, t, RequestOutcome.Issued);
            RenewalStep s = e.CandidateUsed(t, false, 0xFFFFFFFF);
            Is(s, RenewalActionKind.DiscardCandidate, RenewalReport.CandidateFailed);
            Eq(t.Estimate + (60 * Second), s.UntilTicks, "until");
            Eq(NA, e.State.CurrentNotAfter, "cur");
            Assert.IsFalse(e.State.CandidatePresent, "cand");
            Eq((int)RenewalActionKind.PrepareCsr, (int)e.WindowOpened(At(500, 60), Budget).Action, "csr");
        }

        [TestMethod]
        public void Budget_StepThatCannotFinishIsNotStarted()
        {
            RenewalEngine e = Engine();
            int cost = RenewalEngine.DefaultRequestCostMs;
            RenewalStep s = e.WindowOpened(At(500, 0), cost);   // CSR + request do not fit
            Is(s, RenewalActionKind.Nothing, RenewalReport.BudgetTooShort);
            Assert.IsNull(s.StateRecord, "rec");
            s = e.WindowOpened(At(500, 0), cost + RenewalEngine.DefaultCsrCostMs);
            e.CsrPrepared(At(500, 0), s.Kind, s.KeySlot);
            Is(e.WindowOpened(At(500, 1), cost - 1), RenewalActionKind.Nothing, RenewalReport.BudgetTooShort);
            Eq(0, e.State.Attempts, "attempts");
            Is(e.WindowOpened(At(500, 2), cost), RenewalActionKind.SendEstRequest, RenewalReport.None);
        }

        [TestMethod]
        public void UnknownTime_ActsAsDue()
        {
            RenewalEngine e = Engine();
            long t = At(10, 0).Estimate;
            var unknown = new TimeReading(t, t, false);
            Eq((int)RenewalPhase.Urgent, (int)e.Phase(unknown), "phase");
            Is(e.IdleTick(unknown), RenewalActionKind.PrepareCsr, RenewalReport.None);
            Send(e, unknown);
        }

        [TestMethod]
        public void ClockResetTo1970_FloorFromStateKeepsValidCertificate()
        {
            RenewalEngine e = Engine();
            RenewalStep s = e.CsrPrepared(At(600, 0), EnrollmentKind.Reenroll, 0);
            e = Reboot(s.StateRecord);
            Eq(At(600, 0).Floor, e.State.Floor, "floor");
            long y1970 = new System.DateTime(1970, 1, 1, 0, 0, 0).Ticks;
            var reset = new TimeReading(y1970, y1970, true);
            Eq((int)RenewalPhase.NotDue, (int)e.Phase(reset), "phase");
            Eq((int)CredentialTier.Operational, (int)e.Status(reset).Tier, "tier");
            Eq(NA, e.Status(reset).CurrentNotAfter, "cert");

            // Past notAfter by the floor alone: grace, still re-enrolled with the expired certificate.
            e.State.Floor = NA + Day;
            Eq((int)RenewalPhase.Grace, (int)e.Phase(reset), "grace");
            Eq((int)CredentialTier.ExpiredInGrace, (int)Send(e, reset).Tier, "tier2");
        }

        [TestMethod]
        public void Boot_CorruptOrGarbage_ReportedBirthEnrollCertificateKept()
        {
            for (int i = 0; i < 2; i++)
            {
                var e = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 2);
                RenewalStep s = i == 0 ? e.Boot(RecordState.Corrupt, null, NB, NA) : e.Boot(RecordState.Intact, new byte[] { 1, 2, 3 }, NB, NA);
                Is(s, RenewalActionKind.Nothing, RenewalReport.StateCorrupt);
                Assert.IsNotNull(s.StateRecord, "rec");
                Assert.IsTrue(e.State.CurrentPresent, "cert");
                Eq(NB, e.State.Floor, "floor");
                RenewalStep w = e.WindowOpened(At(10, 0), Budget);
                Eq((int)EnrollmentKind.Enroll, (int)w.Kind, "kind");
                Eq((int)CredentialTier.Birth, (int)Send(e, At(10, 0)).Tier, "tier");
            }
        }

        [TestMethod]
        public void Boot_AbsentWithoutCertificate_EnrollsWithBirth_RecoveredIsReported()
        {
            var e = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 2);
            RenewalStep s = e.Boot(RecordState.Absent, null, 0, 0);
            Is(s, RenewalActionKind.Nothing, RenewalReport.StateAbsent);
            Eq((int)CredentialTier.Birth, (int)Send(e, At(0, 0)).Tier, "tier");
            Is(e.Boot(RecordState.RecoveredFromOtherCopy, s.StateRecord, 0, 0), RenewalActionKind.Nothing, RenewalReport.StateRecovered);
        }

        [TestMethod]
        public void Rekey_NewKeyInSpareSlot_PromotedSlotBecomesCurrent()
        {
            RenewalEngine e = Engine();
            TimeReading t = At(100, 0);
            RenewalStep s = e.Rekey(t);
            Is(s, RenewalActionKind.PrepareCsr, RenewalReport.None);
            Eq((int)EnrollmentKind.Rekey, (int)s.Kind, "kind");
            Eq(2, s.KeySlot, "slot");
            Assert.IsNotNull(s.StateRecord, "rec");
            e.CsrPrepared(t, s.Kind, s.KeySlot);
            s = Send(e, t);
            Eq((int)EnrollmentKind.Rekey, (int)s.Kind, "k2");
            Eq(2, s.KeySlot, "s2");
            Result(e, t, RequestOutcome.Issued);
            Eq(0, e.State.CurrentKeySlot, "old");
            e.CandidateUsed(t, true, 0);
            Eq(2, e.State.CurrentKeySlot, "new");
            Eq(0, e.Rekey(t).KeySlot, "back");
        }

        [TestMethod]
        public void Rebootstrap_UsesBirthCredential()
        {
            RenewalEngine e = Engine();
            RenewalStep s = e.Rebootstrap(At(100, 0));
            Eq((int)EnrollmentKind.Enroll, (int)s.Kind, "kind");
            Eq((int)CredentialTier.Birth, (int)Send(e, At(100, 0)).Tier, "tier");
        }

        [TestMethod]
        public void ResultWithoutRequestInFlight_IsUnexpected()
        {
            RenewalEngine e = Engine();
            RenewalStep s = Result(e, At(500, 0), RequestOutcome.Issued);
            Is(s, RenewalActionKind.Nothing, RenewalReport.Unexpected);
            Assert.IsFalse(e.State.CandidatePresent, "cand");
        }

        [TestMethod]
        public void Status_ReportsCertificateTierOutcomeAndCounters()
        {
            RenewalEngine e = Engine();
            TimeReading t = At(500, 0);
            Send(e, t);
            e.RequestResult(t, RequestOutcome.Pending, 300, 0, 0, 0, 0);
            RenewalStatus st = e.Status(t);
            Eq(NA, st.CurrentNotAfter, "cur");
            Eq((int)RequestOutcome.Pending, (int)st.LastOutcome, "out");
            Eq(t.Estimate, st.LastAttempt, "last");
            Eq(At(500, 300).Estimate, st.NextAttempt, "next");
            Eq(1, st.Attempts, "att");
            Eq((int)RenewalPhase.Due, (int)st.Phase, "phase");
        }

        [TestMethod]
        public void Steps_ThroughRecordStore_PowerCutKeepsPreviousState()
        {
            var blobs = new Storage.MemoryBlobStore();
            var store = new RecordStore(blobs);
            RenewalEngine e = Engine();
            RenewalStep s = e.CsrPrepared(At(500, 0), EnrollmentKind.Reenroll, 0);
            store.Save(RenewalEngine.RecordName, s.StateRecord, 0, s.StateRecord.Length);
            s = e.WindowOpened(At(500, 0), Budget);
            blobs.CutPowerDuringWrite(1, 20, false);
            Assert.ThrowsException(typeof(Storage.PowerCutException), () => store.Save(RenewalEngine.RecordName, s.StateRecord, 0, s.StateRecord.Length));

            RecordLoad load = new RecordStore(blobs).Load(RenewalEngine.RecordName);
            var again = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 2);
            Is(again.Boot(load.State, load.Payload, NB, NA), RenewalActionKind.Nothing, RenewalReport.StateRecovered);
            Eq(0, again.State.Attempts, "att");
            Assert.IsTrue(again.State.CsrPrepared, "csr");
        }
    }
}
