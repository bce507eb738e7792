namespace DeviceAgent.Renewal
{
    /// <summary>A snapshot of the engine for the cloud's status topic. Times are ticks, 0 for none.</summary>
    public sealed class RenewalStatus
    {
        /// <summary>notAfter of the current certificate.</summary>
        public long CurrentNotAfter { get; internal set; }

        /// <summary>notAfter of the candidate waiting to be used.</summary>
        public long CandidateNotAfter { get; internal set; }

        /// <summary>Credential tier in use.</summary>
        public CredentialTier Tier { get; internal set; }

        /// <summary>Phase of the current certificate.</summary>
        public RenewalPhase Phase { get; internal set; }

        /// <summary>When the last request was sent.</summary>
        public long LastAttempt { get; internal set; }

        /// <summary>How it ended.</summary>
        public RequestOutcome LastOutcome { get; internal set; }

        /// <summary>Earliest time of the next request; 0 when stopped after a permanent refusal.</summary>
        public long NextAttempt { get; internal set; }

        /// <summary>Stopped after a permanent refusal.</summary>
        public bool Rejected { get; internal set; }

        /// <summary>The caller's code for the refusal.</summary>
        public int RejectReason { get; internal set; }

        /// <summary>Requests sent.</summary>
        public int Attempts { get; internal set; }

        /// <summary>Certificates issued.</summary>
        public int Renewals { get; internal set; }

        /// <summary>Transient failures.</summary>
        public int TransientFailures { get; internal set; }

        /// <summary>Permanent refusals.</summary>
        public int Rejections { get; internal set; }

        /// <summary>Candidates promoted.</summary>
        public int Promotions { get; internal set; }

        /// <summary>Version of the policy in force.</summary>
        public int PolicyVersion { get; internal set; }
    }
}
