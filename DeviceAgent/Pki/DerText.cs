namespace DeviceAgent.Pki
{
    /// <summary>
    /// Checks and decodes the ASN.1 character strings found in X.509 names and GeneralNames (X.680 §41, RFC 5280
    /// §4.1.2.4): UTF8String, PrintableString, IA5String, NumericString, VisibleString, T61String (as Latin-1, the
    /// usual reading), BMPString (UTF-16BE) and UniversalString (UTF-32BE). Written by hand: nanoFramework's mscorlib
    /// has no text encodings.
    /// </summary>
    public static class DerText
    {
        // Unicode scalar limits (Unicode §3.9): surrogates are not scalars; the last code point is U+10FFFF.
        private const int SurrogateFirst = 0xD800;
        private const int SurrogateLast = 0xDFFF;
        private const int MaxCodePoint = 0x10FFFF;

        /// <summary>True for the string tags this class reads.</summary>
        public static bool IsStringTag(int tag)
        {
            return tag == DerReader.TagUtf8String || tag == DerReader.TagPrintableString || tag == DerReader.TagIa5String
                || tag == DerReader.TagNumericString || tag == DerReader.TagVisibleString || tag == DerReader.TagT61String
                || tag == DerReader.TagBmpString || tag == DerReader.TagUniversalString;
        }

        /// <summary>
        /// Checks that the bytes are a valid value of the string type <paramref name="tag"/>;
        /// <see cref="PkiError.BadValue"/> at <paramref name="errorOffset"/> otherwise. PrintableString is accepted
        /// as any visible ASCII (real CAs put '*', '@' or '_' in it), IA5String as 7-bit ASCII.
        /// </summary>
        public static void Validate(int tag, byte[] buffer, int offset, int length, int errorOffset)
        {
            if (CountChars(tag, buffer, offset, length) < 0)
            {
                throw new PkiException(PkiError.BadValue, errorOffset, "string not valid for its type " + DerReader.Hex(tag));
            }
        }

        /// <summary>Decodes a string of type <paramref name="tag"/> (validated as <see cref="Validate"/> does).</summary>
        public static string Decode(int tag, byte[] buffer, int offset, int length)
        {
            int count = CountChars(tag, buffer, offset, length);
            if (count < 0)
            {
                throw new PkiException(PkiError.BadValue, offset, "string not valid for its type " + DerReader.Hex(tag));
            }

            var chars = new char[count];
            int n = 0;
            int end = offset + length;
            int p = offset;
            while (p < end)
            {
                int codePoint;
                if (tag == DerReader.TagUtf8String)
                {
                    codePoint = NextUtf8(buffer, ref p, end);
                }
                else if (tag == DerReader.TagBmpString)
                {
                    codePoint = (buffer[p] << 8) | buffer[p + 1];
                    p += 2;
                }
                else if (tag == DerReader.TagUniversalString)
                {
                    codePoint = (buffer[p] << 24) | (buffer[p + 1] << 16) | (buffer[p + 2] << 8) | buffer[p + 3];
                    p += 4;
                }
                else
                {
                    codePoint = buffer[p];
                    p++;
                }

                if (codePoint > 0xFFFF && tag != DerReader.TagBmpString)
                {
                    codePoint -= 0x10000;
                    chars[n++] = (char)(SurrogateFirst + (codePoint >> 10));
                    chars[n++] = (char)(0xDC00 + (codePoint & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)codePoint;
                }
            }

            return new string(chars);
        }

        /// <summary>True when the string decodes to exactly the ASCII text <paramref name="ascii"/> (no allocation).</summary>
        public static bool EqualsAscii(byte[] buffer, int offset, int length, string ascii)
        {
            if (length != ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        // Number of UTF-16 chars the value decodes to, or -1 when invalid for its type.
        private static int CountChars(int tag, byte[] buffer, int offset, int length)
        {
            int end = offset + length;
            int count = 0;
            if (tag == DerReader.TagUtf8String)
            {
                int p = offset;
                while (p < end)
                {
                    int codePoint = NextUtf8(buffer, ref p, end);
                    if (codePoint < 0)
                    {
                        return -1;
                    }

                    count += codePoint > 0xFFFF ? 2 : 1;
                }

                return count;
            }

            if (tag == DerReader.TagBmpString)
            {
                return length % 2 == 0 ? length / 2 : -1;
            }

            if (tag == DerReader.TagUniversalString)
            {
                if (length % 4 != 0)
                {
                    return -1;
                }

                for (int p = offset; p < end; p += 4)
                {
                    int codePoint = (buffer[p] << 24) | (buffer[p + 1] << 16) | (buffer[p + 2] << 8) | buffer[p + 3];
                    if (codePoint < 0 || codePoint > MaxCodePoint || (codePoint >= SurrogateFirst && codePoint <= SurrogateLast))
                    {
                        return -1;
                    }

                    count += codePoint > 0xFFFF ? 2 : 1;
                }

                return count;
            }

            for (int p = offset; p < end; p++)
            {
                int b = buffer[p];
                bool ok;
                if (tag == DerReader.TagT61String)
                {
                    ok = true;
                }
                else if (tag == DerReader.TagIa5String)
                {
                    ok = b < 0x80;
                }
                else if (tag == DerReader.TagNumericString)
                {
                    ok = b == ' ' || (b >= '0' && b <= '9');
                }
                else if (tag == DerReader.TagPrintableString || tag == DerReader.TagVisibleString)
                {
                    ok = b >= 0x20 && b < 0x7F;
                }
                else
                {
                    ok = false;
                }

                if (!ok)
                {
                    return -1;
                }
            }

            return length;
        }

        // Decodes one UTF-8 sequence at p (RFC 3629 §4: shortest form, no surrogates, at most U+10FFFF);
        // returns the code point, or -1 when malformed.
        private static int NextUtf8(byte[] buffer, ref int p, int end)
        {
            int b = buffer[p++];
            if (b < 0x80)
            {
                return b;
            }

            int more;
            int codePoint;
            int min;
            if ((b & 0xE0) == 0xC0)
            {
                more = 1;
                codePoint = b & 0x1F;
                min = 0x80;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                more = 2;
                codePoint = b & 0x0F;
                min = 0x800;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                more = 3;
                codePoint = b & 0x07;
                min = 0x10000;
            }
            else
            {
                return -1;
            }

            if (end - p < more)
            {
                return -1;
            }

            for (int i = 0; i < more; i++)
            {
                int c = buffer[p++];
                if ((c & 0xC0) != 0x80)
                {
                    return -1;
                }

                codePoint = (codePoint << 6) | (c & 0x3F);
            }

            if (codePoint < min || codePoint > MaxCodePoint || (codePoint >= SurrogateFirst && codePoint <= SurrogateLast))
            {
                return -1;
            }

            return codePoint;
        }
    }
}
