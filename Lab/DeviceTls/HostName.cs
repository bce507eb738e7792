using System.Globalization;

namespace Lab.DeviceTls;

/// <summary>What the endpoint's host is: an IP literal (no SNI, matched against IP SANs) or a DNS name.</summary>
internal static class HostName
{
    /// <summary>True for an IPv4 or IPv6 literal (RFC 6066 §3: those are never sent as SNI).</summary>
    public static bool IsIpLiteral(string host) =>
        Uri.CheckHostName(host) is UriHostNameType.IPv4 or UriHostNameType.IPv6;

    /// <summary>
    /// The SNI host_name for <paramref name="host"/>: its ASCII (A-label) form without a trailing dot (RFC 6066 §3),
    /// or null for an IP literal. Throws <see cref="ArgumentException"/> for something that is neither.
    /// </summary>
    public static string? ServerNameIndication(string host)
    {
        if (IsIpLiteral(host))
        {
            return null;
        }

        string name = host.EndsWith('.') ? host[..^1] : host;
        string ascii = new IdnMapping().GetAscii(name);
        if (Uri.CheckHostName(ascii) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"'{host}' is neither a DNS name nor an IP literal", nameof(host));
        }

        return ascii;
    }
}
