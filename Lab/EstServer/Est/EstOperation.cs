namespace Lab.EstServer.Est;

/// <summary>The EST operations this server implements (RFC 7030 §3.2.2; serverkeygen and fullcmc are not offered).</summary>
public enum EstOperation
{
    /// <summary>GET /cacerts: the CA certificates (RFC 7030 §4.1).</summary>
    CaCerts,

    /// <summary>POST /simpleenroll: first enrollment (RFC 7030 §4.2.1).</summary>
    SimpleEnroll,

    /// <summary>POST /simplereenroll: renewal or rekey of an existing certificate (RFC 7030 §4.2.2).</summary>
    SimpleReenroll,

    /// <summary>GET /csrattrs: what the CSR should contain (RFC 7030 §4.5, RFC 8951 §4).</summary>
    CsrAttrs,
}
