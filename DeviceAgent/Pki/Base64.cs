using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Base64 (RFC 4648 §4 alphabet, '=' padding) straight into caller buffers, optionally wrapped into lines: the EST
    /// request body is base64 of DER (RFC 8951 §3), which we send as 64-column lines ended by CRLF (est.md §1.2),
    /// and PEM uses 64-column lines (RFC 7468 §2). mscorlib's Convert.ToBase64String would allocate a string and
    /// cannot wrap at 64; decoding here is strict (canonical padding and zero pad bits) and skips only the
    /// whitespace the caller allows.
    /// </summary>
    public static class Base64
    {
        /// <summary>Line length of PEM (RFC 7468 §2) and of OpenSSL's and libest's base64 (est.md §1.2).</summary>
        public const int PemLineLength = 64;

        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /// <summary>
        /// Characters that <see cref="Encode(byte[], int, int, byte[], int, int, int, bool)"/> produces for
        /// <paramref name="count"/> bytes; with <paramref name="lineLength"/> &gt; 0 every line, the last included,
        /// ends with LF or CRLF (none when <paramref name="count"/> is 0).
        /// </summary>
        public static int EncodedLength(int count, int lineLength, bool crlf)
        {
            if (count < 0 || count > 0x5FFFFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            CheckLineLength(lineLength);
            int chars = ((count + 2) / 3) * 4;
            if (lineLength == 0 || chars == 0)
            {
                return chars;
            }

            int lines = (chars + lineLength - 1) / lineLength;
            return chars + (lines * (crlf ? 2 : 1));
        }

        /// <summary>
        /// Encodes <paramref name="count"/> bytes as ASCII into <paramref name="output"/> and returns the number of
        /// bytes written; <paramref name="lineLength"/> 0 = one line without a line end, else a multiple of 4.
        /// Throws <see cref="PkiError.TooLarge"/> before writing anything when <paramref name="outputCount"/> is too small.
        /// </summary>
        public static int Encode(byte[] data, int offset, int count, byte[] output, int outputOffset, int outputCount, int lineLength, bool crlf)
        {
            CheckRange(data, offset, count, nameof(data));
            CheckRange(output, outputOffset, outputCount, nameof(output));
            return EncodeCore(data, offset, count, output, null, outputOffset, outputCount, lineLength, crlf);
        }

        /// <summary>Same as the byte[] overload, into a char[].</summary>
        public static int Encode(byte[] data, int offset, int count, char[] output, int outputOffset, int outputCount, int lineLength, bool crlf)
        {
            CheckRange(data, offset, count, nameof(data));
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputCount < 0 || outputOffset > output.Length - outputCount)
            {
                throw new ArgumentOutOfRangeException(nameof(outputCount), "range outside the output");
            }

            return EncodeCore(data, offset, count, null, output, outputOffset, outputCount, lineLength, crlf);
        }

        /// <summary>The encoding as a new string (one char[] and the string are allocated).</summary>
        public static string ToBase64(byte[] data, int offset, int count, int lineLength, bool crlf)
        {
            CheckRange(data, offset, count, nameof(data));
            var chars = new char[EncodedLength(count, lineLength, crlf)];
            EncodeCore(data, offset, count, null, chars, 0, chars.Length, lineLength, crlf);
            return new string(chars);
        }

        /// <summary>
        /// Decodes base64 text in <paramref name="text"/>[start .. start+length) into <paramref name="output"/> and
        /// returns the byte count. CR and LF are skipped, and with <paramref name="allowSpaces"/> also space and tab
        /// (RFC 8951 §3.1); anything else outside the alphabet, padding that is not at the very end, a
        /// length that is not a multiple of 4, or non-zero pad bits throws <see cref="PkiError.BadValue"/> with the
        /// character's index. More than <paramref name="outputCount"/> bytes throws <see cref="PkiError.TooLarge"/>;
        /// checked before any byte is written.
        /// </summary>
        public static int Decode(string text, int start, int length, bool allowSpaces, byte[] output, int outputOffset, int outputCount)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (start < 0 || length < 0 || start > text.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "range outside the text");
            }

            CheckRange(output, outputOffset, outputCount, nameof(output));
            return DecodeCore(text, null, start, length, allowSpaces, output, outputOffset, outputCount);
        }

        /// <summary>Same as the string overload, over ASCII bytes (e.g. an HTTP body).</summary>
        public static int Decode(byte[] ascii, int start, int length, bool allowSpaces, byte[] output, int outputOffset, int outputCount)
        {
            CheckRange(ascii, start, length, nameof(ascii));
            CheckRange(output, outputOffset, outputCount, nameof(output));
            return DecodeCore(null, ascii, start, length, allowSpaces, output, outputOffset, outputCount);
        }

        /// <summary>
        /// Validates base64 text like <see cref="Decode(string, int, int, bool, byte[], int, int)"/> and returns the
        /// number of bytes it decodes to, writing nothing.
        /// </summary>
        public static int DecodedLength(string text, int start, int length, bool allowSpaces)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (start < 0 || length < 0 || start > text.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "range outside the text");
            }

            return DecodeCore(text, null, start, length, allowSpaces, null, 0, int.MaxValue);
        }

        private static int EncodeCore(byte[] data, int offset, int count, byte[] bytes, char[] chars, int at, int room, int lineLength, bool crlf)
        {
            int needed = EncodedLength(count, lineLength, crlf);
            if (needed > room)
            {
                throw new PkiException(PkiError.TooLarge, -1, "base64 output needs " + needed + " characters, " + room + " available");
            }

            int p = at;
            int column = 0;
            int i = 0;
            while (i < count)
            {
                int remaining = count - i;
                int b0 = data[offset + i];
                int b1 = remaining > 1 ? data[offset + i + 1] : 0;
                int b2 = remaining > 2 ? data[offset + i + 2] : 0;
                int group = (b0 << 16) | (b1 << 8) | b2;
                Put(bytes, chars, p, Alphabet[(group >> 18) & 0x3F]);
                Put(bytes, chars, p + 1, Alphabet[(group >> 12) & 0x3F]);
                Put(bytes, chars, p + 2, remaining > 1 ? Alphabet[(group >> 6) & 0x3F] : '=');
                Put(bytes, chars, p + 3, remaining > 2 ? Alphabet[group & 0x3F] : '=');
                p += 4;
                i += 3;
                column += 4;
                if (lineLength > 0 && (column == lineLength || i >= count))
                {
                    if (crlf)
                    {
                        Put(bytes, chars, p++, '\r');
                    }

                    Put(bytes, chars, p++, '\n');
                    column = 0;
                }
            }

            return p - at;
        }

        private static void Put(byte[] bytes, char[] chars, int index, char c)
        {
            if (bytes != null)
            {
                bytes[index] = (byte)c;
            }
            else
            {
                chars[index] = c;
            }
        }

        // One pass validates and counts; a second pass (only when output is not null) writes. So a refusal
        // (bad character, too large) never leaves partial output.
        private static int DecodeCore(string text, byte[] ascii, int start, int length, bool allowSpaces, byte[] output, int outputOffset, int outputCount)
        {
            int symbols = 0;
            int padding = 0;
            int lastSymbolIndex = -1;
            int lastValue = 0;
            int end = start + length;
            for (int i = start; i < end; i++)
            {
                int c = text != null ? (int)text[i] : (int)ascii[i];
                if (c == '\r' || c == '\n' || (allowSpaces && (c == ' ' || c == '\t')))
                {
                    continue;
                }

                if (c == '=')
                {
                    padding++;
                    if (padding > 2 || symbols % 4 < 2)
                    {
                        throw new PkiException(PkiError.BadValue, i, "misplaced base64 padding");
                    }

                    symbols++;
                    continue;
                }

                int value = ValueOf(c);
                if (value < 0)
                {
                    throw new PkiException(PkiError.BadValue, i, "not a base64 character");
                }

                if (padding > 0)
                {
                    throw new PkiException(PkiError.BadValue, i, "base64 data after padding");
                }

                symbols++;
                lastSymbolIndex = i;
                lastValue = value;
            }

            if (symbols % 4 != 0)
            {
                throw new PkiException(PkiError.BadValue, end, "base64 length is not a multiple of 4");
            }

            // RFC 4648 §3.5: the bits below the last full byte must be zero in canonical encoding
            if ((padding == 1 && (lastValue & 0x03) != 0) || (padding == 2 && (lastValue & 0x0F) != 0))
            {
                throw new PkiException(PkiError.BadValue, lastSymbolIndex, "non-zero pad bits in base64");
            }

            int decoded = ((symbols / 4) * 3) - padding;
            if (decoded > outputCount)
            {
                throw new PkiException(PkiError.TooLarge, start, "base64 decodes to " + decoded + " bytes, limit " + outputCount);
            }

            if (output == null)
            {
                return decoded;
            }

            int p = outputOffset;
            int accumulator = 0;
            int bits = 0;
            for (int i = start; i < end; i++)
            {
                int c = text != null ? (int)text[i] : (int)ascii[i];
                int value = ValueOf(c);
                if (value < 0)
                {
                    continue;   // line ends, allowed spaces and padding, all validated above
                }

                accumulator = (accumulator << 6) | value;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    output[p++] = (byte)(accumulator >> bits);
                    accumulator &= (1 << bits) - 1;
                }
            }

            return decoded;
        }

        private static int ValueOf(int c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            return c == '/' ? 63 : -1;
        }

        private static void CheckLineLength(int lineLength)
        {
            if (lineLength < 0 || lineLength % 4 != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lineLength), "line length must be 0 or a multiple of 4");
            }
        }

        private static void CheckRange(byte[] data, int offset, int count, string name)
        {
            if (data == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(name, "range outside the array");
            }
        }
    }
}
