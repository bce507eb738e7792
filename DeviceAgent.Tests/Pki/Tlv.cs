using System;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>Builds DER/BER test inputs by hand: TLVs with definite or indefinite lengths, concatenation.</summary>
    internal static class Tlv
    {
        /// <summary>tag ‖ minimal definite length ‖ content.</summary>
        public static byte[] Make(int tag, byte[] content)
        {
            int n = content.Length;
            int lengthBytes = n < 0x80 ? 1 : (n < 0x100 ? 2 : (n < 0x10000 ? 3 : 4));
            var result = new byte[1 + lengthBytes + n];
            result[0] = (byte)tag;
            if (n < 0x80)
            {
                result[1] = (byte)n;
            }
            else
            {
                result[1] = (byte)(0x80 | (lengthBytes - 1));
                for (int i = 0; i < lengthBytes - 1; i++)
                {
                    result[1 + lengthBytes - 1 - i] = (byte)(n >> (8 * i));
                }
            }

            Array.Copy(content, 0, result, 1 + lengthBytes, n);
            return result;
        }

        /// <summary>tag ‖ 80 ‖ content ‖ 00 00 (BER indefinite length, X.690 §8.1.3.6).</summary>
        public static byte[] Indefinite(int tag, byte[] content)
        {
            var result = new byte[content.Length + 4];
            result[0] = (byte)tag;
            result[1] = 0x80;
            Array.Copy(content, 0, result, 2, content.Length);
            return result;
        }

        public static byte[] Concat(byte[] a, byte[] b)
        {
            var result = new byte[a.Length + b.Length];
            Array.Copy(a, 0, result, 0, a.Length);
            Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        public static byte[] Concat(byte[] a, byte[] b, byte[] c)
        {
            return Concat(Concat(a, b), c);
        }

        public static byte[] Concat(byte[] a, byte[] b, byte[] c, byte[] d)
        {
            return Concat(Concat(a, b), Concat(c, d));
        }

        /// <summary>Index of the first occurrence of <paramref name="pattern"/> in <paramref name="data"/>, or -1.</summary>
        public static int IndexOf(byte[] data, byte[] pattern)
        {
            for (int i = 0; i + pattern.Length <= data.Length; i++)
            {
                bool match = true;
                for (int j = 0; j < pattern.Length && match; j++)
                {
                    match = data[i + j] == pattern[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A copy of <paramref name="data"/> with the first occurrence of <paramref name="find"/>
        /// replaced by <paramref name="replacement"/> (same length).</summary>
        public static byte[] Patch(byte[] data, string find, string replacement)
        {
            byte[] pattern = Hex.Parse(find);
            byte[] with = Hex.Parse(replacement);
            int at = IndexOf(data, pattern);
            if (at < 0 || pattern.Length != with.Length)
            {
                throw new ArgumentException("pattern not found: " + find);
            }

            var copy = (byte[])data.Clone();
            Array.Copy(with, 0, copy, at, with.Length);
            return copy;
        }

        /// <summary>The bytes of an ASCII string.</summary>
        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
