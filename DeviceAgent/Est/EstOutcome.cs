using System;
using System.Collections;

namespace DeviceAgent.Est
{
    /// <summary>
    /// The result of one EST operation: a kind to branch on and the fields that kind fills. Fields a kind does not
    /// use are null, 0, -1 or <see cref="DateTime.MinValue"/>.
    /// </summary>
    public sealed class EstOutcome
    {
        internal EstOutcome(EstOutcomeKind kind, int httpStatus, string message)
        {
            Kind = kind;
            HttpStatus = httpStatus;
            Message = message;
            RetryAfterSeconds = -1;
            RetryAt = DateTime.MinValue;
            ServerDate = DateTime.MinValue;
        }

        /// <summary>What happened.</summary>
        public EstOutcomeKind Kind { get; }

        /// <summary>The final HTTP status code, or 0 when no response head was read.</summary>
        public int HttpStatus { get; }

        /// <summary>For people and logs: the server's text (printable ASCII, at most <see cref="EstClient.MaxMessageLength"/>
        /// characters) or why the client refused the answer. Never holds a credential.</summary>
        public string Message { get; }

        /// <summary>True for the kinds worth retrying unchanged later: <see cref="EstOutcomeKind.RetryLater"/>,
        /// <see cref="EstOutcomeKind.ServerError"/>, <see cref="EstOutcomeKind.TransportFailed"/>.</summary>
        public bool IsTransient
        {
            get
            {
                return Kind == EstOutcomeKind.RetryLater || Kind == EstOutcomeKind.ServerError || Kind == EstOutcomeKind.TransportFailed;
            }
        }

        /// <summary>(Re)enroll success: the validated certificate (DER, our own copy).</summary>
        public byte[] Certificate { get; internal set; }

        /// <summary>(Re)enroll success: the trust anchor (DER) the certificate chained to; pass it to
        /// <see cref="TrustAnchorStore.ConfirmWorked"/> once the certificate has been used successfully.</summary>
        public byte[] TrustAnchor { get; internal set; }

        /// <summary>/cacerts success: every certificate of the answer (DER byte[] each), all verified.</summary>
        public ArrayList CaCertificates { get; internal set; }

        /// <summary>/cacerts success: true when a rollover certificate added a new (pending) trust anchor.</summary>
        public bool TrustAnchorAdded { get; internal set; }

        /// <summary>/csrattrs success: the CsrAttrs DER (RFC 8951 §4); an empty SEQUENCE for 204 or 404.</summary>
        public byte[] CsrAttributes { get; internal set; }

        /// <summary>202, or a 5xx with Retry-After: the wait in seconds, clamped to
        /// [<see cref="EstClient.MinRetryAfterSeconds"/>, <see cref="EstClient.MaxRetryAfterSeconds"/>]; -1 when none.</summary>
        public int RetryAfterSeconds { get; internal set; }

        /// <summary>The time estimate given to the call plus <see cref="RetryAfterSeconds"/>; MinValue when none.</summary>
        public DateTime RetryAt { get; internal set; }

        /// <summary>True when the response carried a parsable Date header. The connection was TLS-authenticated against
        /// the trust anchors, so the caller may feed <see cref="ServerDate"/> to TrustedTime.ObserveAuthenticatedTime.</summary>
        public bool HasServerDate { get; internal set; }

        /// <summary>The response's Date header (UTC) when <see cref="HasServerDate"/>.</summary>
        public DateTime ServerDate { get; internal set; }
    }
}
