using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Ca;
using Lab.EstServer.Est;
using Lab.EstServer.Faults;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Admin;

/// <summary>POST /admin/devices: register a device or replace its bootstrap secret.</summary>
/// <param name="Id">Device id.</param>
/// <param name="Secret">Bootstrap secret (stored hashed, never logged or returned).</param>
public sealed record DeviceRegistration(string Id, string Secret);

/// <summary>A device with its issuance history.</summary>
/// <param name="Device">The device.</param>
/// <param name="Issued">Its certificates, oldest first.</param>
public sealed record DeviceDetails(DeviceRecord Device, IReadOnlyList<IssuedView> Issued);

/// <summary>An issuance log entry with the certificate as PEM.</summary>
public sealed record IssuedView(
    string SerialNumber, string DeviceId, EstOperation Operation, string? Label, string Authentication,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string PublicKeySha256, DateTimeOffset IssuedAt, string CertificatePem)
{
    /// <summary>The view of a log entry.</summary>
    public static IssuedView Of(IssuedCertificate entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.SerialNumber, entry.DeviceId, entry.Operation, entry.Label, entry.Authentication, entry.NotBefore, entry.NotAfter,
            entry.PublicKeySha256, entry.IssuedAt, new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", entry.CertificateDer.Span)));
    }
}

/// <summary>GET /admin/ca, and the answer of the rollover commands.</summary>
/// <param name="RootPem">Current root CA certificate.</param>
/// <param name="IssuingPem">Current issuing CA certificate.</param>
/// <param name="RootSha256">SHA-256 fingerprint of the root, upper-case hex (what a device may pin, RFC 7030 §4.1.1).</param>
/// <param name="PreviousIssuingPem">The issuing CA before the last rollover (still published), or absent.</param>
/// <param name="OldRootPem">During a root rollover: the old root (OldWithOld).</param>
/// <param name="OldRootSha256">During a root rollover: the old root's SHA-256 fingerprint.</param>
/// <param name="NewWithOldPem">During a root rollover: the new root's name and key signed by the old root.</param>
/// <param name="OldWithNewPem">During a root rollover: the old root's name and key signed by the new root.</param>
/// <param name="ServerCertificateIssuer">Issuer of the TLS server certificate (which root it is under).</param>
public sealed record CaView(
    string RootPem, string IssuingPem, string RootSha256, string? PreviousIssuingPem = null, string? OldRootPem = null,
    string? OldRootSha256 = null, string? NewWithOldPem = null, string? OldWithNewPem = null, string? ServerCertificateIssuer = null)
{
    /// <summary>The view of a CA state and the TLS server certificate.</summary>
    public static CaView Of(CaState ca, X509Certificate2 serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(serverCertificate);
        return new(
            ca.Root.ExportCertificatePem(), ca.Issuing.ExportCertificatePem(), Convert.ToHexString(SHA256.HashData(ca.Root.RawData)),
            ca.PreviousIssuing?.ExportCertificatePem(), ca.Rollover?.OldRoot.ExportCertificatePem(),
            ca.Rollover is null ? null : Convert.ToHexString(SHA256.HashData(ca.Rollover.OldRoot.RawData)),
            ca.Rollover?.NewWithOld.ExportCertificatePem(), ca.Rollover?.OldWithNew.ExportCertificatePem(), serverCertificate.Issuer);
    }
}

/// <summary>POST /admin/ca/rollover-root (the body is optional).</summary>
/// <param name="ReissueServerCertificate">Re-issue the TLS server certificate under the new root now (sent with
/// NewWithOld); otherwise it stays under the old root until /admin/ca/retire-old-root.</param>
public sealed record RootRolloverRequest(bool ReissueServerCertificate = false);

/// <summary>The policy in seconds; on PUT every member is optional and only the given ones change.</summary>
public sealed record PolicyView(
    long? CertificateLifetimeSeconds = null, long? ReenrollGraceSeconds = null, EstApprovalMode? Approval = null,
    long? RetryAfterSeconds = null, bool? AllowRekey = null, IReadOnlyList<string>? DnsSuffixes = null)
{
    /// <summary>The view of a policy.</summary>
    public static PolicyView Of(EstPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(
            (long)policy.CertificateLifetime.TotalSeconds, (long)policy.ReenrollGracePeriod.TotalSeconds, policy.Approval,
            (long)policy.RetryAfter.TotalSeconds, policy.AllowRekey, policy.DnsSuffixes);
    }

    /// <summary><paramref name="policy"/> with the members given here changed.</summary>
    public EstPolicy ApplyTo(EstPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with
        {
            CertificateLifetime = CertificateLifetimeSeconds is { } lifetime ? TimeSpan.FromSeconds(lifetime) : policy.CertificateLifetime,
            ReenrollGracePeriod = ReenrollGraceSeconds is { } grace ? TimeSpan.FromSeconds(grace) : policy.ReenrollGracePeriod,
            Approval = Approval ?? policy.Approval,
            RetryAfter = RetryAfterSeconds is { } retry ? TimeSpan.FromSeconds(retry) : policy.RetryAfter,
            AllowRekey = AllowRekey ?? policy.AllowRekey,
            DnsSuffixes = DnsSuffixes ?? policy.DnsSuffixes,
        };
    }
}

/// <summary>POST /admin/faults, and each entry of GET /admin/faults (with <see cref="Remaining"/>).</summary>
public sealed record FaultView(
    EstFaultKind Kind, EstOperation? Operation = null, int? Count = null, long? DelayMilliseconds = null,
    long? RetryAfterSeconds = null, int? OversizedBytes = null, int? Remaining = null)
{
    /// <summary>The fault this describes (defaults of <see cref="EstFault"/> for missing members).</summary>
    public EstFault ToFault()
    {
        var fault = new EstFault(Kind) { Operation = Operation };
        return fault with
        {
            Count = Count ?? fault.Count,
            Delay = DelayMilliseconds is { } delay ? TimeSpan.FromMilliseconds(delay) : fault.Delay,
            RetryAfter = RetryAfterSeconds is { } retry ? TimeSpan.FromSeconds(retry) : fault.RetryAfter,
            OversizedBytes = OversizedBytes ?? fault.OversizedBytes,
        };
    }

    /// <summary>The view of a queued fault.</summary>
    public static FaultView Of(EstFault fault, int remaining)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new(
            fault.Kind, fault.Operation, fault.Count, (long)fault.Delay.TotalMilliseconds, (long)fault.RetryAfter.TotalSeconds,
            fault.OversizedBytes, remaining);
    }
}
