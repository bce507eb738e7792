namespace Lab.EstServer.Storage;

/// <summary>How an enrollment request was authenticated, as written to the issuance log.</summary>
public static class AuthenticationMethods
{
    /// <summary>HTTP Basic with the device's bootstrap secret (RFC 7030 §3.2.3).</summary>
    public const string Basic = "basic";

    /// <summary>A valid TLS client certificate issued by this server (RFC 7030 §3.3.2).</summary>
    public const string Certificate = "certificate";

    /// <summary>A TLS client certificate that had expired but was inside the re-enrollment grace window.</summary>
    public const string CertificateInGrace = "certificate-grace";
}
