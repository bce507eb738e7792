using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// PEM (RFC 7468): DER between <c>-----BEGIN label-----</c> and <c>-----END label-----</c> lines as base64 in
    /// 64-column lines, LF line ends (what OpenSSL writes). Encoding goes into a caller buffer or one new string;
    /// decoding is strict (RFC 7468 §3 "strict" grammar, one block): only whitespace around the block, the BEGIN
    /// label must be the expected one and match END, lines of base64 ended by LF or CRLF, and the DER must fit the
    /// caller's size bound. Errors are <see cref="PkiException"/> with the character index as offset.
    /// </summary>
    public static class Pem
    {
        /// <summary>Label of a PKCS#10 request (RFC 7468 §7).</summary>
        public const string CertificateRequestLabel = "CERTIFICATE REQUEST";

        /// <summary>Label of an X.509 certificate (RFC 7468 §5.1).</summary>
        public const string CertificateLabel = "CERTIFICATE";

        private const string BeginPrefix = "-----BEGIN ";
        private const string EndPrefix = "-----END ";
        private const string Dashes = "-----";

        /// <summary>Characters of the PEM text for <paramref name="derLength"/> bytes of DER under <paramref name="label"/>.</summary>
        public static int EncodedLength(string label, int derLength)
        {
            CheckLabel(label);
            return BeginPrefix.Length + label.Length + Dashes.Length + 1
                + Base64.EncodedLength(derLength, Base64.PemLineLength, false)
                + EndPrefix.Length + label.Length + Dashes.Length + 1;
        }

        /// <summary>
        /// Writes the PEM text of <paramref name="der"/>[offset .. offset+count) as ASCII into
        /// <paramref name="output"/> and returns its length; throws <see cref="PkiError.TooLarge"/> before writing
        /// when <paramref name="outputCount"/> is too small.
        /// </summary>
        public static int Encode(string label, byte[] der, int offset, int count, byte[] output, int outputOffset, int outputCount)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputCount < 0 || outputOffset > output.Length - outputCount)
            {
                throw new ArgumentOutOfRangeException(nameof(outputCount), "range outside the output");
            }

            return EncodeCore(label, der, offset, count, output, null, outputOffset, outputCount);
        }

        /// <summary>The PEM text as a new string (one char[] and the string are allocated).</summary>
        public static string Encode(string label, byte[] der, int offset, int count)
        {
            var chars = new char[EncodedLength(label, count)];
            EncodeCore(label, der, offset, count, null, chars, 0, chars.Length);
            return new string(chars);
        }

        /// <summary>
        /// Decodes the single PEM block in <paramref name="pem"/> with label <paramref name="label"/> into
        /// <paramref name="output"/> and returns the DER length; more than <paramref name="outputCount"/> bytes
        /// throws <see cref="PkiError.TooLarge"/> before anything is written.
        /// </summary>
        public static int Decode(string pem, string label, byte[] output, int outputOffset, int outputCount)
        {
            if (pem == null)
            {
                throw new ArgumentNullException(nameof(pem));
            }

            int bodyStart;
            int bodyLength;
            FindBody(pem, null, 0, pem.Length, label, out bodyStart, out bodyLength);
            return Base64.Decode(pem, bodyStart, bodyLength, false, output, outputOffset, outputCount);
        }

        /// <summary>Same as the string overload, over ASCII bytes (e.g. a file or an HTTP body).</summary>
        public static int Decode(byte[] pem, int offset, int count, string label, byte[] output, int outputOffset, int outputCount)
        {
            if (pem == null)
            {
                throw new ArgumentNullException(nameof(pem));
            }

            if (offset < 0 || count < 0 || offset > pem.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the PEM bytes");
            }

            int bodyStart;
            int bodyLength;
            FindBody(null, pem, offset, count, label, out bodyStart, out bodyLength);
            return Base64.Decode(pem, bodyStart, bodyLength, false, output, outputOffset, outputCount);
        }

        /// <summary>
        /// Decodes the single PEM block into a new array of exactly the DER's size; more than
        /// <paramref name="maxLength"/> bytes throws <see cref="PkiError.TooLarge"/> before allocating.
        /// </summary>
        public static byte[] Decode(string pem, string label, int maxLength)
        {
            if (pem == null)
            {
                throw new ArgumentNullException(nameof(pem));
            }

            int bodyStart;
            int bodyLength;
            FindBody(pem, null, 0, pem.Length, label, out bodyStart, out bodyLength);
            int length = Base64.DecodedLength(pem, bodyStart, bodyLength, false);
            if (length > maxLength)
            {
                throw new PkiException(PkiError.TooLarge, bodyStart, "PEM data is " + length + " bytes, limit " + maxLength);
            }

            var der = new byte[length];
            Base64.Decode(pem, bodyStart, bodyLength, false, der, 0, length);
            return der;
        }

        private static int EncodeCore(string label, byte[] der, int offset, int count, byte[] bytes, char[] chars, int at, int room)
        {
            if (der == null)
            {
                throw new ArgumentNullException(nameof(der));
            }

            if (offset < 0 || count < 0 || offset > der.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the DER");
            }

            int needed = EncodedLength(label, count);
            if (needed > room)
            {
                throw new PkiException(PkiError.TooLarge, -1, "PEM output needs " + needed + " characters, " + room + " available");
            }

            int p = at;
            p = PutText(bytes, chars, p, BeginPrefix);
            p = PutText(bytes, chars, p, label);
            p = PutText(bytes, chars, p, Dashes);
            p = PutText(bytes, chars, p, "\n");
            int bodyLength = Base64.EncodedLength(count, Base64.PemLineLength, false);
            if (bytes != null)
            {
                p += Base64.Encode(der, offset, count, bytes, p, bodyLength, Base64.PemLineLength, false);
            }
            else
            {
                p += Base64.Encode(der, offset, count, chars, p, bodyLength, Base64.PemLineLength, false);
            }

            p = PutText(bytes, chars, p, EndPrefix);
            p = PutText(bytes, chars, p, label);
            p = PutText(bytes, chars, p, Dashes);
            p = PutText(bytes, chars, p, "\n");
            return p - at;
        }

        private static int PutText(byte[] bytes, char[] chars, int p, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (bytes != null)
                {
                    bytes[p + i] = (byte)text[i];
                }
                else
                {
                    chars[p + i] = text[i];
                }
            }

            return p + text.Length;
        }

        // Locates the base64 between the BEGIN and END lines of the one block in [start, start+length).
        private static void FindBody(string text, byte[] ascii, int start, int length, string label, out int bodyStart, out int bodyLength)
        {
            CheckLabel(label);
            int end = start + length;
            int i = SkipWhitespace(text, ascii, start, end);
            if (!Matches(text, ascii, i, end, BeginPrefix))
            {
                throw new PkiException(PkiError.UnexpectedTag, i, "no PEM BEGIN line");
            }

            i += BeginPrefix.Length;
            if (!Matches(text, ascii, i, end, label) || !Matches(text, ascii, i + label.Length, end, Dashes))
            {
                throw new PkiException(PkiError.UnexpectedTag, i, "PEM label is not " + label);
            }

            i += label.Length + Dashes.Length;
            i = SkipLineEnd(text, ascii, i, end);
            bodyStart = i;
            while (i < end && At(text, ascii, i) != '-')
            {
                i++;
            }

            if (i >= end)
            {
                throw new PkiException(PkiError.Truncated, end, "no PEM END line");
            }

            if (i == bodyStart || At(text, ascii, i - 1) != '\n')
            {
                throw new PkiException(PkiError.BadValue, i, "PEM END line does not start a line after base64 data");
            }

            bodyLength = i - bodyStart;
            if (!HasBase64Symbol(text, ascii, bodyStart, i))
            {
                throw new PkiException(PkiError.BadValue, bodyStart, "PEM block without data");
            }

            if (!Matches(text, ascii, i, end, EndPrefix))
            {
                throw new PkiException(PkiError.BadValue, i, "not base64 in a PEM body");
            }

            i += EndPrefix.Length;
            if (!Matches(text, ascii, i, end, label) || !Matches(text, ascii, i + label.Length, end, Dashes))
            {
                throw new PkiException(PkiError.UnexpectedTag, i, "PEM END label does not match BEGIN " + label);
            }

            i = SkipWhitespace(text, ascii, i + label.Length + Dashes.Length, end);
            if (i < end)
            {
                throw new PkiException(PkiError.TrailingData, i, "data after the PEM END line");
            }
        }

        private static bool HasBase64Symbol(string text, byte[] ascii, int i, int end)
        {
            for (; i < end; i++)
            {
                char c = At(text, ascii, i);
                if (c != '\r' && c != '\n')
                {
                    return true;
                }
            }

            return false;
        }

        private static int SkipLineEnd(string text, byte[] ascii, int i, int end)
        {
            if (i < end && At(text, ascii, i) == '\r')
            {
                i++;
            }

            if (i >= end || At(text, ascii, i) != '\n')
            {
                throw new PkiException(PkiError.BadValue, i, "PEM BEGIN line not ended by a line break");
            }

            return i + 1;
        }

        private static int SkipWhitespace(string text, byte[] ascii, int i, int end)
        {
            while (i < end)
            {
                char c = At(text, ascii, i);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    break;
                }

                i++;
            }

            return i;
        }

        private static bool Matches(string text, byte[] ascii, int i, int end, string expected)
        {
            if (i < 0 || end - i < expected.Length)
            {
                return false;
            }

            for (int k = 0; k < expected.Length; k++)
            {
                if (At(text, ascii, i + k) != expected[k])
                {
                    return false;
                }
            }

            return true;
        }

        private static char At(string text, byte[] ascii, int i)
        {
            return text != null ? text[i] : (char)ascii[i];
        }

        // RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], labelchar = %x21-2C / %x2E-7E.
        private static void CheckLabel(string label)
        {
            if (label == null)
            {
                throw new ArgumentNullException(nameof(label));
            }

            for (int i = 0; i < label.Length; i++)
            {
                char c = label[i];
                bool labelChar = c >= 0x21 && c <= 0x7E && c != '-';
                bool separator = (c == '-' || c == ' ') && i > 0 && i < label.Length - 1 && label[i - 1] != '-' && label[i - 1] != ' ';
                if (!labelChar && !separator)
                {
                    throw new ArgumentException("not an RFC 7468 PEM label", nameof(label));
                }
            }
        }
    }
}
