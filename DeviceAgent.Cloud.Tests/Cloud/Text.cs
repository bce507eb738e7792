namespace DeviceAgent.Tests.Cloud
{
    /// <summary>Bytes from and to test strings, one byte per char (so "\u00C3\u00A9" is the UTF-8 of é).</summary>
    internal static class Text
    {
        public static byte[] Bytes(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        public static string Of(byte[] bytes)
        {
            return Of(bytes, bytes.Length);
        }

        public static string Of(byte[] bytes, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }
    }
}
