namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Largest response bodies the EST client accepts, per operation, to give <see cref="HttpResponseReader.Reset(byte[], int, int)"/>.
    /// The body is base64 (RFC 8951 §3), so it is about 4/3 of the DER plus line ends; a larger body is
    /// <see cref="HttpError.BodyTooLarge"/>, not a reason to allocate more on a board with about 100 KB of heap.
    /// </summary>
    public static class EstBodyLimits
    {
        /// <summary>
        /// /simpleenroll and /simplereenroll: a certs-only PKCS#7 with the device certificate (P-256, under 1 KB DER)
        /// and perhaps its chain (est.md §12.4: extra certificates happen); even three certificates with an RSA-4096 CA
        /// are about 5 KB DER, 7 KB base64 with line ends. 8 KB holds that and, allocated for the call only, leaves the
        /// board's heap to the TLS session (libest's servers cap a whole request at 16384, est.md §9).
        /// </summary>
        public const int Enroll = 8192;

        /// <summary>
        /// /cacerts: the CA chain plus the root-rollover certificates of RFC 7030 §4.1.3 (OldWithOld, OldWithNew,
        /// NewWithOld): five P-256 certificates are about 3 KB DER, five RSA-4096 ones about 8 KB DER, 11 KB base64.
        /// 16 KB holds either; gs/est allows up to 65536 (server.go maxBodySize, est.md §9), which a board with one
        /// TLS session open cannot spare.
        /// </summary>
        public const int CaCerts = 16384;

        /// <summary>/csrattrs: a short SEQUENCE of OIDs and attributes; RFC 8951 §4's examples are a few hundred bytes.</summary>
        public const int CsrAttrs = 4096;
    }
}
