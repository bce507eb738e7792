using System;

namespace DeviceAgent.Tests
{
    /// <summary>Turns the spaced hex strings used for test vectors ("04 11 33 43") into bytes and back.</summary>
    internal static class Hex
    {
        public static byte[] Parse(string text)
        {
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != ' ')
                {
                    digits++;
                }
            }

            if (digits % 2 != 0)
            {
                throw new ArgumentException("odd number of hex digits in test vector");
            }

            var bytes = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == ' ')
                {
                    continue;
                }

                int value = Digit(text[i]);
                if (high < 0)
                {
                    high = value;
                }
                else
                {
                    bytes[n++] = (byte)((high << 4) | value);
                    high = -1;
                }
            }

            return bytes;
        }

        public static string Format(byte[] data, int offset, int count)
        {
            const string digits = "0123456789ABCDEF";
            var chars = new char[count == 0 ? 0 : (count * 3) - 1];
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                if (i > 0)
                {
                    chars[(i * 3) - 1] = ' ';
                }

                chars[i * 3] = digits[b >> 4];
                chars[(i * 3) + 1] = digits[b & 0xF];
            }

            return new string(chars);
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            throw new ArgumentException("not a hex digit: " + c);
        }
    }
}
