using Lab.EstServer.Est;

namespace Lab.EstServer.Faults;

/// <summary>One fault to inject: what, on which operation, how many times.</summary>
public sealed record EstFault
{
    /// <summary>Default size of an oversized body: 64 KiB, well above libest's 4096-byte enroll-response limit (facts/est.md §8.2).</summary>
    public const int DefaultOversizedBytes = 64 * 1024;

    /// <summary>Creates a fault of <paramref name="kind"/>.</summary>
    public EstFault(EstFaultKind kind) => Kind = kind;

    /// <summary>What happens.</summary>
    public EstFaultKind Kind { get; init; }

    /// <summary>The operation it applies to; null applies it to the next request it can apply to.</summary>
    public EstOperation? Operation { get; init; }

    /// <summary>How many responses show it.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Hold-back of <see cref="EstFaultKind.Delay"/>.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry-After of <see cref="EstFaultKind.ServiceUnavailable"/>.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Body size of <see cref="EstFaultKind.OversizedBody"/>.</summary>
    public int OversizedBytes { get; init; } = DefaultOversizedBytes;

    /// <summary>Whether this kind takes effect before the request is processed (it then applies to any request).</summary>
    public bool IsBeforeProcessing => Kind is EstFaultKind.InternalServerError or EstFaultKind.ServiceUnavailable
        or EstFaultKind.DropConnection or EstFaultKind.Delay;

    /// <summary>Whether this kind changes the certificate a (re)enroll issues.</summary>
    public bool IsIssuance => Kind is EstFaultKind.CertificateForDifferentKey or EstFaultKind.CertificateFromUnknownCa;

    /// <summary>Whether this kind can apply to a request for <paramref name="operation"/>.</summary>
    public bool AppliesTo(EstOperation operation) =>
        (Operation is null || Operation == operation) && Kind switch
        {
            EstFaultKind.CertificateForDifferentKey => operation is EstOperation.SimpleEnroll or EstOperation.SimpleReenroll,
            EstFaultKind.CertificateFromUnknownCa => operation is not EstOperation.CsrAttrs,
            _ => true,
        };

    /// <summary>Throws if a value cannot be used.</summary>
    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentException("a fault applies at least once", nameof(Count));
        }

        if (Delay < TimeSpan.Zero || Delay > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException("a delay is between 0 and 10 minutes", nameof(Delay));
        }

        if (OversizedBytes is < 1 or > 64 * 1024 * 1024)
        {
            throw new ArgumentException("an oversized body is between 1 byte and 64 MiB", nameof(OversizedBytes));
        }

        if (Operation is not null && !AppliesTo(Operation.Value))
        {
            throw new ArgumentException($"{Kind} cannot apply to {Operation}", nameof(Operation));
        }
    }
}
