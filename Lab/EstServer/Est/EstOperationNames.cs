namespace Lab.EstServer.Est;

/// <summary>The path segment of each operation (RFC 7030 §3.2.2; lower case as the RFC spells them).</summary>
public static class EstOperationNames
{
    /// <summary>Path segment of <see cref="EstOperation.CaCerts"/>.</summary>
    public const string CaCerts = "cacerts";

    /// <summary>Path segment of <see cref="EstOperation.SimpleEnroll"/>.</summary>
    public const string SimpleEnroll = "simpleenroll";

    /// <summary>Path segment of <see cref="EstOperation.SimpleReenroll"/>.</summary>
    public const string SimpleReenroll = "simplereenroll";

    /// <summary>Path segment of <see cref="EstOperation.CsrAttrs"/>.</summary>
    public const string CsrAttrs = "csrattrs";

    /// <summary>The operation named by a path segment, or null.</summary>
    public static EstOperation? Parse(string segment) => segment switch
    {
        CaCerts => EstOperation.CaCerts,
        SimpleEnroll => EstOperation.SimpleEnroll,
        SimpleReenroll => EstOperation.SimpleReenroll,
        CsrAttrs => EstOperation.CsrAttrs,
        _ => null,
    };

    /// <summary>The path segment of an operation.</summary>
    public static string Of(EstOperation operation) => operation switch
    {
        EstOperation.CaCerts => CaCerts,
        EstOperation.SimpleEnroll => SimpleEnroll,
        EstOperation.SimpleReenroll => SimpleReenroll,
        EstOperation.CsrAttrs => CsrAttrs,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
