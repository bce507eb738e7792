namespace DeviceAgent.Pki
{
    /// <summary>
    /// Reading side of ECDSA signatures: DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c>
    /// (RFC 3279 §2.2.3) to the fixed-width R‖S that <see cref="ISignatureVerifier"/> and the ATECC608 take.
    /// </summary>
    public static class EcdsaSignatureDecoder
    {
        /// <summary>Width of r and of s for P-256 (FIPS 186-4 D.1.2.3: 256-bit order).</summary>
        public const int P256ComponentLength = 32;

        /// <summary>
        /// Decodes the ECDSA-Sig-Value in <paramref name="length"/> bytes at <paramref name="offset"/> (exactly one
        /// element) into a new array of 2·<paramref name="componentLength"/> bytes, r then s, each big-endian and
        /// left-padded with zeros. r and s must be positive minimal INTEGERs; one wider than
        /// <paramref name="componentLength"/> is <see cref="PkiError.Unsupported"/> (a signature on another curve).
        /// </summary>
        public static byte[] Decode(byte[] buffer, int offset, int length, int componentLength)
        {
            var output = new byte[2 * componentLength];
            if (!DecodeInto(buffer, offset, length, output, componentLength))
            {
                throw new PkiException(PkiError.Unsupported, offset, "signature component wider than " + componentLength + " bytes");
            }

            return output;
        }

        /// <summary>
        /// Checks the ECDSA-Sig-Value and, when <paramref name="output"/> is not null, writes R‖S into it; returns
        /// false (output untouched past what was written) when r or s is wider than <paramref name="componentLength"/>.
        /// Malformed DER throws <see cref="PkiException"/>.
        /// </summary>
        public static bool DecodeInto(byte[] buffer, int offset, int length, byte[] output, int componentLength)
        {
            var reader = new DerReader(buffer, offset, length);
            reader.Enter(DerReader.TagSequence);
            bool fits = Component(reader, output, 0, componentLength);
            fits &= Component(reader, output, componentLength, componentLength);
            reader.Exit();
            reader.ExpectEnd();
            return fits;
        }

        private static bool Component(DerReader reader, byte[] output, int outputOffset, int width)
        {
            reader.ReadInteger();
            byte[] b = reader.Buffer;
            int p = reader.ContentOffset;
            int n = reader.ContentLength;
            if ((b[p] & 0x80) != 0)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "ECDSA signature component is negative");
            }

            if (b[p] == 0)
            {
                // Minimal form: a leading 00 is only the sign byte; a lone 00 is the value zero, never valid.
                if (n == 1)
                {
                    throw new PkiException(PkiError.BadValue, reader.ElementOffset, "ECDSA signature component is zero");
                }

                p++;
                n--;
            }

            if (n > width)
            {
                return false;
            }

            if (output != null)
            {
                for (int i = 0; i < width - n; i++)
                {
                    output[outputOffset + i] = 0;
                }

                System.Array.Copy(b, p, output, outputOffset + width - n, n);
            }

            return true;
        }
    }
}
