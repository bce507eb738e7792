namespace Lab.DeviceTls;

/// <summary>TLS versions the connector offers (est.md §3.3: TLS 1.2 is what EST servers in the field speak).</summary>
[Flags]
public enum DeviceTlsVersions
{
    /// <summary>Nothing: not a valid setting.</summary>
    None = 0,

    /// <summary>TLS 1.2 (RFC 5246).</summary>
    Tls12 = 1,

    /// <summary>TLS 1.3 (RFC 8446).</summary>
    Tls13 = 2,

    /// <summary>Both; the server picks (the default).</summary>
    Tls12AndTls13 = Tls12 | Tls13,
}
