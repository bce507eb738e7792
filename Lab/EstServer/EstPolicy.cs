using System.Globalization;
using System.Text;

namespace Lab.EstServer;

/// <summary>How the server decides what to issue. Immutable; replace it with <c>with</c> to change it at run time.</summary>
public sealed record EstPolicy
{
    /// <summary>Validity of issued device certificates (clamped to the issuing CA's own validity).</summary>
    public TimeSpan CertificateLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after its notAfter a certificate of a known, non-revoked device may still authenticate
    /// /simplereenroll (ARCHITECTURE.md "Fallback chain"). Zero disables the grace window.
    /// </summary>
    public TimeSpan ReenrollGracePeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Which requests wait for an operator (202 + Retry-After, RFC 7030 §4.2.3).</summary>
    public EstApprovalMode Approval { get; init; } = EstApprovalMode.Automatic;

    /// <summary>Retry-After sent with 202 (libest's example server uses 300 s; facts/est.md §2.2). Whole seconds.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether a certificate-authenticated /simplereenroll may carry a new public key (rekey, RFC 7030 §4.2.2).</summary>
    public bool AllowRekey { get; init; }

    /// <summary>
    /// DNS suffixes allowed after the device id in a dNSName SAN ("dev1" + ".example"). Empty allows any suffix;
    /// the bare device id is always allowed.
    /// </summary>
    public IReadOnlyList<string> DnsSuffixes { get; init; } = [];

    /// <summary>Throws if a value cannot be used.</summary>
    public void Validate()
    {
        if (CertificateLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("the certificate lifetime must be positive", nameof(CertificateLifetime));
        }

        if (ReenrollGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentException("the re-enrollment grace period cannot be negative", nameof(ReenrollGracePeriod));
        }

        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("Retry-After must be at least one second", nameof(RetryAfter));
        }
    }

    /// <summary>The members for ToString (the suffix list written out, for the log).</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CertificateLifetime = {CertificateLifetime}, ReenrollGracePeriod = {ReenrollGracePeriod}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Approval = {Approval}, RetryAfter = {RetryAfter}, AllowRekey = {AllowRekey}, ");
        builder.Append(CultureInfo.InvariantCulture, $"DnsSuffixes = [{string.Join(", ", DnsSuffixes)}]");
        return true;
    }
}
