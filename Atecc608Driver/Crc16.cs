namespace Atecc608Driver
{
    /// <summary>
    /// The CRC-16 that guards every ATECC608 command and response group.
    /// </summary>
    /// <remarks>
    /// Polynomial 0x8005, initial value 0, data bits taken least-significant first into a register that
    /// shifts left, no final XOR; the two CRC bytes travel low byte first (facts/atecc608.md §2.3,
    /// CryptoAuthLib <c>atCRC</c>, ATSHA204A data sheet §8.5.1). Bitwise rather than table-driven: packets
    /// are at most 151 bytes and a table would cost 512 bytes of the device's small heap.
    /// </remarks>
    public static class Crc16
    {
        private const ushort Polynomial = 0x8005;

        /// <summary>Computes the CRC register over <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
            int crc = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                int b = data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    int dataBit = (b >> bit) & 1;
                    int topBit = (crc >> 15) & 1;
                    crc = (crc << 1) & 0xFFFF;
                    if (dataBit != topBit)
                    {
                        crc ^= Polynomial;
                    }
                }
            }

            return (ushort)crc;
        }

        /// <summary>
        /// Computes the CRC over <paramref name="count"/> bytes and writes it, low byte first, into the two
        /// bytes that follow them.
        /// </summary>
        public static void Append(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count + 2);
            ushort crc = Compute(data, offset, count);
            data[offset + count] = (byte)crc;
            data[offset + count + 1] = (byte)(crc >> 8);
        }

        /// <summary>
        /// True when the two bytes after the first <paramref name="count"/> bytes hold their CRC (low byte first).
        /// </summary>
        public static bool Matches(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count + 2);
            ushort crc = Compute(data, offset, count);
            return data[offset + count] == (byte)crc && data[offset + count + 1] == (byte)(crc >> 8);
        }

        private static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new System.ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count), "range outside the buffer");
            }
        }
    }
}
