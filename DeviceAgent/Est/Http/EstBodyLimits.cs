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
        /// and perhaps its chain (est.md §12.4: extra certificates happen); three certificates with an RSA-4096 CA are
        /// about 5 KB DER, 7 KB base64. 16384 is also libest's server bound on a whole request
        /// (est_server_http.c MAX_REQUEST_SIZE, est.md §9), the largest exchange that server pairs with it.
        /// </summary>
        public const int Enroll = 16384;

        /// <summary>
        /// /cacerts: the CA chain plus the root-rollover certificates of RFC 7030 §4.1.3 (OldWithOld, OldWithNew,
        /// NewWithOld), possibly many RSA certificates; gs/est caps bodies at 65536 (server.go maxBodySize, est.md §9).
        /// </summary>
        public const int CaCerts = 65536;

        /// <summary>/csrattrs: a short SEQUENCE of OIDs and attributes; RFC 8951 §4's examples are a few hundred bytes.</summary>
        public const int CsrAttrs = 4096;
    }
}
