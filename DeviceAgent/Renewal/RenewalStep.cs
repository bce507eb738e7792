namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The outcome of one engine step. The caller first saves <see cref="StateRecord"/> (when not null) as record
    /// <see cref="RenewalEngine.RecordName"/>, then carries out <see cref="Action"/>: the state an action depends on
    /// is durable before the action starts.
    /// </summary>
    public sealed class RenewalStep
    {
        internal RenewalStep(byte[] stateRecord, RenewalActionKind action, RenewalReport report)
        {
            StateRecord = stateRecord;
            Action = action;
            Report = report;
        }

        /// <summary>The encoded <see cref="RenewalState"/> to persist before acting; null when unchanged.</summary>
        public byte[] StateRecord { get; }

        /// <summary>What to do next.</summary>
        public RenewalActionKind Action { get; }

        /// <summary>Why; worth a status message when not <see cref="RenewalReport.None"/>.</summary>
        public RenewalReport Report { get; }

        /// <summary>For <see cref="RenewalActionKind.PrepareCsr"/> and <see cref="RenewalActionKind.SendEstRequest"/>: the operation.</summary>
        public EnrollmentKind Kind { get; internal set; }

        /// <summary>For <see cref="RenewalActionKind.SendEstRequest"/>: the credential to authenticate with.</summary>
        public CredentialTier Tier { get; internal set; }

        /// <summary>For <see cref="RenewalActionKind.PrepareCsr"/> and <see cref="RenewalActionKind.SendEstRequest"/>: the key slot.</summary>
        public int KeySlot { get; internal set; }

        /// <summary>For <see cref="RenewalActionKind.Sleep"/>: the estimated time (ticks) to wake at.</summary>
        public long UntilTicks { get; internal set; }
    }
}
