using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// Decodes an EST body: base64 (RFC 4648 §4 alphabet, '=' padding) of DER, whatever the Content-Transfer-Encoding
    /// header says (RFC 8951 §3), with CR, LF, SP and HTAB allowed anywhere (RFC 8951 §3.1): 64-column LF lines
    /// (OpenSSL, libest), 76-column CRLF lines (gs/est) or one long line, final newline or not (est.md §1.2). Any
    /// other character, padding other than one or two final '=', or a count of base64 characters that is not a multiple
    /// of 4 is <see cref="HttpError.BadBase64"/> (libest's est_base64_decode has the same rule). Unused pad bits are
    /// not checked, as OpenSSL does not check them. The input is checked in full before a byte is written.
    /// </summary>
    public static class Base64Body
    {
        private const int Invalid = -1;
        private const int Whitespace = -2;
        private const int Pad = -3;

        /// <summary>Bytes that <paramref name="count"/> base64 bytes at <paramref name="offset"/> decode to; throws <see cref="HttpError.BadBase64"/> on garbage.</summary>
        public static int DecodedLength(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count, nameof(data));
            return Scan(data, offset, count);
        }

        /// <summary>
        /// Decodes into <paramref name="output"/> from <paramref name="outputOffset"/> and returns the number of bytes
        /// written. Throws <see cref="HttpError.DecodedTooLarge"/>, with nothing written, when the result would exceed
        /// <paramref name="maxOutput"/> bytes. Decoding in place is allowed (same array, <paramref name="outputOffset"/>
        /// &lt;= <paramref name="offset"/>): output never overtakes input, so a 64 KB /cacerts body needs no second buffer.
        /// </summary>
        public static int Decode(byte[] data, int offset, int count, byte[] output, int outputOffset, int maxOutput)
        {
            CheckRange(data, offset, count, nameof(data));
            CheckRange(output, outputOffset, maxOutput, nameof(output));
            int length = Scan(data, offset, count);
            if (length > maxOutput)
            {
                throw new HttpException(HttpError.DecodedTooLarge, -1, "base64 body decodes to " + length + " bytes, limit " + maxOutput);
            }

            int o = outputOffset;
            int group = 0;
            int inGroup = 0;
            int pads = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                int v = Value(data[i]);
                if (v == Whitespace)
                {
                    continue;
                }

                if (v == Pad)
                {
                    pads++;
                    v = 0;
                }

                group = (group << 6) | v;
                if (++inGroup == 4)
                {
                    // Every byte of the group has been read before any of its three output bytes is written.
                    output[o++] = (byte)(group >> 16);
                    if (pads < 2)
                    {
                        output[o++] = (byte)(group >> 8);
                    }

                    if (pads < 1)
                    {
                        output[o++] = (byte)group;
                    }

                    group = 0;
                    inGroup = 0;
                }
            }

            return o - outputOffset;
        }

        // Validates and returns the decoded length.
        private static int Scan(byte[] data, int offset, int count)
        {
            int significant = 0;
            int pads = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                int v = Value(data[i]);
                if (v == Whitespace)
                {
                    continue;
                }

                if (v == Invalid)
                {
                    throw new HttpException(HttpError.BadBase64, i - offset, "character 0x" + ToHex(data[i]) + " is neither base64 nor whitespace");
                }

                if (v == Pad)
                {
                    pads++;
                    if (pads > 2)
                    {
                        throw new HttpException(HttpError.BadBase64, i - offset, "more than two '=' at the end");
                    }
                }
                else if (pads > 0)
                {
                    throw new HttpException(HttpError.BadBase64, i - offset, "base64 character after '='");
                }

                significant++;
            }

            if (significant % 4 != 0)
            {
                throw new HttpException(HttpError.BadBase64, count, "base64 characters not a multiple of 4 (truncated or unpadded)");
            }

            // A final group of "x===" was refused above (pads <= 2); "xx==" or "xxx=" decode to 1 or 2 bytes.
            return ((significant / 4) * 3) - pads;
        }

        private static int Value(int c)
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

            switch (c)
            {
                case '+':
                    return 62;
                case '/':
                    return 63;
                case '=':
                    return Pad;
                case ' ':
                case '\t':
                case '\r':
                case '\n':
                    return Whitespace;
                default:
                    return Invalid;
            }
        }

        private static string ToHex(byte b)
        {
            const string digits = "0123456789ABCDEF";
            return new string(new char[] { digits[b >> 4], digits[b & 0xF] });
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
