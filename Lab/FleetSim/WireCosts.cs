namespace Lab.FleetSim;

/// <summary>
/// Bytes on the wire per exchange (TLS records both ways, TCP/IP headers not counted), from BENCHMARKS.md
/// "EST: one re-enrollment on the wire", the table measured after the Lab server stopped sending resumable session
/// tickets (AllowTlsResume = false). Figures not measured there are derived from its breakdown, as each comment says.
/// </summary>
internal static class WireCosts
{
    /// <summary>/simplereenroll with the chip-held key, certificate issued (measured: 1,613 + 2,061).</summary>
    public const int Reenroll = 3674;

    /// <summary>/simpleenroll with HTTP Basic (bootstrap), certificate issued (measured: 1,087 + 2,061).</summary>
    public const int Enroll = 3148;

    /// <summary>/cacerts with the root and the issuing CA (measured: 524 + 2,595).</summary>
    public const int CaCerts = 3119;

    /// <summary>
    /// /cacerts during a root rollover: four more certificates (old root, NewWithOld, OldWithNew, previous issuing CA).
    /// Derived: a P-256 CA certificate is about 454 B of DER (BENCHMARKS.md "X.509 and PKCS#7": 1,381 B for three),
    /// about 614 B as base64 with line breaks.
    /// </summary>
    public const int CaCertsDuringRollover = CaCerts + (4 * 614);

    /// <summary>
    /// An answer without a certificate (202, 401, 403, 503): the same request and handshake, and instead of the 946-byte
    /// response (head 192 B, PKCS#7 732 B of base64, record overhead) about 250 B of head and short text. Derived.
    /// </summary>
    public const int ResponseBodySaved = 946 - 250;

    /// <summary>A refused or pending re-enrollment (derived, see <see cref="ResponseBodySaved"/>).</summary>
    public const int ReenrollRefused = Reenroll - ResponseBodySaved;

    /// <summary>A refused or pending enrollment (derived, see <see cref="ResponseBodySaved"/>).</summary>
    public const int EnrollRefused = Enroll - ResponseBodySaved;

    /// <summary>
    /// A transport failure (server unreachable): nothing comes back and what the device sent (a SYN, perhaps a
    /// ClientHello) is not counted.
    /// </summary>
    public const int TransportFailure = 0;

    /// <summary>
    /// One authorization-token fetch over mutual TLS with the identity certificate (strategy C). Derived from the
    /// re-enrollment: client → server 1,613 B less the 635-byte EST request plus a 150-byte token request; server →
    /// client 2,061 B less the 946-byte EST response plus a 192-byte head and a 300-byte token (400 B as base64url).
    /// </summary>
    public const int TokenFetch = (1613 - 635 + 150) + (2061 - 946 + 192 + 400);

    /// <summary>Size of the token itself (assumption: a signed JWT-like token with device id, scope and expiry).</summary>
    public const int TokenSize = 300;

    /// <summary>A plain HTTP GET of a CRL (CRLs are signed, so usually fetched without TLS): request and response head, about 350 B, plus the CRL.</summary>
    public const int CrlFetchOverhead = 350;
}
