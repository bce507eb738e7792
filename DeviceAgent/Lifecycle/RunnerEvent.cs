namespace DeviceAgent.Lifecycle
{
    /// <summary>Which engine event a <see cref="RenewalRunner"/> step answered.</summary>
    public enum RunnerEvent
    {
        /// <summary>Boot with the loaded state.</summary>
        Boot = 0,

        /// <summary>A boot-time repair: a promotion rolled forward, a lost CSR or certificate.</summary>
        Repair = 1,

        /// <summary>Outside a window.</summary>
        Idle = 2,

        /// <summary>A CSR was stored.</summary>
        CsrPrepared = 3,

        /// <summary>Inside a window.</summary>
        Window = 4,

        /// <summary>An EST result.</summary>
        RequestResult = 5,

        /// <summary>A candidate was tried.</summary>
        CandidateUsed = 6,

        /// <summary>A cloud command.</summary>
        Command = 7,
    }
}
