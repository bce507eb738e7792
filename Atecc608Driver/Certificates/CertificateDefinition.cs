namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// What a compressed certificate is rebuilt against: a template DER certificate with dummy values and where
    /// each variable element sits in it, plus the ids that a compressed certificate must carry to belong to it
    /// (facts/atecc608.md §10.3; CryptoAuthLib <c>atcacert_def_t</c>, X.509 type only).
    /// </summary>
    /// <remarks>
    /// Set the properties, then <see cref="Validate"/> (the builder calls it too). Every element lies inside the
    /// TBS certificate, which the template has as its first element; the signature is the template's last
    /// element, its signatureValue BIT STRING running to the end. Locations are byte ranges of the template:
    /// the serial number is the INTEGER's value bytes, a date its ASCII bytes, the signer id 4 ASCII hex
    /// characters, the public key the 64 bytes X‖Y after <c>04</c>, a key identifier its 20 bytes.
    /// </remarks>
    public sealed class CertificateDefinition
    {
        /// <summary>Length of the public key X‖Y in the template (§7.3).</summary>
        public const int PublicKeyLength = 64;

        /// <summary>Length of a key identifier, SHA-1(04‖X‖Y) (§7.3).</summary>
        public const int KeyIdLength = 20;

        /// <summary>Length of the signer id in the certificate: 4 uppercase hex characters (§10.1).</summary>
        public const int SignerIdLength = 4;

        /// <summary>Length of the serial number for DEVICE_SN: 0x40 ‖ 9 bytes (§10.2).</summary>
        public const int DeviceSnSerialLength = 10;

        /// <summary>Length of the serial number for SIGNER_ID: 0x40 ‖ 2 bytes (§10.2).</summary>
        public const int SignerIdSerialLength = 3;

        /// <summary>Longest hashed serial number: a SHA-256 digest (§10.2).</summary>
        public const int MaxHashSerialLength = 32;

        /// <summary>Creates an empty definition; set the properties, then <see cref="Validate"/>.</summary>
        public CertificateDefinition()
        {
            IssueDateFormat = CertificateDateFormat.UtcTime;
            ExpireDateFormat = CertificateDateFormat.UtcTime;
        }

        /// <summary>The template: a complete DER certificate with dummy values (kept by reference, never written).</summary>
        public byte[] Template { get; set; }

        /// <summary>Template id, 0–15: the high nibble of compressed byte 69 must equal it.</summary>
        public int TemplateId { get; set; }

        /// <summary>Chain id, 0–15: the low nibble of compressed byte 69 must equal it.</summary>
        public int ChainId { get; set; }

        /// <summary>How the serial number is made (§10.2); the high nibble of compressed byte 70 must equal it.</summary>
        public SerialNumberSource SerialNumberSource { get; set; }

        /// <summary>Intended validity in years, 0–127 (0 = no expiry); a compressed certificate carries its own.</summary>
        public int ExpireYears { get; set; }

        /// <summary>Format of the issue date (notBefore) in the template.</summary>
        public CertificateDateFormat IssueDateFormat { get; set; }

        /// <summary>Format of the expire date (notAfter) in the template; also decides the no-expiry date.</summary>
        public CertificateDateFormat ExpireDateFormat { get; set; }

        /// <summary>The serial number's value bytes (after <c>02 len</c>); count 0 when not generated.</summary>
        public CertificateLocation SerialNumber { get; set; }

        /// <summary>The notBefore ASCII bytes; count 0 or the format's length.</summary>
        public CertificateLocation IssueDate { get; set; }

        /// <summary>The notAfter ASCII bytes; count 0 or the format's length.</summary>
        public CertificateLocation ExpireDate { get; set; }

        /// <summary>The signer id's 4 hex characters (e.g. the end of the issuer CN); count 0 or 4.</summary>
        public CertificateLocation SignerId { get; set; }

        /// <summary>The subject public key X‖Y (64 bytes after the <c>04</c> of the SubjectPublicKeyInfo).</summary>
        public CertificateLocation PublicKey { get; set; }

        /// <summary>The subject key identifier's 20 bytes; count 0 or 20.</summary>
        public CertificateLocation SubjectKeyId { get; set; }

        /// <summary>The authority key identifier's 20 bytes; count 0 or 20. Written only when <see cref="CaPublicKey"/> is set.</summary>
        public CertificateLocation AuthorityKeyId { get; set; }

        /// <summary>The TBS certificate SEQUENCE, tag to end; it starts right after the outer SEQUENCE header.</summary>
        public CertificateLocation TbsCertificate { get; set; }

        /// <summary>The signatureValue BIT STRING, tag to the end of the template.</summary>
        public CertificateLocation Signature { get; set; }

        /// <summary>The issuing CA's public key X‖Y (64 bytes) for the authority key identifier, or null when unknown.</summary>
        public byte[] CaPublicKey { get; set; }

        /// <summary>
        /// Checks the definition against its template: ids and source in range, the template's outer SEQUENCE and
        /// TBS headers, every element inside the TBS with its expected size, the signature BIT STRING at the end.
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.BadDefinition"/> naming the first inconsistency;
        /// <see cref="CertificateError.UnsupportedSerialNumberSource"/> for STORED_DYNAMIC.
        /// </exception>
        public void Validate()
        {
            byte[] template = Template;
            if (template == null || template.Length < 8)
            {
                throw Bad("has no template certificate");
            }

            if (TemplateId < 0 || TemplateId > 0x0F || ChainId < 0 || ChainId > 0x0F)
            {
                throw Bad("template id " + TemplateId + " / chain id " + ChainId + " must each be 0–15");
            }

            if (!IsKnownSource(SerialNumberSource))
            {
                throw Bad("has unknown serial-number source " + (int)SerialNumberSource);
            }

            if (SerialNumberSource == SerialNumberSource.StoredDynamic)
            {
                throw new CertificateException(CertificateError.UnsupportedSerialNumberSource,
                    "serial-number source STORED_DYNAMIC changes the certificate layout and is not supported");
            }

            if (ExpireYears < 0 || ExpireYears > CompressedDate.MaxExpireYearsExtended)
            {
                throw Bad("expire years " + ExpireYears + " is outside 0–127");
            }

            if (!IsKnownFormat(IssueDateFormat) || !IsKnownFormat(ExpireDateFormat))
            {
                throw Bad("has unknown date format " + (int)IssueDateFormat + " / " + (int)ExpireDateFormat + " (UtcTime = 1, GeneralizedTime = 4)");
            }

            int issueLength = CertificateTime.LengthOf(IssueDateFormat);
            int expireLength = CertificateTime.LengthOf(ExpireDateFormat);

            int header;
            int outerLength = DerLength.ReadHeader(template, 0, template.Length, 0x30, "template certificate SEQUENCE", CertificateError.BadDefinition, out header);
            if (header + outerLength != template.Length)
            {
                throw Bad("template's outer SEQUENCE covers " + (header + outerLength) + " bytes of " + template.Length);
            }

            CertificateLocation tbs = TbsCertificate;
            if (tbs.Offset != header)
            {
                throw Bad("TBS certificate " + tbs.ToString() + " does not start right after the outer header (" + header + ")");
            }

            int tbsHeader;
            int tbsLength = DerLength.ReadHeader(template, tbs.Offset, template.Length, 0x30, "template TBS certificate", CertificateError.BadDefinition, out tbsHeader);
            if (tbsHeader + tbsLength != tbs.Count)
            {
                throw Bad("TBS certificate " + tbs.ToString() + " disagrees with its DER length " + (tbsHeader + tbsLength));
            }

            int tbsEnd = tbs.Offset + tbs.Count;
            CertificateLocation signature = Signature;
            if (signature.Offset < tbsEnd || signature.Count < 3 || signature.Offset > template.Length - signature.Count
                || signature.Offset + signature.Count != template.Length)
            {
                throw Bad("signature " + signature.ToString() + " must be the template's last element, after the TBS");
            }

            int bitsHeader;
            int bitsLength = DerLength.ReadHeader(template, signature.Offset, template.Length, 0x03, "template signature BIT STRING", CertificateError.BadDefinition, out bitsHeader);
            if (bitsHeader + bitsLength != signature.Count || bitsHeader != 2)
            {
                throw Bad("signature " + signature.ToString() + " is not one BIT STRING with a 1-byte length");
            }

            CheckElement(PublicKey, tbs, PublicKeyLength, false, "public key");
            CheckElement(IssueDate, tbs, issueLength, true, "issue date");
            CheckElement(ExpireDate, tbs, expireLength, true, "expire date");
            CheckElement(SignerId, tbs, SignerIdLength, true, "signer id");
            CheckElement(SubjectKeyId, tbs, KeyIdLength, true, "subject key id");
            CheckElement(AuthorityKeyId, tbs, KeyIdLength, true, "authority key id");
            CheckElement(SerialNumber, tbs, ExpectedSerialLength(), true, "serial number");
            if (CaPublicKey != null && CaPublicKey.Length != PublicKeyLength)
            {
                throw Bad("CA public key is " + CaPublicKey.Length + " bytes, not 64 (X‖Y)");
            }
        }

        /// <summary>
        /// The serial-number length the source requires: 10 for DEVICE_SN, 3 for SIGNER_ID, -1 (any 1–32 for hashes,
        /// any for STORED) otherwise.
        /// </summary>
        private int ExpectedSerialLength()
        {
            switch (SerialNumberSource)
            {
                case SerialNumberSource.DeviceSn: return DeviceSnSerialLength;
                case SerialNumberSource.SignerId: return SignerIdSerialLength;
                default: return -1;
            }
        }

        private void CheckElement(CertificateLocation location, CertificateLocation tbs, int expected, bool optional, string name)
        {
            if (location.Count == 0)
            {
                if (optional)
                {
                    return;
                }

                throw Bad("has no " + name);
            }

            if (location.Count < 0 || location.Offset < tbs.Offset || location.Offset > tbs.Offset + tbs.Count - location.Count)
            {
                throw Bad(name + " " + location.ToString() + " lies outside the TBS certificate " + tbs.ToString());
            }

            if (expected >= 0 && location.Count != expected)
            {
                throw Bad(name + " is " + location.Count + " bytes, must be " + expected);
            }

            if (expected < 0 && IsHashSource(SerialNumberSource) && location.Count > MaxHashSerialLength)
            {
                throw Bad(name + " is " + location.Count + " bytes; a hashed serial number is at most 32");
            }
        }

        internal static bool IsHashSource(SerialNumberSource source)
        {
            return IsPublicKeyHash(source) || IsDeviceSnHash(source);
        }

        internal static bool IsPublicKeyHash(SerialNumberSource source)
        {
            return source == SerialNumberSource.PublicKeyHash || source == SerialNumberSource.PublicKeyHashPositive
                || source == SerialNumberSource.PublicKeyHashRaw;
        }

        internal static bool IsDeviceSnHash(SerialNumberSource source)
        {
            return source == SerialNumberSource.DeviceSnHash || source == SerialNumberSource.DeviceSnHashPositive
                || source == SerialNumberSource.DeviceSnHashRaw;
        }

        private static bool IsKnownSource(SerialNumberSource source)
        {
            int code = (int)source;
            return code == 0 || (code >= 7 && code <= 0x0F);
        }

        private static bool IsKnownFormat(CertificateDateFormat format)
        {
            return format == CertificateDateFormat.UtcTime || format == CertificateDateFormat.GeneralizedTime;
        }

        private static CertificateException Bad(string detail)
        {
            return new CertificateException(CertificateError.BadDefinition, "certificate definition " + detail);
        }
    }
}
