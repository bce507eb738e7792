namespace Lab.EstServer.Faults;

/// <summary>Misbehaviours the server can be told to show on its next response(s), for testing clients.</summary>
public enum EstFaultKind
{
    /// <summary>500 Internal Server Error, before authentication (a CA failure, facts/est.md §2).</summary>
    InternalServerError,

    /// <summary>503 Service Unavailable with Retry-After, before authentication.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped after the request has been read, with no response.</summary>
    DropConnection,

    /// <summary>The answer is held back for <see cref="EstFault.Delay"/>, then given normally.</summary>
    Delay,

    /// <summary>A successful answer with Content-Type text/html instead of the EST media type.</summary>
    WrongContentType,

    /// <summary>A successful answer whose body is not base64 at all.</summary>
    GarbageBase64,

    /// <summary>A successful answer whose base64 body is cut off part-way (not a multiple of 4, DER incomplete).</summary>
    TruncatedBase64,

    /// <summary>(Re)enroll: a certificate from the real issuing CA but for a key other than the CSR's. Not logged.</summary>
    CertificateForDifferentKey,

    /// <summary>(Re)enroll: a certificate for the CSR's key from a CA nobody trusts; cacerts: that CA's certificates. Not logged.</summary>
    CertificateFromUnknownCa,

    /// <summary>A successful answer replaced by at least <see cref="EstFault.OversizedBytes"/> bytes of valid base64.</summary>
    OversizedBody,
}
