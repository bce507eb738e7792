namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// What is wrong with a compressed certificate, a certificate definition, a certificate or the caller's
    /// inputs, in the spirit of CryptoAuthLib's ATCACERT_E_* codes (facts/atecc608.md §10).
    /// </summary>
    public enum CertificateError
    {
        /// <summary>A required input is missing (null) or an offset/count lies outside its buffer.</summary>
        InvalidArgument = 1,

        /// <summary>The compressed certificate is not exactly 72 bytes (§10.1).</summary>
        CompressedLength = 2,

        /// <summary>The compressed certificate's format version (byte 70, low nibble) is not 0, 1 or 2 (§10.1).</summary>
        UnsupportedFormat = 3,

        /// <summary>
        /// The compressed certificate's template id, chain id or serial-number source differs from the definition's
        /// (CryptoAuthLib ATCACERT_E_WRONG_CERT_DEF, §10.3 step 3).
        /// </summary>
        WrongDefinition = 4,

        /// <summary>The certificate definition is inconsistent with its own template (an element outside it, a wrong size).</summary>
        BadDefinition = 5,

        /// <summary>A date field is out of its range (month 13, hour 24) or a date's ASCII form is malformed.</summary>
        InvalidDate = 6,

        /// <summary>
        /// A valid date that the target form cannot hold: UTCTime outside 1950–2049, a compressed issue year outside
        /// 2000–2031 (format 0) or 2000–2127 (formats 1, 2), more than 31 or 127 expire years (§10.1).
        /// </summary>
        DateOutOfRange = 7,

        /// <summary>
        /// A certificate's validity cannot be expressed in the compressed form: the issue date has minutes or seconds,
        /// or the expiry is neither issue + N whole years nor the format's no-expiry maximum (§10.1).
        /// </summary>
        DateNotEncodable = 8,

        /// <summary>The subject or CA public key is not 64 bytes X‖Y (§7.3).</summary>
        BadPublicKey = 9,

        /// <summary>The serial-number source needs the chip's 9-byte serial number or a stored serial number that was not given (§10.2).</summary>
        MissingSerialNumber = 10,

        /// <summary>The serial-number source is not supported here (STORED_DYNAMIC changes the certificate's layout; §10.2).</summary>
        UnsupportedSerialNumberSource = 11,

        /// <summary>The signature is not a strict DER ECDSA-Sig-Value BIT STRING of a P-256 R‖S (§7.2).</summary>
        BadSignature = 12,

        /// <summary>The certificate's DER does not follow the definition's template (lengths, tags, element positions).</summary>
        MalformedCertificate = 13,

        /// <summary>The certificate's signer id is not 4 uppercase hex digits, so it would not rebuild identically (§10.1).</summary>
        BadSignerId = 14,

        /// <summary>The hash port returned a digest of the wrong length.</summary>
        BadHash = 15,
    }
}
