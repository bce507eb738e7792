namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The credential a renewal request authenticates with, in fallback order (ARCHITECTURE.md "Credentials and
    /// their tiers"): a 401/403 climbs to the next tier.
    /// </summary>
    public enum CredentialTier
    {
        /// <summary>The current operational certificate, still valid (judged on the time floor).</summary>
        Operational = 0,

        /// <summary>The operational certificate, expired but within the server's grace window.</summary>
        ExpiredInGrace = 1,

        /// <summary>The birth credential (bootstrap secret or factory certificate).</summary>
        Birth = 2,
    }
}
