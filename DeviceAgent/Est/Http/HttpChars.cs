namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// The character classes of HTTP/1.1's grammar (RFC 9110 §5.6.2 tokens, §5.5 field values, RFC 5234 B.1 core
    /// rules) and ASCII case folding, shared by the request writer and the response reader.
    /// </summary>
    internal static class HttpChars
    {
        public const byte Cr = 13;
        public const byte Lf = 10;
        public const byte Sp = 32;
        public const byte Htab = 9;

        /// <summary>tchar (RFC 9110 §5.6.2): "!#$%&amp;'*+-.^_`|~", DIGIT, ALPHA.</summary>
        public static bool IsTokenChar(int c)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                return true;
            }

            switch (c)
            {
                case '!':
                case '#':
                case '$':
                case '%':
                case '&':
                case '\'':
                case '*':
                case '+':
                case '-':
                case '.':
                case '^':
                case '_':
                case '`':
                case '|':
                case '~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>OWS character: SP or HTAB (RFC 9110 §5.6.3).</summary>
        public static bool IsWhitespace(int c)
        {
            return c == Sp || c == Htab;
        }

        /// <summary>
        /// A byte allowed inside a field value or reason phrase: VCHAR, SP, HTAB or obs-text (RFC 9110 §5.5,
        /// RFC 9112 §4); NUL, CR, LF and the other controls are not (RFC 9110 §5.5 says they are dangerous).
        /// </summary>
        public static bool IsFieldValueChar(int c)
        {
            return c == Htab || (c >= 0x20 && c != 0x7F);
        }

        /// <summary>A visible ASCII character (VCHAR, RFC 5234 B.1).</summary>
        public static bool IsVisibleAscii(int c)
        {
            return c > 0x20 && c < 0x7F;
        }

        /// <summary>A decimal digit.</summary>
        public static bool IsDigit(int c)
        {
            return c >= '0' && c <= '9';
        }

        /// <summary>ASCII lower-casing of one character; everything else unchanged.</summary>
        public static int ToLower(int c)
        {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }

        /// <summary>True when <paramref name="count"/> bytes at <paramref name="offset"/> equal <paramref name="text"/> ignoring ASCII case.</summary>
        public static bool EqualsIgnoreCase(byte[] data, int offset, int count, string text)
        {
            if (count != text.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (ToLower(data[offset + i]) != ToLower(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A string of the bytes taken as ISO-8859-1: ASCII stays ASCII, obs-text (0x80..0xFF, RFC 9110 §5.5) becomes
        /// U+0080..U+00FF instead of being guessed as UTF-8.
        /// </summary>
        public static string ToLatin1String(byte[] data, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)data[offset + i];
            }

            return new string(chars);
        }
    }
}
