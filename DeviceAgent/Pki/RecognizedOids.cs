namespace DeviceAgent.Pki
{
    /// <summary>
    /// Object identifiers the readers (<see cref="Certificate"/>, <see cref="X509Name"/>, <see cref="Pkcs7CertsOnly"/>)
    /// recognise and the writers (<see cref="Pkcs10Builder"/>) emit, as the content bytes of their DER encoding
    /// (without the <c>06 len</c> header), compared in place with <see cref="DerReader.ContentEquals"/>. Bytes as
    /// in facts/est.md §6.2 (cross-checked with <c>openssl asn1parse</c>). Treat the arrays as read-only.
    /// </summary>
    public static class RecognizedOids
    {
        /// <summary>pkcs-9 extensionRequest 1.2.840.113549.1.9.14 (RFC 2985 §5.4.2).</summary>
        public static readonly byte[] ExtensionRequest = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E };

        /// <summary>pkcs-9 challengePassword 1.2.840.113549.1.9.7 (RFC 2985 §5.4.1).</summary>
        public static readonly byte[] ChallengePassword = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x07 };

        /// <summary>id-ecPublicKey 1.2.840.10045.2.1 (RFC 5480 §2.1.1).</summary>
        public static readonly byte[] EcPublicKey = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };

        /// <summary>prime256v1 / secp256r1 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).</summary>
        public static readonly byte[] Prime256v1 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };

        /// <summary>ecdsa-with-SHA256 1.2.840.10045.4.3.2 (RFC 5758 §3.2).</summary>
        public static readonly byte[] EcdsaWithSha256 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };

        /// <summary>ecdsa-with-SHA384 1.2.840.10045.4.3.3 (RFC 5758 §3.2).</summary>
        public static readonly byte[] EcdsaWithSha384 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03 };

        /// <summary>ecdsa-with-SHA512 1.2.840.10045.4.3.4 (RFC 5758 §3.2).</summary>
        public static readonly byte[] EcdsaWithSha512 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04 };

        /// <summary>rsaEncryption 1.2.840.113549.1.1.1 (RFC 3279 §2.3.1).</summary>
        public static readonly byte[] RsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };

        /// <summary>sha256WithRSAEncryption 1.2.840.113549.1.1.11 (RFC 4055 §5).</summary>
        public static readonly byte[] Sha256WithRsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B };

        /// <summary>sha384WithRSAEncryption 1.2.840.113549.1.1.12 (RFC 4055 §5).</summary>
        public static readonly byte[] Sha384WithRsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C };

        /// <summary>sha512WithRSAEncryption 1.2.840.113549.1.1.13 (RFC 4055 §5).</summary>
        public static readonly byte[] Sha512WithRsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D };

        /// <summary>id-signedData 1.2.840.113549.1.7.2 (RFC 5652 §5.1).</summary>
        public static readonly byte[] SignedData = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 };

        /// <summary>id-data 1.2.840.113549.1.7.1 (RFC 5652 §4).</summary>
        public static readonly byte[] Data = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 };

        /// <summary>id-at-commonName 2.5.4.3 (RFC 5280 appendix A.1).</summary>
        public static readonly byte[] CommonName = { 0x55, 0x04, 0x03 };

        /// <summary>id-at-serialNumber 2.5.4.5 (RFC 5280 appendix A.1).</summary>
        public static readonly byte[] SerialNumber = { 0x55, 0x04, 0x05 };

        /// <summary>id-at-countryName 2.5.4.6 (RFC 5280 appendix A.1).</summary>
        public static readonly byte[] CountryName = { 0x55, 0x04, 0x06 };

        /// <summary>id-at-organizationName 2.5.4.10 (RFC 5280 appendix A.1).</summary>
        public static readonly byte[] OrganizationName = { 0x55, 0x04, 0x0A };

        /// <summary>id-at-organizationalUnitName 2.5.4.11 (RFC 5280 appendix A.1).</summary>
        public static readonly byte[] OrganizationalUnitName = { 0x55, 0x04, 0x0B };

        /// <summary>id-ce-subjectKeyIdentifier 2.5.29.14 (RFC 5280 §4.2.1.2).</summary>
        public static readonly byte[] SubjectKeyIdentifier = { 0x55, 0x1D, 0x0E };

        /// <summary>id-ce-keyUsage 2.5.29.15 (RFC 5280 §4.2.1.3).</summary>
        public static readonly byte[] KeyUsage = { 0x55, 0x1D, 0x0F };

        /// <summary>id-ce-subjectAltName 2.5.29.17 (RFC 5280 §4.2.1.6).</summary>
        public static readonly byte[] SubjectAltName = { 0x55, 0x1D, 0x11 };

        /// <summary>id-ce-basicConstraints 2.5.29.19 (RFC 5280 §4.2.1.9).</summary>
        public static readonly byte[] BasicConstraints = { 0x55, 0x1D, 0x13 };

        /// <summary>id-ce-authorityKeyIdentifier 2.5.29.35 (RFC 5280 §4.2.1.1).</summary>
        public static readonly byte[] AuthorityKeyIdentifier = { 0x55, 0x1D, 0x23 };

        /// <summary>id-ce-extKeyUsage 2.5.29.37 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] ExtendedKeyUsage = { 0x55, 0x1D, 0x25 };

        /// <summary>anyExtendedKeyUsage 2.5.29.37.0 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] AnyExtendedKeyUsage = { 0x55, 0x1D, 0x25, 0x00 };

        /// <summary>id-kp-serverAuth 1.3.6.1.5.5.7.3.1 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] ServerAuth = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };

        /// <summary>id-kp-clientAuth 1.3.6.1.5.5.7.3.2 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] ClientAuth = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };

        /// <summary>
        /// The dotted form (e.g. <c>2.5.4.3</c>) of OID content bytes already checked by
        /// <see cref="DerReader.ReadObjectIdentifier"/>; arcs too large for 63 bits come out as <c>?</c>.
        /// </summary>
        public static string ToDotted(byte[] buffer, int offset, int length)
        {
            string text = string.Empty;
            long arc = 0;
            bool first = true;
            bool overflow = false;
            for (int i = 0; i < length; i++)
            {
                int b = buffer[offset + i];
                if (arc > (long.MaxValue >> 7))
                {
                    overflow = true;
                }

                arc = (arc << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) != 0)
                {
                    continue;
                }

                if (overflow)
                {
                    text += first ? "?" : ".?";
                }
                else if (first)
                {
                    // X.690 §8.19.4: the first subidentifier is 40·X + Y with X in 0..2.
                    long x = arc < 40 ? 0 : (arc < 80 ? 1 : 2);
                    text += x.ToString() + "." + (arc - (40 * x)).ToString();
                }
                else
                {
                    text += "." + arc.ToString();
                }

                first = false;
                overflow = false;
                arc = 0;
            }

            return text;
        }
    }
}
