namespace DeviceAgent.Renewal
{
    /// <summary>Where a certificate is in its life, by the renewal policy (ARCHITECTURE.md "Renewal engine").</summary>
    public enum RenewalPhase
    {
        /// <summary>Before the (jittered) due time: nothing to do.</summary>
        NotDue = 0,

        /// <summary>Due: renew opportunistically, backing off on transient errors.</summary>
        Due = 1,

        /// <summary>Close to expiry: try in every window, with the shortest backoff.</summary>
        Urgent = 2,

        /// <summary>Expired, but within the server's grace window: re-enroll with the expired certificate.</summary>
        Grace = 3,

        /// <summary>Expired beyond grace: only the birth credential can get a new certificate.</summary>
        Lapsed = 4,
    }
}
