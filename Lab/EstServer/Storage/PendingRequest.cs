using Lab.EstServer.Est;

namespace Lab.EstServer.Storage;

/// <summary>An enrollment request held for manual approval (RFC 7030 §4.2.3), keyed by device and public key.</summary>
/// <param name="Id">Number to approve or reject it by.</param>
/// <param name="DeviceId">The authenticated device.</param>
/// <param name="Operation">simpleenroll or simplereenroll.</param>
/// <param name="Label">The EST label of the first request, or null.</param>
/// <param name="PublicKeySha256">SHA-256 of the CSR's SubjectPublicKeyInfo, lower-case hex (libest correlates retries by key the same way).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ReceivedAt">When the first request arrived.</param>
/// <param name="DecidedAt">When it was approved or rejected.</param>
/// <param name="IssuedSerialNumber">Serial number of the certificate issued for it, once issued.</param>
public sealed record PendingRequest(
    long Id, string DeviceId, EstOperation Operation, string? Label, string PublicKeySha256, PendingStatus Status,
    DateTimeOffset ReceivedAt, DateTimeOffset? DecidedAt, string? IssuedSerialNumber);
