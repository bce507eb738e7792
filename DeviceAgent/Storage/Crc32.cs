namespace DeviceAgent.Storage
{
    /// <summary>
    /// CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF; check
    /// value of "123456789" = 0xCBF43926). Bitwise: records are a few hundred bytes and written rarely.
    /// </summary>
    public static class Crc32
    {
        private const uint Polynomial = 0xEDB88320;

        /// <summary>CRC-32 of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
