using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Encodes a raw P-256 signature R‖S (64 bytes, as the ATECC608 and <see cref="IDigestSigner"/> return it) as the
    /// DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> of RFC 3279 §2.2.3, and as the BIT STRING that
    /// carries it in X.509 and PKCS#10. Each INTEGER is minimal: leading zeros stripped, a 00 added when the top bit
    /// is set (atecc608.md §7.2, Microchip CAL <c>atcacert_der_enc_ecdsa_sig_value</c>).
    /// </summary>
    public static class EcdsaSignature
    {
        /// <summary>R‖S of P-256: two 32-byte big-endian halves.</summary>
        public const int RawLength = 64;

        /// <summary>Longest ECDSA-Sig-Value for P-256: 30 46 + two 02 21 00 ‖ 32 bytes (est.md §6.3).</summary>
        public const int MaxSigValueLength = 72;

        /// <summary>Longest signature BIT STRING for P-256: 03 49 00 + <see cref="MaxSigValueLength"/> (est.md §6.3).</summary>
        public const int MaxBitStringLength = 75;

        private const int HalfLength = RawLength / 2;

        /// <summary>Exact size of the ECDSA-Sig-Value for R‖S at <paramref name="offset"/>.</summary>
        public static int SigValueLength(byte[] rs, int offset)
        {
            CheckRaw(rs, offset);
            int content = DerWriter.IntegerLength(rs, offset, HalfLength) + DerWriter.IntegerLength(rs, offset + HalfLength, HalfLength);
            return DerWriter.HeaderLength(content) + content;
        }

        /// <summary>Exact size of the signature BIT STRING for R‖S at <paramref name="offset"/>.</summary>
        public static int BitStringLength(byte[] rs, int offset)
        {
            int content = SigValueLength(rs, offset) + 1;
            return DerWriter.HeaderLength(content) + content;
        }

        /// <summary>Writes SEQUENCE { r, s } in front of what <paramref name="writer"/> holds.</summary>
        public static void WriteSigValue(DerWriter writer, byte[] rs, int offset)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            CheckRaw(rs, offset);
            int size = SigValueLength(rs, offset);
            if (size > writer.Remaining)
            {
                // refuse up front so a half-written signature never sits in the buffer
                throw new PkiException(PkiError.TooLarge, -1, "no room for the " + size + "-byte ECDSA signature");
            }

            int mark = writer.Length;
            writer.WriteInteger(rs, offset + HalfLength, HalfLength);
            writer.WriteInteger(rs, offset, HalfLength);
            writer.WrapConstructed(DerWriter.Sequence, mark);
        }

        /// <summary>Writes the signature BIT STRING (03 len 00 ‖ ECDSA-Sig-Value) in front of what <paramref name="writer"/> holds.</summary>
        public static void WriteBitString(DerWriter writer, byte[] rs, int offset)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            int size = BitStringLength(rs, offset);
            if (size > writer.Remaining)
            {
                throw new PkiException(PkiError.TooLarge, -1, "no room for the " + size + "-byte signature BIT STRING");
            }

            int mark = writer.Length;
            WriteSigValue(writer, rs, offset);
            writer.WrapBitString(mark);
        }

        /// <summary>
        /// Encodes the ECDSA-Sig-Value into <paramref name="output"/> starting at <paramref name="outputOffset"/> and
        /// returns its length; throws <see cref="PkiError.TooLarge"/> without writing when <paramref name="count"/>
        /// bytes are not enough (<see cref="MaxSigValueLength"/> always are).
        /// </summary>
        public static int Encode(byte[] rs, int offset, byte[] output, int outputOffset, int count)
        {
            int size = SigValueLength(rs, offset);
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || count < 0 || outputOffset > output.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "region outside the output");
            }

            if (size > count)
            {
                throw new PkiException(PkiError.TooLarge, -1, "no room for the " + size + "-byte ECDSA signature");
            }

            WriteSigValue(new DerWriter(output, outputOffset, size), rs, offset);
            return size;
        }

        private static void CheckRaw(byte[] rs, int offset)
        {
            if (rs == null)
            {
                throw new ArgumentNullException(nameof(rs));
            }

            if (offset < 0 || offset > rs.Length - RawLength)
            {
                throw new PkiException(PkiError.BadValue, -1, "a P-256 signature R||S needs 64 bytes");
            }
        }
    }
}
