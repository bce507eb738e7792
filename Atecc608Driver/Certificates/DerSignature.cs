using System;

namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// The certificate's signatureValue: a P-256 R‖S (64 bytes, as the chip signs) as a DER BIT STRING holding
    /// <c>SEQUENCE { INTEGER r, INTEGER s }</c>, and back (facts/atecc608.md §7.2; CryptoAuthLib atcacert_der.c
    /// <c>atcacert_der_enc_ecdsa_sig_value</c>).
    /// </summary>
    /// <remarks>
    /// Each INTEGER is minimal: leading zero bytes stripped while the next byte's top bit is clear (at least one byte
    /// kept), then one 0x00 prepended when the top bit is set. Every length is below 128, so
    /// <c>03 len 00 30 len 02 lr r 02 ls s</c>: 11 to 75 bytes.
    /// </remarks>
    public static class DerSignature
    {
        /// <summary>Length of R‖S for P-256 (§7.2).</summary>
        public const int RawLength = 64;

        /// <summary>Length of each of R and S (§7.2).</summary>
        public const int ComponentLength = 32;

        /// <summary>Longest BIT STRING: both INTEGERs 33 bytes, <c>03 49 00 30 46 …</c> (§7.2).</summary>
        public const int MaxBitStringLength = 75;

        private const byte BitStringTag = 0x03;
        private const byte SequenceTag = 0x30;
        private const byte IntegerTag = 0x02;

        /// <summary>
        /// Writes the BIT STRING of the R‖S at <paramref name="rawOffset"/> into <paramref name="buffer"/> at
        /// <paramref name="offset"/>.
        /// </summary>
        /// <returns>The number of bytes written (at most <see cref="MaxBitStringLength"/>).</returns>
        /// <exception cref="CertificateException"><see cref="CertificateError.InvalidArgument"/> for a range outside a buffer.</exception>
        public static int EncodeBitString(byte[] raw, int rawOffset, byte[] buffer, int offset)
        {
            CompressedCertificate.CheckRange(raw, rawOffset, RawLength, "R‖S");
            int rLength = IntegerValueLength(raw, rawOffset);
            int sLength = IntegerValueLength(raw, rawOffset + ComponentLength);
            int sequenceLength = 2 + rLength + 2 + sLength;
            int total = 2 + 1 + 2 + sequenceLength;
            CompressedCertificate.CheckRange(buffer, offset, total, "signature");

            int at = offset;
            buffer[at++] = BitStringTag;
            buffer[at++] = (byte)(1 + 2 + sequenceLength);
            buffer[at++] = 0x00;   // no unused bits
            buffer[at++] = SequenceTag;
            buffer[at++] = (byte)sequenceLength;
            at = WriteInteger(raw, rawOffset, rLength, buffer, at);
            WriteInteger(raw, rawOffset + ComponentLength, sLength, buffer, at);
            return total;
        }

        /// <summary>The BIT STRING of the R‖S at <paramref name="rawOffset"/> as a new array.</summary>
        public static byte[] EncodeBitString(byte[] raw, int rawOffset)
        {
            var scratch = new byte[MaxBitStringLength];
            int length = EncodeBitString(raw, rawOffset, scratch, 0);
            var result = new byte[length];
            Array.Copy(scratch, result, length);
            return result;
        }

        /// <summary>
        /// Reads the BIT STRING of exactly <paramref name="count"/> bytes at <paramref name="offset"/> and writes R‖S,
        /// each left-padded to 32 bytes, into <paramref name="raw"/> at <paramref name="rawOffset"/>.
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.BadSignature"/> unless it is a strict DER encoding (minimal, non-negative
        /// INTEGERs of at most 32 significant bytes, nothing trailing), since only that rebuilds byte for byte;
        /// <see cref="CertificateError.InvalidArgument"/> for a range outside a buffer.
        /// </exception>
        public static void DecodeBitString(byte[] der, int offset, int count, byte[] raw, int rawOffset)
        {
            CompressedCertificate.CheckRange(der, offset, count, "signature");
            CompressedCertificate.CheckRange(raw, rawOffset, RawLength, "R‖S");
            int end = offset + count;
            int header;
            int bitsLength = DerLength.ReadHeader(der, offset, end, BitStringTag, "signature BIT STRING", CertificateError.BadSignature, out header);
            int at = offset + header;
            if (at + bitsLength != end)
            {
                throw new CertificateException(CertificateError.BadSignature,
                    "signature BIT STRING is " + bitsLength + " bytes but " + (end - at) + " remain");
            }

            if (bitsLength < 1 || der[at] != 0x00)
            {
                throw new CertificateException(CertificateError.BadSignature, "signature BIT STRING does not start with 0 unused bits");
            }

            at++;
            int sequenceLength = DerLength.ReadHeader(der, at, end, SequenceTag, "ECDSA-Sig-Value", CertificateError.BadSignature, out header);
            at += header;
            if (at + sequenceLength != end)
            {
                throw new CertificateException(CertificateError.BadSignature, "ECDSA-Sig-Value length does not match its BIT STRING");
            }

            at = ReadInteger(der, at, end, raw, rawOffset, "R");
            at = ReadInteger(der, at, end, raw, rawOffset + ComponentLength, "S");
            if (at != end)
            {
                throw new CertificateException(CertificateError.BadSignature, "bytes after S in the ECDSA-Sig-Value");
            }
        }

        private static int IntegerValueLength(byte[] raw, int offset)
        {
            int start = 0;
            while (start < ComponentLength - 1 && raw[offset + start] == 0 && (raw[offset + start + 1] & 0x80) == 0)
            {
                start++;
            }

            int length = ComponentLength - start;
            return (raw[offset + start] & 0x80) != 0 ? length + 1 : length;
        }

        private static int WriteInteger(byte[] raw, int offset, int valueLength, byte[] buffer, int at)
        {
            buffer[at++] = IntegerTag;
            buffer[at++] = (byte)valueLength;
            if (valueLength > ComponentLength)
            {
                buffer[at++] = 0x00;
                valueLength = ComponentLength;
            }

            Array.Copy(raw, offset + ComponentLength - valueLength, buffer, at, valueLength);
            return at + valueLength;
        }

        private static int ReadInteger(byte[] der, int at, int end, byte[] raw, int rawOffset, string name)
        {
            int header;
            int length = DerLength.ReadHeader(der, at, end, IntegerTag, "INTEGER " + name, CertificateError.BadSignature, out header);
            at += header;
            if (length < 1)
            {
                throw new CertificateException(CertificateError.BadSignature, "INTEGER " + name + " is empty");
            }

            if ((der[at] & 0x80) != 0)
            {
                throw new CertificateException(CertificateError.BadSignature, "INTEGER " + name + " is negative");
            }

            if (length > 1 && der[at] == 0x00 && (der[at + 1] & 0x80) == 0)
            {
                throw new CertificateException(CertificateError.BadSignature, "INTEGER " + name + " has a superfluous leading zero (not DER)");
            }

            int valueStart = at;
            int valueLength = length;
            if (der[at] == 0x00 && length > 1)
            {
                valueStart++;
                valueLength--;
            }

            if (valueLength > ComponentLength)
            {
                throw new CertificateException(CertificateError.BadSignature,
                    "INTEGER " + name + " has " + valueLength + " significant bytes; P-256 allows 32");
            }

            Array.Clear(raw, rawOffset, ComponentLength - valueLength);
            Array.Copy(der, valueStart, raw, rawOffset + ComponentLength - valueLength, valueLength);
            return at + length;
        }
    }
}
