using DeviceAgent.Renewal;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Renewal.RenewalRig;

namespace DeviceAgent.Tests.Renewal
{
    /// <summary>The persisted renewal state: fixed-size round trip, and every kind of garbage refused.</summary>
    [TestClass]
    public class RenewalStateTests
    {
        [TestMethod]
        public void EncodeDecode_RoundTripsEveryField()
        {
            RenewalState s = Full();
            byte[] a = s.Encode();
            Eq(RenewalState.EncodedSize, a.Length, "size");
            RenewalState d = RenewalState.Decode(a);
            Assert.IsNotNull(d, "null");
            Eq(Hex.Format(a, 0, a.Length).Length, Hex.Format(d.Encode(), 0, a.Length).Length, "len");
            Assert.AreEqual(Hex.Format(a, 0, a.Length), Hex.Format(d.Encode(), 0, a.Length), string.Empty);
            Eq(NA + Day, d.CandidateNotAfter, "cand");
            Eq(NB + (3 * Day), d.RetryAt, "retry");
            Eq((int)CredentialTier.ExpiredInGrace, (int)d.Tier, "tier");
            Eq((int)EnrollmentKind.Rekey, (int)d.CsrKind, "kind");
            Eq(4, d.AuthFailures[2], "auth");
            Eq(33, d.Promotions, "prom");
            Eq(5, d.Policy.Version, "pol");
            True(d.Rejected && d.ForceRenewal && d.CsrPrepared && d.CandidatePresent, "flags");
        }

        [TestMethod]
        public void Decode_RefusesGarbage()
        {
            // Each pair: offset, byte written there; every one must make the record undecodable.
            int[] edits =
            {
                0, 2,          // format version
                1, 0x20,       // unknown flag
                2, 3,          // tier
                3, 3,          // CSR kind
                7, 8,          // outcome
                15, 0x80,      // current notBefore negative
                23, 0x80,      // current notAfter negative
                67, 0x80,      // consecutive failures negative
                68, 101,       // windows to skip above 100
                108, 1,        // reserved
                112, 2,        // policy format
                118, 0xFF,     // policy RenewAtPerMille
            };
            byte[] good = Full().Encode();
            for (int i = 0; i < edits.Length; i += 2)
            {
                var bad = (byte[])good.Clone();
                bad[edits[i]] = (byte)edits[i + 1];
                Assert.IsNull(RenewalState.Decode(bad), "at " + edits[i]);
            }

            Assert.IsNull(RenewalState.Decode(null), "null");
            Assert.IsNull(RenewalState.Decode(new byte[RenewalState.EncodedSize - 1]), "short");
            Assert.IsNull(RenewalState.Decode(new byte[RenewalState.EncodedSize]), "zero");
        }

        [TestMethod]
        public void Decode_RefusesInconsistentValidity()
        {
            RenewalState s = Full();
            s.CurrentNotAfter = s.CurrentNotBefore;
            Assert.IsNull(RenewalState.Decode(s.Encode()), "span");
            s = Full();
            s.CandidatePresent = false;   // validity left behind without the flag
            Assert.IsNull(RenewalState.Decode(s.Encode()), "flag");
        }

        private static RenewalState Full()
        {
            var p = new RenewalPolicy();
            p.Version = 5;
            var s = new RenewalState(p);
            s.CurrentPresent = true;
            s.CurrentNotBefore = NB;
            s.CurrentNotAfter = NA;
            s.CurrentKeySlot = 2;
            s.CandidatePresent = true;
            s.CandidateNotBefore = NB + Day;
            s.CandidateNotAfter = NA + Day;
            s.CandidateKeySlot = 3;
            s.Tier = CredentialTier.ExpiredInGrace;
            s.CsrPrepared = true;
            s.CsrKeySlot = 3;
            s.CsrKind = EnrollmentKind.Rekey;
            s.RetryAt = NB + (3 * Day);
            s.ConsecutiveFailures = 6;
            s.WindowsToSkip = 7;
            s.AuthFailures[0] = 1;
            s.AuthFailures[1] = 2;
            s.AuthFailures[2] = 4;
            s.Rejected = true;
            s.RejectReason = 403;
            s.ForceRenewal = true;
            s.LastAttempt = NB + (2 * Day);
            s.LastOutcome = RequestOutcome.Malformed;
            s.Attempts = 100000;
            s.Renewals = 11;
            s.TransientFailures = 22;
            s.Rejections = 3;
            s.Promotions = 33;
            s.Floor = NB + (2 * Day);
            return s;
        }
    }
}
