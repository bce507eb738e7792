namespace Lab.EstServer;

/// <summary>Overrides of <see cref="EstPolicy"/> for one EST label (RFC 7030 §3.2.2); null keeps the server's value.</summary>
public sealed record EstLabelPolicy
{
    /// <summary>Validity of certificates issued under this label.</summary>
    public TimeSpan? CertificateLifetime { get; init; }

    /// <summary>Approval mode under this label.</summary>
    public EstApprovalMode? Approval { get; init; }

    /// <summary>The server policy with this label's overrides applied.</summary>
    public EstPolicy ApplyTo(EstPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with
        {
            CertificateLifetime = CertificateLifetime ?? policy.CertificateLifetime,
            Approval = Approval ?? policy.Approval,
        };
    }
}
