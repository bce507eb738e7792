using System.Globalization;
using System.Text;

namespace Lab.EstServer.Est;

/// <summary>What the server answers to one EST request: status, content type, body and extra headers.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="ContentType">Content-Type, or null for an empty body.</param>
/// <param name="Body">The body bytes (base64 text for EST payloads).</param>
/// <param name="Headers">Extra headers (WWW-Authenticate, Retry-After, Content-Transfer-Encoding).</param>
/// <param name="Reason">Why, in words, for the log and error bodies; never a secret.</param>
public sealed record EstResponse(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Headers, string Reason)
{
    /// <summary>Realm of the Basic challenge (RFC 7617 §2).</summary>
    public const string Realm = "EST Lab";

    private static readonly Dictionary<string, string> Base64Headers = new() { ["Content-Transfer-Encoding"] = "base64" };

    /// <summary>The device the request was authenticated as, when known (for the log).</summary>
    public string? DeviceId { get; init; }

    /// <summary>200 with a base64 DER body and Content-Transfer-Encoding: base64 (RFC 7030 §4.1.3, §4.2.3).</summary>
    public static EstResponse Ok(string contentType, byte[] der, string reason) =>
        new(200, contentType, EstBase64.Encode(der), Base64Headers, reason);

    /// <summary>204: nothing to say (csrattrs with no attributes, RFC 8951 §4).</summary>
    public static EstResponse NoContent(string reason) =>
        new(204, null, ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>(), reason);

    /// <summary>202 + Retry-After in seconds (RFC 7030 §4.2.3).</summary>
    public static EstResponse Accepted(TimeSpan retryAfter, string reason) => Text(
        202, reason, new Dictionary<string, string> { ["Retry-After"] = Seconds(retryAfter) });

    /// <summary>401 with a Basic challenge (RFC 7235 §3.1, RFC 7617 §2).</summary>
    public static EstResponse Unauthorized(string reason) => Text(
        401, reason, new Dictionary<string, string> { ["WWW-Authenticate"] = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"" });

    /// <summary>503 + Retry-After (RFC 9110 §15.6.4).</summary>
    public static EstResponse Unavailable(TimeSpan retryAfter, string reason) => Text(
        503, reason, new Dictionary<string, string> { ["Retry-After"] = Seconds(retryAfter) });

    /// <summary>An error or informational answer with a text body "&lt;code&gt; &lt;reason&gt;\n" (gs/est style, facts/est.md §2).</summary>
    public static EstResponse Text(int statusCode, string reason, IReadOnlyDictionary<string, string>? headers = null) => new(
        statusCode, EstMediaTypes.Text,
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{statusCode} {reason}\n")),
        headers ?? new Dictionary<string, string>(), reason);

    private static string Seconds(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
