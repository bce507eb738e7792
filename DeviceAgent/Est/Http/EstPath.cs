namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Request paths of RFC 7030 §3.2.2: "/.well-known/est[/label]/operation". The label is one path segment that
    /// servers use to pick a CA or profile (OpenXPKI calabel, EJBCA alias, gs/est aps; est.md §1.1).
    /// </summary>
    public static class EstPath
    {
        /// <summary>The well-known prefix (RFC 7030 §3.2.2, RFC 8615).</summary>
        public const string Prefix = "/.well-known/est";

        /// <summary>Distribution of CA certificates, GET (RFC 7030 §4.1).</summary>
        public const string CaCerts = "cacerts";

        /// <summary>Enrollment of a client, POST of a PKCS#10 (RFC 7030 §4.2.1).</summary>
        public const string SimpleEnroll = "simpleenroll";

        /// <summary>Re-enrollment of a client, POST of a PKCS#10 (RFC 7030 §4.2.2).</summary>
        public const string SimpleReenroll = "simplereenroll";

        /// <summary>CSR attributes, GET (RFC 7030 §4.5, RFC 8951 §4).</summary>
        public const string CsrAttrs = "csrattrs";

        /// <summary>Longest label accepted: libest's EST_MAX_PATH_SEGMENT_LEN (est.md §1.1).</summary>
        public const int MaxLabelLength = 128;

        /// <summary>
        /// "/.well-known/est/<paramref name="operation"/>", or with a label
        /// "/.well-known/est/<paramref name="label"/>/<paramref name="operation"/>" when <paramref name="label"/> is not
        /// null or empty. Throws <see cref="HttpError.InvalidRequestField"/> unless both are one non-empty segment of
        /// unreserved / sub-delims / ":" / "@" characters (RFC 3986 §3.3 pchar without percent-encoding), other
        /// than "." and "..", and the label is at most <see cref="MaxLabelLength"/> characters.
        /// </summary>
        public static string Build(string label, string operation)
        {
            CheckSegment(operation, "operation");
            if (label == null || label.Length == 0)
            {
                return Prefix + "/" + operation;
            }

            if (label.Length > MaxLabelLength)
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "EST label longer than " + MaxLabelLength + " characters");
            }

            CheckSegment(label, "label");
            return Prefix + "/" + label + "/" + operation;
        }

        private static void CheckSegment(string segment, string what)
        {
            if (segment == null || segment.Length == 0)
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "EST path " + what + " is empty");
            }

            if (segment == "." || segment == "..")
            {
                throw new HttpException(HttpError.InvalidRequestField, -1, "EST path " + what + " is a dot-segment");
            }

            for (int i = 0; i < segment.Length; i++)
            {
                if (!IsSegmentChar(segment[i]))
                {
                    throw new HttpException(HttpError.InvalidRequestField, -1, "EST path " + what + " holds a character not allowed in a path segment at index " + i);
                }
            }
        }

        // RFC 3986 §3.3 pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; percent-encoding is refused so the
        // label reaches the server exactly as configured.
        private static bool IsSegmentChar(char c)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                return true;
            }

            switch (c)
            {
                case '-':
                case '.':
                case '_':
                case '~':
                case '!':
                case '$':
                case '&':
                case '\'':
                case '(':
                case ')':
                case '*':
                case '+':
                case ',':
                case ';':
                case '=':
                case ':':
                case '@':
                    return true;
                default:
                    return false;
            }
        }
    }
}
