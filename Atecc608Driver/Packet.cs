using System;

namespace Atecc608Driver
{
    /// <summary>
    /// Frames ATECC608 command groups and checks response groups. Pure byte work: no I/O, no allocation.
    /// </summary>
    /// <remarks>
    /// Command group (after word address 0x03): count, opcode, param1, param2 (little-endian), data, CRC-16
    /// (low byte first); count covers everything from itself through the CRC (facts/atecc608.md §2.1).
    /// Response group: count, data, CRC-16; a count of 4 carries a single status byte (§2.2).
    /// </remarks>
    public static class Packet
    {
        /// <summary>Smallest command group: count, opcode, param1, param2 (2), CRC (2).</summary>
        public const int MinCommandLength = 7;

        /// <summary>Largest command group the 608 accepts (CryptoAuthLib ATCA_CMD_SIZE_MAX = 4·36 + 7).</summary>
        public const int MaxCommandLength = 151;

        /// <summary>Smallest response group: count, one status byte, CRC (2).</summary>
        public const int MinResponseLength = 4;

        /// <summary>Largest response group (CryptoAuthLib ATCA_RSP_SIZE_MAX; 72 data bytes + count + CRC).</summary>
        public const int MaxResponseLength = 75;

        /// <summary>Count of a status-only response group.</summary>
        public const int StatusResponseLength = 4;

        /// <summary>
        /// Bytes a buffer needs for one I2C command write: the word address plus the largest command group.
        /// </summary>
        public const int MaxCommandWriteLength = MaxCommandLength + 1;

        /// <summary>
        /// Writes word address 0x03 followed by a complete command group into <paramref name="buffer"/>.
        /// </summary>
        /// <returns>The number of bytes written, i.e. the length of the I2C write.</returns>
        /// <exception cref="ArgumentException">The data is too long for a command or the buffer too small.</exception>
        public static int EncodeCommand(byte[] buffer, int offset, Opcode opcode, byte param1, ushort param2,
            byte[] data, int dataOffset, int dataLength)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (dataLength < 0 || (dataLength > 0 && (data == null || dataOffset < 0 || dataOffset > data.Length - dataLength)))
            {
                throw new ArgumentOutOfRangeException(nameof(dataLength), "data range outside the data array");
            }

            int count = MinCommandLength + dataLength;
            if (count > MaxCommandLength)
            {
                throw new ArgumentException("command data of " + dataLength + " bytes exceeds the 608's " + MaxCommandLength + "-byte packet");
            }

            // Check the whole size first and write nothing if it does not fit.
            if (offset < 0 || offset > buffer.Length - (count + 1))
            {
                throw new ArgumentException("buffer too small for a " + (count + 1) + "-byte command write");
            }

            buffer[offset] = (byte)WordAddress.Command;
            int group = offset + 1;
            buffer[group] = (byte)count;
            buffer[group + 1] = (byte)opcode;
            buffer[group + 2] = param1;
            buffer[group + 3] = (byte)param2;
            buffer[group + 4] = (byte)(param2 >> 8);
            if (dataLength > 0)
            {
                Array.Copy(data, dataOffset, buffer, group + 5, dataLength);
            }

            Crc16.Append(buffer, group, count - 2);
            return count + 1;
        }

        /// <summary>
        /// Checks the response group at <paramref name="offset"/>: its count byte against the bounds and
        /// against the <paramref name="available"/> bytes actually read, then its CRC.
        /// </summary>
        /// <returns>The group's count (total length including count and CRC bytes).</returns>
        /// <exception cref="Atecc608Exception">
        /// <see cref="Atecc608Error.ResponseLength"/> or <see cref="Atecc608Error.ResponseCrc"/>.
        /// </exception>
        public static int CheckResponse(byte[] buffer, int offset, int available, Opcode command)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || available < 0 || offset > buffer.Length - available)
            {
                throw new ArgumentOutOfRangeException(nameof(available), "range outside the buffer");
            }

            if (available < 1)
            {
                throw new Atecc608Exception(Atecc608Error.ResponseLength, command, 0, "empty reply to " + OpcodeName(command));
            }

            int count = buffer[offset];
            if (count < MinResponseLength || count > MaxResponseLength || count > available)
            {
                throw new Atecc608Exception(Atecc608Error.ResponseLength, command, 0,
                    "reply to " + OpcodeName(command) + " has count byte " + count + " (valid 4.." + MaxResponseLength + ", " + available + " bytes read)");
            }

            if (!Crc16.Matches(buffer, offset, count - 2))
            {
                throw new Atecc608Exception(Atecc608Error.ResponseCrc, command, 0, "reply to " + OpcodeName(command) + " failed its CRC");
            }

            return count;
        }

        /// <summary>
        /// For a checked response of <paramref name="count"/> bytes: the status it carries. A group of any
        /// other size than 4 is a result and counts as <see cref="Atecc608Status.Success"/>, as the chip has
        /// no status register (facts/atecc608.md §2.2).
        /// </summary>
        public static Atecc608Status StatusOf(byte[] buffer, int offset, int count)
        {
            return count == StatusResponseLength ? (Atecc608Status)buffer[offset + 1] : Atecc608Status.Success;
        }

        /// <summary>
        /// True when the four bytes at <paramref name="offset"/> are the wake reply 04 11 33 43
        /// (facts/atecc608.md §1.3).
        /// </summary>
        public static bool IsWakeResponse(byte[] buffer, int offset)
        {
            return buffer != null && offset >= 0 && offset <= buffer.Length - 4
                && buffer[offset] == 0x04 && buffer[offset + 1] == (byte)Atecc608Status.AfterWake
                && buffer[offset + 2] == 0x33 && buffer[offset + 3] == 0x43;
        }

        /// <summary>The datasheet name of a command, for messages (Enum.ToString gives numbers on nanoFramework).</summary>
        public static string OpcodeName(Opcode opcode)
        {
            switch (opcode)
            {
                case Opcode.Pause: return "Pause";
                case Opcode.Read: return "Read";
                case Opcode.Mac: return "MAC";
                case Opcode.Write: return "Write";
                case Opcode.GenDig: return "GenDig";
                case Opcode.Nonce: return "Nonce";
                case Opcode.Lock: return "Lock";
                case Opcode.Random: return "Random";
                case Opcode.DeriveKey: return "DeriveKey";
                case Opcode.UpdateExtra: return "UpdateExtra";
                case Opcode.Counter: return "Counter";
                case Opcode.CheckMac: return "CheckMac";
                case Opcode.Info: return "Info";
                case Opcode.GenKey: return "GenKey";
                case Opcode.Sign: return "Sign";
                case Opcode.Ecdh: return "ECDH";
                case Opcode.Verify: return "Verify";
                case Opcode.PrivWrite: return "PrivWrite";
                case Opcode.Sha: return "SHA";
                case Opcode.Aes: return "AES";
                case Opcode.Kdf: return "KDF";
                case Opcode.SelfTest: return "SelfTest";
                case Opcode.SecureBoot: return "SecureBoot";
                default: return "opcode 0x" + ((byte)opcode).ToString("X2");
            }
        }
    }
}
