namespace Lab.EstServer.Est;

/// <summary>GeneralName choices (RFC 5280 §4.2.1.6) that the SAN policy distinguishes.</summary>
public enum GeneralNameKind
{
    /// <summary>[1] rfc822Name.</summary>
    Rfc822Name,

    /// <summary>[2] dNSName.</summary>
    DnsName,

    /// <summary>[6] uniformResourceIdentifier.</summary>
    Uri,

    /// <summary>[7] iPAddress.</summary>
    IpAddress,

    /// <summary>otherName, x400Address, directoryName, ediPartyName or registeredID.</summary>
    Other,
}
