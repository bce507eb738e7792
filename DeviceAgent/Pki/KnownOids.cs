namespace DeviceAgent.Pki
{
    /// <summary>
    /// Content bytes (without the 06 tag and length) of the object identifiers this device writes, taken from the
    /// table in est.md §6.2 (encoded there and cross-checked with <c>openssl asn1parse</c>). Written with
    /// <see cref="DerWriter.WriteObjectIdentifier"/>; treat the arrays as read-only.
    /// </summary>
    public static class KnownOids
    {
        /// <summary>id-ecPublicKey 1.2.840.10045.2.1 (RFC 5480 §2.1.1).</summary>
        public static readonly byte[] EcPublicKey = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };

        /// <summary>prime256v1 / secp256r1 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).</summary>
        public static readonly byte[] Prime256v1 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };

        /// <summary>ecdsa-with-SHA256 1.2.840.10045.4.3.2 (RFC 5758 §3.2).</summary>
        public static readonly byte[] EcdsaWithSha256 = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };

        /// <summary>PKCS#9 extensionRequest 1.2.840.113549.1.9.14 (RFC 2985 §5.4.2).</summary>
        public static readonly byte[] ExtensionRequest = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E };

        /// <summary>PKCS#9 challengePassword 1.2.840.113549.1.9.7 (RFC 2985 §5.4.1).</summary>
        public static readonly byte[] ChallengePassword = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x07 };

        /// <summary>commonName 2.5.4.3 (X.520; RFC 5280 Appendix A.1).</summary>
        public static readonly byte[] CommonName = { 0x55, 0x04, 0x03 };

        /// <summary>serialNumber 2.5.4.5 (X.520; RFC 5280 Appendix A.1).</summary>
        public static readonly byte[] SerialNumber = { 0x55, 0x04, 0x05 };

        /// <summary>countryName 2.5.4.6 (X.520; RFC 5280 Appendix A.1).</summary>
        public static readonly byte[] Country = { 0x55, 0x04, 0x06 };

        /// <summary>organizationName 2.5.4.10 (X.520; RFC 5280 Appendix A.1).</summary>
        public static readonly byte[] Organization = { 0x55, 0x04, 0x0A };

        /// <summary>organizationalUnitName 2.5.4.11 (X.520; RFC 5280 Appendix A.1).</summary>
        public static readonly byte[] OrganizationalUnit = { 0x55, 0x04, 0x0B };

        /// <summary>id-ce-keyUsage 2.5.29.15 (RFC 5280 §4.2.1.3).</summary>
        public static readonly byte[] KeyUsage = { 0x55, 0x1D, 0x0F };

        /// <summary>id-ce-subjectAltName 2.5.29.17 (RFC 5280 §4.2.1.6).</summary>
        public static readonly byte[] SubjectAltName = { 0x55, 0x1D, 0x11 };

        /// <summary>id-ce-extKeyUsage 2.5.29.37 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] ExtendedKeyUsage = { 0x55, 0x1D, 0x25 };

        /// <summary>id-kp-clientAuth 1.3.6.1.5.5.7.3.2 (RFC 5280 §4.2.1.12).</summary>
        public static readonly byte[] ClientAuth = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
    }
}
