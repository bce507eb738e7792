namespace Lab.EstServer.Storage;

/// <summary>A registered device as the registry shows it (never with its secret).</summary>
/// <param name="Id">Device id: the HTTP Basic user name, the certificate's CN and the name in its SAN.</param>
/// <param name="RegisteredAt">When the device was first registered.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record DeviceRecord(string Id, DateTimeOffset RegisteredAt, DateTimeOffset? RevokedAt)
{
    /// <summary>A revoked device can neither enroll nor re-enroll, and its certificates are refused.</summary>
    public bool Revoked => RevokedAt is not null;
}
