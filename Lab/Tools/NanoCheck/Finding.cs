namespace NanoCheck;

/// <summary>One problem found by a check: which check, and a sentence a developer can act on.</summary>
public sealed record Finding(string Check, string Message)
{
    public override string ToString() => $"{Check}: {Message}";
}
