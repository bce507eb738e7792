namespace DeviceAgent.Est
{
    /// <summary>
    /// What an EST exchange came to (<see cref="EstOutcome.Kind"/>). Expected server answers are outcomes, never
    /// exceptions; "the server sent garbage" never shares a kind with "the network failed" (coreHTTP's rule,
    /// CONVENTIONS.md). The caller branches on the kind: retry later, climb the credential fallback chain, or give up.
    /// </summary>
    public enum EstOutcomeKind
    {
        /// <summary>200 (or 204/404 for /csrattrs) and the payload passed every check: <see cref="EstOutcome.Certificate"/>,
        /// <see cref="EstOutcome.CaCertificates"/> or <see cref="EstOutcome.CsrAttributes"/>.</summary>
        Success = 1,

        /// <summary>202 (RFC 7030 §4.2.3): the request is pending; send the same CSR again after
        /// <see cref="EstOutcome.RetryAfterSeconds"/>.</summary>
        RetryLater = 2,

        /// <summary>401 or 403 (RFC 7030 §3.2.3, est.md §2): the credential was refused; try the next tier.</summary>
        AuthenticationFailed = 10,

        /// <summary>Another 4xx, or a 3xx (redirects are not followed, RFC 7030 §3.2.1): permanent for this request;
        /// <see cref="EstOutcome.Message"/> holds the server's text.</summary>
        Rejected = 11,

        /// <summary>5xx: transient; honour <see cref="EstOutcome.RetryAfterSeconds"/> when present, else back off.</summary>
        ServerError = 20,

        /// <summary>Connect, TLS handshake (including an unverifiable server), send or receive failed, timed out, or the
        /// connection closed without close_notify: transient.</summary>
        TransportFailed = 21,

        /// <summary>The TLS adapter cannot present the chip-held key (NotSupportedException from the connector): use the
        /// HTTP Basic re-enrollment path (<see cref="EstClient.ReenrollWithBasic"/>).</summary>
        ClientCertificateUnsupported = 22,

        /// <summary>The server's bytes are not what RFC 7030 allows: broken HTTP, wrong media type, bad base64, bad
        /// PKCS#7 or certificate DER, an unexpected status, or a response without our certificate.</summary>
        MalformedResponse = 30,

        /// <summary>Headers or body above the stated limits (<see cref="DeviceAgent.Est.Http.EstBodyLimits"/>).</summary>
        ResponseTooLarge = 31,

        /// <summary>The issued certificate carries a public key other than the CSR's.</summary>
        CertificateKeyMismatch = 40,

        /// <summary>The issued certificate (or a /cacerts answer) does not chain to a trust anchor.</summary>
        CertificateUntrusted = 41,

        /// <summary>The issued certificate's subject or subjectAltName differs from the CSR's.</summary>
        CertificateNameMismatch = 42,

        /// <summary>The issued certificate is expired at the trusted time floor or not valid before the estimate plus skew.</summary>
        CertificateValidityInvalid = 43,
    }
}
