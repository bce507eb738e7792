using System;

namespace DeviceAgent.Renewal
{
    /// <summary>
    /// Everything the renewal engine must remember across reboots, persisted as one record (<c>renewal</c>) through
    /// <see cref="Storage.RecordStore"/>. Times are <see cref="DateTime"/> ticks; 0 means "none". The encoding is
    /// fixed-size little-endian with a format version; <see cref="Decode"/> validates every field.
    /// </summary>
    public sealed class RenewalState
    {
        /// <summary>Encoded size: 8 single bytes, 7 times, 12 counts, the policy.</summary>
        public const int EncodedSize = 8 + (7 * 8) + (12 * 4) + RenewalPolicy.EncodedSize;

        /// <summary>Format of <see cref="Encode"/>; a change makes older records decode as corrupt.</summary>
        public const byte FormatVersion = 1;

        private const int FlagCurrent = 1;
        private const int FlagCandidate = 2;
        private const int FlagCsr = 4;
        private const int FlagRejected = 8;
        private const int FlagForce = 16;
        private const int FlagMask = 31;

        /// <summary>A fresh state: no certificate, birth tier, <paramref name="policy"/> (not copied).</summary>
        public RenewalState(RenewalPolicy policy)
        {
            Policy = policy;
            Tier = CredentialTier.Birth;
            AuthFailures = new int[3];
        }

        /// <summary>True when an operational certificate is held.</summary>
        public bool CurrentPresent { get; set; }

        /// <summary>notBefore of the current certificate (ticks).</summary>
        public long CurrentNotBefore { get; set; }

        /// <summary>notAfter of the current certificate (ticks).</summary>
        public long CurrentNotAfter { get; set; }

        /// <summary>Chip slot of the current certificate's key.</summary>
        public int CurrentKeySlot { get; set; }

        /// <summary>True when an issued certificate waits to be used once before it becomes current.</summary>
        public bool CandidatePresent { get; set; }

        /// <summary>notBefore of the candidate (ticks).</summary>
        public long CandidateNotBefore { get; set; }

        /// <summary>notAfter of the candidate (ticks).</summary>
        public long CandidateNotAfter { get; set; }

        /// <summary>Chip slot of the candidate's key.</summary>
        public int CandidateKeySlot { get; set; }

        /// <summary>Lowest credential tier still worth trying (raised by 401/403, reset by a promotion).</summary>
        public CredentialTier Tier { get; set; }

        /// <summary>True when a signed CSR is stored by the caller and reusable until issued.</summary>
        public bool CsrPrepared { get; set; }

        /// <summary>Key slot of the prepared (or to be prepared) CSR.</summary>
        public int CsrKeySlot { get; set; }

        /// <summary>What the CSR is for.</summary>
        public EnrollmentKind CsrKind { get; set; }

        /// <summary>No request before this estimated time (Retry-After or backoff); 0 for none.</summary>
        public long RetryAt { get; set; }

        /// <summary>Transient failures since the last success.</summary>
        public int ConsecutiveFailures { get; set; }

        /// <summary>Connectivity windows still to let pass.</summary>
        public int WindowsToSkip { get; set; }

        /// <summary>401/403 count per <see cref="CredentialTier"/> (index = tier).</summary>
        public int[] AuthFailures { get; private set; }

        /// <summary>Stopped after a permanent refusal, until a command or a policy change.</summary>
        public bool Rejected { get; set; }

        /// <summary>The caller's reason code for <see cref="Rejected"/> (e.g. the HTTP status).</summary>
        public int RejectReason { get; set; }

        /// <summary>A command asked for renewal regardless of the phase.</summary>
        public bool ForceRenewal { get; set; }

        /// <summary>Estimated time of the last request sent (ticks).</summary>
        public long LastAttempt { get; set; }

        /// <summary>How the last request ended.</summary>
        public RequestOutcome LastOutcome { get; set; }

        /// <summary>Requests sent.</summary>
        public int Attempts { get; set; }

        /// <summary>Certificates issued.</summary>
        public int Renewals { get; set; }

        /// <summary>Transient and malformed results.</summary>
        public int TransientFailures { get; set; }

        /// <summary>Permanent refusals (including all tiers failing).</summary>
        public int Rejections { get; set; }

        /// <summary>Candidates promoted to current.</summary>
        public int Promotions { get; set; }

        /// <summary>The trusted time floor when last persisted (ticks): the TrustedTime to start from at boot.</summary>
        public long Floor { get; set; }

        /// <summary>The renewal policy in force (its version is reported in status).</summary>
        public RenewalPolicy Policy { get; set; }

        /// <summary>The fixed-size encoding.</summary>
        public byte[] Encode()
        {
            var d = new byte[EncodedSize];
            int at = 0;
            d[at++] = FormatVersion;
            int flags = (CurrentPresent ? FlagCurrent : 0) | (CandidatePresent ? FlagCandidate : 0) | (CsrPrepared ? FlagCsr : 0)
                | (Rejected ? FlagRejected : 0) | (ForceRenewal ? FlagForce : 0);
            d[at++] = (byte)flags;
            d[at++] = (byte)Tier;
            d[at++] = (byte)CsrKind;
            d[at++] = (byte)CsrKeySlot;
            d[at++] = (byte)CurrentKeySlot;
            d[at++] = (byte)CandidateKeySlot;
            d[at++] = (byte)LastOutcome;
            at = Put64(d, at, CurrentNotBefore);
            at = Put64(d, at, CurrentNotAfter);
            at = Put64(d, at, CandidateNotBefore);
            at = Put64(d, at, CandidateNotAfter);
            at = Put64(d, at, RetryAt);
            at = Put64(d, at, LastAttempt);
            at = Put64(d, at, Floor);
            at = Put32(d, at, ConsecutiveFailures);
            at = Put32(d, at, WindowsToSkip);
            at = Put32(d, at, AuthFailures[0]);
            at = Put32(d, at, AuthFailures[1]);
            at = Put32(d, at, AuthFailures[2]);
            at = Put32(d, at, RejectReason);
            at = Put32(d, at, Attempts);
            at = Put32(d, at, Renewals);
            at = Put32(d, at, TransientFailures);
            at = Put32(d, at, Rejections);
            at = Put32(d, at, Promotions);
            at = Put32(d, at, 0);   // reserved
            byte[] policy = Policy.Encode();
            Array.Copy(policy, 0, d, at, policy.Length);
            return d;
        }

        /// <summary>
        /// Decodes and validates a record; null when it is not a state of this format (wrong size or version, a
        /// value out of range, an invalid policy). The caller reports null as a corrupt record.
        /// </summary>
        public static RenewalState Decode(byte[] data)
        {
            if (data == null || data.Length != EncodedSize || data[0] != FormatVersion || (data[1] & ~FlagMask) != 0
                || data[2] > (byte)CredentialTier.Birth || data[3] > (byte)EnrollmentKind.Rekey || data[7] > (byte)RequestOutcome.Malformed)
            {
                return null;
            }

            RenewalPolicy policy;
            try
            {
                policy = RenewalPolicy.Decode(data, EncodedSize - RenewalPolicy.EncodedSize, RenewalPolicy.EncodedSize);
            }
            catch (ArgumentException)
            {
                return null;   // reported by the caller as a corrupt record
            }

            var s = new RenewalState(policy);
            int flags = data[1];
            s.CurrentPresent = (flags & FlagCurrent) != 0;
            s.CandidatePresent = (flags & FlagCandidate) != 0;
            s.CsrPrepared = (flags & FlagCsr) != 0;
            s.Rejected = (flags & FlagRejected) != 0;
            s.ForceRenewal = (flags & FlagForce) != 0;
            s.Tier = (CredentialTier)data[2];
            s.CsrKind = (EnrollmentKind)data[3];
            s.CsrKeySlot = data[4];
            s.CurrentKeySlot = data[5];
            s.CandidateKeySlot = data[6];
            s.LastOutcome = (RequestOutcome)data[7];
            int at = 8;
            s.CurrentNotBefore = Get64(data, ref at);
            s.CurrentNotAfter = Get64(data, ref at);
            s.CandidateNotBefore = Get64(data, ref at);
            s.CandidateNotAfter = Get64(data, ref at);
            s.RetryAt = Get64(data, ref at);
            s.LastAttempt = Get64(data, ref at);
            s.Floor = Get64(data, ref at);
            s.ConsecutiveFailures = Get32(data, ref at);
            s.WindowsToSkip = Get32(data, ref at);
            s.AuthFailures[0] = Get32(data, ref at);
            s.AuthFailures[1] = Get32(data, ref at);
            s.AuthFailures[2] = Get32(data, ref at);
            s.RejectReason = Get32(data, ref at);
            s.Attempts = Get32(data, ref at);
            s.Renewals = Get32(data, ref at);
            s.TransientFailures = Get32(data, ref at);
            s.Rejections = Get32(data, ref at);
            s.Promotions = Get32(data, ref at);
            int reserved = Get32(data, ref at);

            bool valid = reserved == 0
                && ValidSpan(s.CurrentPresent, s.CurrentNotBefore, s.CurrentNotAfter)
                && ValidSpan(s.CandidatePresent, s.CandidateNotBefore, s.CandidateNotAfter)
                && Tick(s.RetryAt) && Tick(s.LastAttempt) && Tick(s.Floor)
                && s.ConsecutiveFailures >= 0 && s.WindowsToSkip >= 0 && s.WindowsToSkip <= 100
                && s.AuthFailures[0] >= 0 && s.AuthFailures[1] >= 0 && s.AuthFailures[2] >= 0
                && s.Attempts >= 0 && s.Renewals >= 0 && s.TransientFailures >= 0 && s.Rejections >= 0 && s.Promotions >= 0;
            return valid ? s : null;
        }

        private static bool ValidSpan(bool present, long notBefore, long notAfter)
        {
            return present ? Tick(notBefore) && Tick(notAfter) && notBefore < notAfter : notBefore == 0 && notAfter == 0;
        }

        private static bool Tick(long ticks)
        {
            return ticks >= 0 && ticks <= DateTime.MaxValue.Ticks;
        }

        private static int Put32(byte[] d, int at, int v)
        {
            d[at] = (byte)v;
            d[at + 1] = (byte)(v >> 8);
            d[at + 2] = (byte)(v >> 16);
            d[at + 3] = (byte)(v >> 24);
            return at + 4;
        }

        private static int Put64(byte[] d, int at, long v)
        {
            Put32(d, at, (int)v);
            return Put32(d, at + 4, (int)(v >> 32));
        }

        private static int Get32(byte[] d, ref int at)
        {
            int v = d[at] | (d[at + 1] << 8) | (d[at + 2] << 16) | (d[at + 3] << 24);
            at += 4;
            return v;
        }

        private static long Get64(byte[] d, ref int at)
        {
            long low = (uint)Get32(d, ref at);
            long high = Get32(d, ref at);
            return (high << 32) | low;
        }
    }
}
