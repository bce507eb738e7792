using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace Lab.FleetSim;

/// <summary>
/// What one save of each record writes to flash: <see cref="RecordStore"/> writes one copy per save, framed by
/// <see cref="RecordFrame"/> (header and CRC trailer). Payload sizes: the renewal state is exact; the others follow
/// DeviceAgent/Lifecycle (CredentialStore: 3 header bytes and the DER; AnchorRecord: 8 bytes and the anchor store)
/// with DER sizes from BENCHMARKS.md.
/// </summary>
internal static class FlashRecords
{
    /// <summary>The kinds of record the renewal path writes.</summary>
    public enum Kind
    {
        State = 0,
        Csr = 1,
        Candidate = 2,
        Current = 3,
        Anchors = 4,
    }

    /// <summary>Number of <see cref="Kind"/> values.</summary>
    public const int KindCount = 5;

    /// <summary>Frame bytes around each payload.</summary>
    public const int Framing = RecordFrame.HeaderSize + RecordFrame.TrailerSize;

    /// <summary>A signed PKCS#10 of the device (BENCHMARKS.md "PKCS#10": 420–498 B of DER).</summary>
    public const int CsrDer = 460;

    /// <summary>An issued device certificate (BENCHMARKS.md "EST on the wire": 494 B of DER).</summary>
    public const int CertificateDer = 494;

    /// <summary>A P-256 CA certificate (BENCHMARKS.md "X.509 and PKCS#7": 1,381 B for three certificates).</summary>
    public const int CaCertificateDer = 454;

    /// <summary>Bytes written by one save of <paramref name="kind"/>; <paramref name="anchorCertificates"/> counts the certificates in the anchor store.</summary>
    public static int Bytes(Kind kind, int anchorCertificates)
    {
        return Framing + kind switch
        {
            Kind.State => RenewalState.EncodedSize,
            Kind.Csr => 3 + CsrDer,
            Kind.Candidate or Kind.Current => 3 + CertificateDer,
            _ => 8 + 4 + (anchorCertificates * (CaCertificateDer + 4)),
        };
    }
}
