namespace DeviceAgent.Renewal
{
    /// <summary>Why a step did what it did; worth reporting to the cloud when not <see cref="None"/>.</summary>
    public enum RenewalReport
    {
        /// <summary>Nothing to report.</summary>
        None = 0,

        /// <summary>No state record yet (first boot): a fresh state was created.</summary>
        StateAbsent = 1,

        /// <summary>The state record was damaged or undecodable: enrolling with the birth credential.</summary>
        StateCorrupt = 2,

        /// <summary>One copy of the state record was damaged; the other was used.</summary>
        StateRecovered = 3,

        /// <summary>Renewal is not due yet.</summary>
        NotDue = 4,

        /// <summary>Waiting for a Retry-After or a backoff to pass.</summary>
        Waiting = 5,

        /// <summary>A window was let pass (backoff counted in windows).</summary>
        WindowSkipped = 6,

        /// <summary>The remaining budget does not cover the next step; it is deferred, not started.</summary>
        BudgetTooShort = 7,

        /// <summary>A 401/403 moved the engine to the next credential tier.</summary>
        TierClimbed = 8,

        /// <summary>Every credential tier was refused: stopped until a command or a policy change.</summary>
        AllTiersFailed = 9,

        /// <summary>The server refused the request permanently: stopped until a command or a policy change.</summary>
        Rejected = 10,

        /// <summary>Stopped after a permanent refusal; nothing is sent.</summary>
        Stopped = 11,

        /// <summary>A transient failure: backing off.</summary>
        BackingOff = 12,

        /// <summary>The candidate certificate did not work and was discarded.</summary>
        CandidateFailed = 13,

        /// <summary>The candidate became the current certificate.</summary>
        Promoted = 14,

        /// <summary>A policy update was applied.</summary>
        PolicyApplied = 15,

        /// <summary>A policy update was invalid and ignored.</summary>
        PolicyRejected = 16,

        /// <summary>A result arrived that does not fit the state (no request in flight, no candidate).</summary>
        Unexpected = 17,
    }
}
