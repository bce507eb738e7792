using DeviceAgent.Est;

namespace Lab.FleetSim;

/// <summary>The EST operations a device sends (RFC 7030 §4.1, §4.2).</summary>
internal enum EstOperationKind
{
    CaCerts = 0,
    SimpleEnroll = 1,
    SimpleReenroll = 2,
}

/// <summary>
/// One request as the server model sees it: who, which operation, the client certificate presented (validity and
/// issuing CA generation; 0/0 for HTTP Basic), whether the CSR carries a new key, whether the device can verify a
/// server certificate under the new root.
/// </summary>
internal readonly record struct EstRequest(
    int Device, EstOperationKind Operation, long PresentedNotBefore, long PresentedNotAfter, bool NewKey, bool TrustsNewRoot);

/// <summary>
/// The server's answer: the device-side outcome kind (as <see cref="EstClient"/> would classify it, before its own
/// checks of the issued certificate), the HTTP status (0 for none), Retry-After, the issued validity and CA generation,
/// whether a Date header came back, and the bytes the exchange took on the wire.
/// </summary>
internal readonly record struct EstAnswer(
    EstOutcomeKind Kind, int Status, int RetryAfterSeconds, long NotBefore, long NotAfter, int CaGeneration, bool HasDate, int Bytes);
