namespace DeviceAgent.Renewal
{
    /// <summary>How an EST request ended, as the caller classifies the response (or its absence).</summary>
    public enum RequestOutcome
    {
        /// <summary>No request attempted yet.</summary>
        None = 0,

        /// <summary>Sent, no result recorded (a reboot during the request leaves this).</summary>
        InFlight = 1,

        /// <summary>200 with a certificate the caller validated (key, chain, subject, validity).</summary>
        Issued = 2,

        /// <summary>202 Accepted with Retry-After: retry later with the same CSR.</summary>
        Pending = 3,

        /// <summary>401 or 403: the credential was refused; climb the fallback chain.</summary>
        AuthFailed = 4,

        /// <summary>A permanent refusal (e.g. 400 policy violation): stop until a command or a policy change.</summary>
        Rejected = 5,

        /// <summary>Network failure, timeout, 5xx: back off and retry.</summary>
        Transient = 6,

        /// <summary>A response the caller could not parse or validate: treated as transient.</summary>
        Malformed = 7,
    }
}
