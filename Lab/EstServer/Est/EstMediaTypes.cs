namespace Lab.EstServer.Est;

/// <summary>Content types of EST (RFC 7030 §3.2.4, §4; exact strings as libest uses them, facts/est.md §1.1).</summary>
public static class EstMediaTypes
{
    /// <summary>Request body of simpleenroll and simplereenroll.</summary>
    public const string Pkcs10 = "application/pkcs10";

    /// <summary>/cacerts response (RFC 7030 §4.1.3).</summary>
    public const string Pkcs7Mime = "application/pkcs7-mime";

    /// <summary>(Re)enroll response (RFC 7030 §4.2.3).</summary>
    public const string Pkcs7CertsOnly = "application/pkcs7-mime; smime-type=certs-only";

    /// <summary>/csrattrs response (RFC 7030 §4.5.2).</summary>
    public const string CsrAttrs = "application/csrattrs";

    /// <summary>Error bodies (RFC 8951 §5 allows text/plain).</summary>
    public const string Text = "text/plain; charset=utf-8";

    /// <summary>Whether a Content-Type header names <paramref name="mediaType"/>: compares the part before ';', case-insensitively.</summary>
    public static bool Matches(string? contentType, string mediaType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        ReadOnlySpan<char> type = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
        return type.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
    }
}
