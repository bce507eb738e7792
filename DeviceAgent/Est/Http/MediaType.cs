using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Media types of EST (RFC 7030 §4, RFC 8951) and the lenient comparison est.md §1.1 asks for: only the
    /// type/subtype before any ';' counts, ASCII case and surrounding spaces are ignored, parameters (smime-type,
    /// charset) may be present or not. libest's client matches the whole string with parameters and fails on servers
    /// that omit them (est.md §10); this one does not.
    /// </summary>
    public static class MediaType
    {
        /// <summary>Certs-only PKCS#7 of /cacerts and (re)enroll responses (RFC 7030 §4.1.3, §4.2.3).</summary>
        public const string Pkcs7Mime = "application/pkcs7-mime";

        /// <summary>The /csrattrs response (RFC 7030 §4.5.2).</summary>
        public const string CsrAttrs = "application/csrattrs";

        /// <summary>The (re)enroll request body (RFC 7030 §4.2.1).</summary>
        public const string Pkcs10 = "application/pkcs10";

        /// <summary>Human-readable error bodies (RFC 8951 §5; gs/est sends "text/plain; charset=utf-8").</summary>
        public const string TextPlain = "text/plain";

        /// <summary>
        /// True when the Content-Type value <paramref name="contentType"/> names <paramref name="mediaType"/> (a bare
        /// "type/subtype"). Null or empty <paramref name="contentType"/> gives false.
        /// </summary>
        public static bool Matches(string contentType, string mediaType)
        {
            if (mediaType == null)
            {
                throw new ArgumentNullException(nameof(mediaType));
            }

            if (contentType == null)
            {
                return false;
            }

            int from = 0;
            int to = contentType.Length;
            int semicolon = contentType.IndexOf(';');
            if (semicolon >= 0)
            {
                to = semicolon;
            }

            while (from < to && HttpChars.IsWhitespace(contentType[from]))
            {
                from++;
            }

            while (to > from && HttpChars.IsWhitespace(contentType[to - 1]))
            {
                to--;
            }

            if (to - from != mediaType.Length)
            {
                return false;
            }

            for (int i = 0; i < mediaType.Length; i++)
            {
                if (HttpChars.ToLower(contentType[from + i]) != HttpChars.ToLower(mediaType[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The same comparison over <paramref name="count"/> bytes of a header value at <paramref name="offset"/>
        /// (as <see cref="HttpResponseReader.ContentTypeIs"/> uses it); allocates nothing.
        /// </summary>
        public static bool Matches(byte[] value, int offset, int count, string mediaType)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (mediaType == null)
            {
                throw new ArgumentNullException(nameof(mediaType));
            }

            if (offset < 0 || count < 0 || offset > value.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the value");
            }

            int from = offset;
            int to = offset;
            int end = offset + count;
            while (to < end && value[to] != ';')
            {
                to++;
            }

            while (from < to && HttpChars.IsWhitespace(value[from]))
            {
                from++;
            }

            while (to > from && HttpChars.IsWhitespace(value[to - 1]))
            {
                to--;
            }

            return HttpChars.EqualsIgnoreCase(value, from, to - from, mediaType);
        }
    }
}
