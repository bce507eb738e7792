namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// DER length fields (X.690 §8.1.3) in the forms a certificate uses: short (0–127), 0x81 nn (128–255) and
    /// 0x82 nn nn (256–65535). Longer forms never occur in a device certificate and are refused.
    /// </summary>
    internal static class DerLength
    {
        /// <summary>Largest length handled: two length bytes.</summary>
        public const int MaxValue = 0xFFFF;

        /// <summary>Length bytes needed for <paramref name="length"/>: 1, 2 or 3.</summary>
        public static int SizeOf(int length)
        {
            return length < 0x80 ? 1 : length <= 0xFF ? 2 : 3;
        }

        /// <summary>Writes <paramref name="length"/> at <paramref name="offset"/> (caller checked room); returns the bytes written.</summary>
        public static int Write(int length, byte[] buffer, int offset)
        {
            if (length < 0x80)
            {
                buffer[offset] = (byte)length;
                return 1;
            }

            if (length <= 0xFF)
            {
                buffer[offset] = 0x81;
                buffer[offset + 1] = (byte)length;
                return 2;
            }

            buffer[offset] = 0x82;
            buffer[offset + 1] = (byte)(length >> 8);
            buffer[offset + 2] = (byte)length;
            return 3;
        }

        /// <summary>
        /// Reads the tag at <paramref name="offset"/> (must be <paramref name="tag"/>) and its length; checks that the
        /// value fits before <paramref name="end"/> and that the length is in its shortest form (DER).
        /// </summary>
        /// <param name="buffer">The DER bytes.</param>
        /// <param name="offset">Offset of the tag byte.</param>
        /// <param name="end">First byte after the region the element must fit in.</param>
        /// <param name="tag">The expected tag.</param>
        /// <param name="what">The element's name, for the message.</param>
        /// <param name="error">The error to raise.</param>
        /// <param name="headerLength">Tag plus length bytes.</param>
        /// <returns>The value length.</returns>
        public static int ReadHeader(byte[] buffer, int offset, int end, byte tag, string what, CertificateError error, out int headerLength)
        {
            if (offset < 0 || offset + 2 > end || end > buffer.Length)
            {
                throw new CertificateException(error, what + " at offset " + offset + " is cut short");
            }

            if (buffer[offset] != tag)
            {
                throw new CertificateException(error,
                    what + " at offset " + offset + " has tag 0x" + buffer[offset].ToString("X2") + ", expected 0x" + tag.ToString("X2"));
            }

            int first = buffer[offset + 1];
            int length;
            if (first < 0x80)
            {
                length = first;
                headerLength = 2;
            }
            else if (first == 0x81 && offset + 3 <= end)
            {
                length = buffer[offset + 2];
                headerLength = 3;
            }
            else if (first == 0x82 && offset + 4 <= end)
            {
                length = (buffer[offset + 2] << 8) | buffer[offset + 3];
                headerLength = 4;
            }
            else
            {
                throw new CertificateException(error,
                    what + " at offset " + offset + " has length byte 0x" + first.ToString("X2") + " (1- and 2-byte DER lengths only)");
            }

            if (headerLength != 1 + SizeOf(length))
            {
                throw new CertificateException(error, what + " at offset " + offset + " has a non-minimal DER length");
            }

            if (length > end - offset - headerLength)
            {
                throw new CertificateException(error,
                    what + " at offset " + offset + " claims " + length + " bytes, only " + (end - offset - headerLength) + " follow");
            }

            return length;
        }
    }
}
