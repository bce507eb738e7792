namespace DeviceAgent.Renewal
{
    /// <summary>What the caller must do after a <see cref="RenewalEngine"/> step (after persisting its state).</summary>
    public enum RenewalActionKind
    {
        /// <summary>Nothing now (see <see cref="RenewalStep.Report"/> for why).</summary>
        Nothing = 0,

        /// <summary>Nothing until <see cref="RenewalStep.UntilTicks"/> (estimated time).</summary>
        Sleep = 1,

        /// <summary>Build and sign a CSR on <see cref="RenewalStep.KeySlot"/> (generating a key first for Rekey), store it, report <see cref="RenewalEngine.CsrPrepared"/>.</summary>
        PrepareCsr = 2,

        /// <summary>Send the stored CSR with <see cref="RenewalStep.Kind"/> and <see cref="RenewalStep.Tier"/>; report <see cref="RenewalEngine.RequestResult"/>.</summary>
        SendEstRequest = 3,

        /// <summary>Try the stored candidate certificate (e.g. an MQTT connect); report <see cref="RenewalEngine.CandidateUsed"/>.</summary>
        UseCandidate = 4,

        /// <summary>Make the candidate the current certificate in the certificate store; the old one may go.</summary>
        PromoteCandidate = 5,

        /// <summary>Delete the candidate and keep using the current certificate.</summary>
        DiscardCandidate = 6,
    }
}
