using System.Text;

namespace Lab.EstServer.Est;

/// <summary>
/// Base64 bodies as RFC 8951 §3 has them: the RFC 4648 §4 alphabet whatever Content-Transfer-Encoding says;
/// white space (CR, LF, space, tab) tolerated anywhere on input; output in 64-column lines ended by LF, as
/// OpenSSL's base64 BIO and libest's server write them (facts/est.md §1.2).
/// </summary>
public static class EstBase64
{
    /// <summary>Line length of OpenSSL / libest output (facts/est.md §1.2).</summary>
    public const int LineLength = 64;

    /// <summary>Encodes <paramref name="data"/> as 64-column lines, each ended by LF.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        string text = Convert.ToBase64String(data);
        var builder = new StringBuilder(text.Length + (text.Length / LineLength) + 1);
        for (int offset = 0; offset < text.Length; offset += LineLength)
        {
            builder.Append(text, offset, Math.Min(LineLength, text.Length - offset)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>Decodes a body, ignoring white space; null if any other character is not base64 or the length is wrong.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> body)
    {
        var characters = new char[body.Length];
        int count = 0;
        foreach (byte b in body)
        {
            if (b is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
            {
                continue;
            }

            if (!IsBase64Character(b))
            {
                return null;
            }

            characters[count++] = (char)b;
        }

        if (count == 0)
        {
            return null;
        }

        byte[] buffer = new byte[count / 4 * 3];
        return Convert.TryFromBase64Chars(characters.AsSpan(0, count), buffer, out int written) ? buffer[..written] : null;
    }

    private static bool IsBase64Character(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/' or (byte)'=';
}
