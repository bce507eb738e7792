namespace DeviceAgent.Storage
{
    /// <summary>
    /// One stored copy of a record: magic "RS", format version, sequence number, payload length, payload, CRC-32
    /// over everything before it. All integers little-endian.
    /// </summary>
    /// <remarks>
    /// Layout: <c>52 53 | 01 | seq (4) | len (2) | payload | crc32 (4)</c>. The CRC covers the header too, so a
    /// copy whose sequence number or length was torn is rejected like one whose payload was.
    /// </remarks>
    public static class RecordFrame
    {
        /// <summary>Bytes before the payload.</summary>
        public const int HeaderSize = 9;

        /// <summary>Bytes after the payload.</summary>
        public const int TrailerSize = 4;

        /// <summary>Current format version.</summary>
        public const byte Version = 1;

        private const byte Magic0 = 0x52;
        private const byte Magic1 = 0x53;

        /// <summary>The frame holding <paramref name="payload"/> with <paramref name="sequence"/>.</summary>
        public static byte[] Encode(uint sequence, byte[] payload, int offset, int count)
        {
            var frame = new byte[HeaderSize + count + TrailerSize];
            frame[0] = Magic0;
            frame[1] = Magic1;
            frame[2] = Version;
            frame[3] = (byte)sequence;
            frame[4] = (byte)(sequence >> 8);
            frame[5] = (byte)(sequence >> 16);
            frame[6] = (byte)(sequence >> 24);
            frame[7] = (byte)count;
            frame[8] = (byte)(count >> 8);
            System.Array.Copy(payload, offset, frame, HeaderSize, count);
            uint crc = Crc32.Compute(frame, 0, HeaderSize + count);
            int at = HeaderSize + count;
            frame[at] = (byte)crc;
            frame[at + 1] = (byte)(crc >> 8);
            frame[at + 2] = (byte)(crc >> 16);
            frame[at + 3] = (byte)(crc >> 24);
            return frame;
        }

        /// <summary>
        /// True when <paramref name="frame"/> is one complete, undamaged copy no larger than
        /// <paramref name="maxPayload"/>; then <paramref name="sequence"/> and <paramref name="payloadLength"/> are set
        /// and the payload starts at <see cref="HeaderSize"/>.
        /// </summary>
        public static bool TryDecode(byte[] frame, int maxPayload, out uint sequence, out int payloadLength)
        {
            sequence = 0;
            payloadLength = 0;
            if (frame == null || frame.Length < HeaderSize + TrailerSize
                || frame[0] != Magic0 || frame[1] != Magic1 || frame[2] != Version)
            {
                return false;
            }

            int length = frame[7] | (frame[8] << 8);
            if (length > maxPayload || frame.Length != HeaderSize + length + TrailerSize)
            {
                return false;
            }

            int at = HeaderSize + length;
            uint stored = (uint)(frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16) | (frame[at + 3] << 24));
            if (stored != Crc32.Compute(frame, 0, at))
            {
                return false;
            }

            sequence = (uint)(frame[3] | (frame[4] << 8) | (frame[5] << 16) | (frame[6] << 24));
            payloadLength = length;
            return true;
        }
    }
}
