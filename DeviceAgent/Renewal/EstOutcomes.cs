using DeviceAgent.Est;

namespace DeviceAgent.Renewal
{
    /// <summary>How the EST client's outcome feeds the renewal engine (the caller's glue between the two).</summary>
    public static class EstOutcomes
    {
        /// <summary>
        /// The engine's view of an EST outcome. A certificate the server should not have issued (wrong key, wrong
        /// name, untrusted, invalid dates) is server misbehaviour, handled like a malformed answer (back off and
        /// retry), never stored; a client certificate the platform cannot present climbs the fallback chain like
        /// a refused credential, to the HTTP Basic path.
        /// </summary>
        public static RequestOutcome ToRequestOutcome(EstOutcomeKind kind)
        {
            switch (kind)
            {
                case EstOutcomeKind.Success:
                    return RequestOutcome.Issued;
                case EstOutcomeKind.RetryLater:
                    return RequestOutcome.Pending;
                case EstOutcomeKind.AuthenticationFailed:
                case EstOutcomeKind.ClientCertificateUnsupported:
                    return RequestOutcome.AuthFailed;
                case EstOutcomeKind.Rejected:
                    return RequestOutcome.Rejected;
                case EstOutcomeKind.ServerError:
                case EstOutcomeKind.TransportFailed:
                    return RequestOutcome.Transient;
                default:
                    return RequestOutcome.Malformed;
            }
        }
    }
}
