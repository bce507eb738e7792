using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Builds a PKCS#10 CertificationRequest (RFC 2986 §4) for the device's P-256 key and has it signed by an
    /// <see cref="IDigestSigner"/> (the ATECC608 on the device). Layout, as OpenSSL 3 writes it (est.md §6.3-6.4):
    /// <code>
    /// SEQUENCE {
    ///   SEQUENCE {                                  -- CertificationRequestInfo, hashed with SHA-256 and signed
    ///     INTEGER 0
    ///     Name { [C] [O] [OU] [CN] [serialNumber] } -- one RDN each, in this order; absent ones left out
    ///     SubjectPublicKeyInfo                      -- 27-byte P-256 prefix ‖ X ‖ Y (est.md §6.3)
    ///     [0] { extensionRequest { SAN, keyUsage, extKeyUsage }, challengePassword }   -- A0 00 when none
    ///   }
    ///   SEQUENCE { ecdsa-with-SHA256 }              -- no parameters (RFC 5758 §3.2)
    ///   BIT STRING { ECDSA-Sig-Value }              -- from R‖S (<see cref="EcdsaSignature"/>)
    /// }
    /// </code>
    /// CN, O and OU are UTF8String; serialNumber and C PrintableString (X.520; RFC 5280 §4.1.2.4). The whole
    /// request is encoded in the caller's buffer (or, for the PEM/base64 helpers, in one internal buffer reused
    /// across calls): a measuring pass sizes it, the request info is written and hashed in place, and the signature
    /// is appended. Steady-state <see cref="Build"/> allocates nothing itself; what the signer returns is its own.
    /// Not thread-safe: one builder per thread.
    /// </summary>
    public sealed class Pkcs10Builder
    {
        /// <summary>Upper bound of CN, O, OU and serialNumber: ub-common-name etc. = 64 (RFC 5280 Appendix A.1).</summary>
        public const int MaxNameLength = 64;

        /// <summary>pkcs-9-ub-challengePassword = 255 (RFC 2985 §5.4.1).</summary>
        public const int MaxChallengePasswordLength = 255;

        /// <summary>Subject alternative names one request can carry (a device has one DNS name and one URI or so).</summary>
        public const int MaxSubjectAltNames = 8;

        /// <summary>Longest DNS name (RFC 1035 §2.3.4: 255 octets on the wire = 253 characters).</summary>
        public const int MaxDnsNameLength = 253;

        /// <summary>AlgorithmIdentifier ecdsa-with-SHA256 without parameters: 30 0A 06 08 2A 86 48 CE 3D 04 03 02 (est.md §6.3).</summary>
        public const int SignatureAlgorithmLength = 12;

        // GeneralName tags, [2] IMPLICIT IA5String dNSName and [6] IMPLICIT IA5String URI (RFC 5280 §4.2.1.6).
        private const byte DnsNameTag = DerWriter.ContextSpecific | 2;
        private const byte UriTag = DerWriter.ContextSpecific | 6;

        // est.md §6.3 / atecc608.md §7.3: SubjectPublicKeyInfo { { id-ecPublicKey, prime256v1 }, BIT STRING 04 ‖ X ‖ Y }
        // is 91 bytes; everything before X is this fixed prefix.
        private static readonly byte[] P256SpkiPrefix =
        {
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A,
            0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        };

        // keyUsage { digitalSignature }: bit 0 set, 7 unused bits (RFC 5280 §4.2.1.3; est.md §6.1 "03 02 07 80").
        private static readonly byte[] DigitalSignatureBits = { 0x80 };

        private const int PublicKeyLength = 64;

        private readonly IDigestSigner _signer;
        private readonly DerWriter _writer = new DerWriter();
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly string[] _altNames = new string[MaxSubjectAltNames];
        private readonly byte[] _altNameTags = new byte[MaxSubjectAltNames];
        private int _altNameCount;
        private int _extensionRequestLength;
        private int _challengePasswordLength;
        private byte[] _der;

        /// <summary>A builder whose requests carry <paramref name="signer"/>'s public key and signature.</summary>
        public Pkcs10Builder(IDigestSigner signer)
        {
            if (signer == null)
            {
                throw new ArgumentNullException(nameof(signer));
            }

            _signer = signer;
            KeyUsageDigitalSignature = true;
        }

        /// <summary>Subject commonName (UTF8String, 1-64 characters), or null for none.</summary>
        public string CommonName { get; set; }

        /// <summary>Subject organizationName (UTF8String, 1-64 characters), or null for none.</summary>
        public string Organization { get; set; }

        /// <summary>Subject organizationalUnitName (UTF8String, 1-64 characters), or null for none.</summary>
        public string OrganizationalUnit { get; set; }

        /// <summary>Subject serialNumber (PrintableString, 1-64 characters), e.g. the chip's serial in hex, or null.</summary>
        public string SerialNumber { get; set; }

        /// <summary>Subject countryName (PrintableString, two letters A-Z, ISO 3166), or null.</summary>
        public string Country { get; set; }

        /// <summary>Request keyUsage, critical, { digitalSignature } (RFC 5280 §4.2.1.3). On by default.</summary>
        public bool KeyUsageDigitalSignature { get; set; }

        /// <summary>Request extKeyUsage { id-kp-clientAuth } (RFC 5280 §4.2.1.12), not critical. Off by default.</summary>
        public bool ExtendedKeyUsageClientAuth { get; set; }

        /// <summary>PKCS#9 challengePassword attribute (RFC 2985 §5.4.1; UTF8String, 1-255 characters), or null for none.</summary>
        public string ChallengePassword { get; set; }

        /// <summary>Subject alternative names added so far.</summary>
        public int SubjectAltNameCount
        {
            get { return _altNameCount; }
        }

        /// <summary>Adds a dNSName to the subjectAltName extension (IA5String, RFC 5280 §4.2.1.6).</summary>
        public void AddDnsName(string dnsName)
        {
            AddAltName(DnsNameTag, dnsName, MaxDnsNameLength);
        }

        /// <summary>Adds a uniformResourceIdentifier, e.g. "urn:dev:ops:…" (RFC 8141), to the subjectAltName extension.</summary>
        public void AddUri(string uri)
        {
            AddAltName(UriTag, uri, int.MaxValue);
        }

        /// <summary>Removes all subject alternative names.</summary>
        public void ClearSubjectAltNames()
        {
            for (int i = 0; i < _altNameCount; i++)
            {
                _altNames[i] = null;
            }

            _altNameCount = 0;
        }

        /// <summary>
        /// Size of the longest request the current settings can produce (the signature is up to 75 bytes): the
        /// output room <see cref="Build"/> requires. Validates the settings.
        /// </summary>
        public int GetMaxLength()
        {
            int requestInfoLength = MeasureRequestInfo(PublicKey());
            int content = requestInfoLength + SignatureAlgorithmLength + EcdsaSignature.MaxBitStringLength;
            return DerWriter.HeaderLength(content) + content;
        }

        /// <summary>
        /// Encodes and signs the request into <paramref name="output"/>[offset ..] and returns its DER length. Needs
        /// <see cref="GetMaxLength"/> bytes of room (whatever the signature's size turns out to be), else throws
        /// <see cref="PkiError.TooLarge"/> before writing anything or calling the signer. Invalid settings throw
        /// <see cref="PkiException"/> (<see cref="PkiError.BadValue"/> or <see cref="PkiError.Unsupported"/>),
        /// also before writing.
        /// </summary>
        public int Build(byte[] output, int offset, int count)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (offset < 0 || count < 0 || offset > output.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "region outside the output");
            }

            byte[] publicKey = PublicKey();
            int requestInfoLength = MeasureRequestInfo(publicKey);
            int maxContent = requestInfoLength + SignatureAlgorithmLength + EcdsaSignature.MaxBitStringLength;
            int maxHeader = DerWriter.HeaderLength(maxContent);
            if (maxHeader + maxContent > count)
            {
                throw new PkiException(
                    PkiError.TooLarge,
                    -1,
                    "CSR needs up to " + (maxHeader + maxContent) + " bytes, " + count + " available");
            }

            // CertificationRequestInfo right where it stays when the outer header has its longest form
            int requestInfoStart = offset + maxHeader;
            _writer.Reset(output, requestInfoStart, requestInfoLength);
            WriteRequestInfo(_writer, publicKey);

            // RFC 2986 §3: the signature covers the DER of CertificationRequestInfo, tag and length included
            _sha.Update(output, requestInfoStart, requestInfoLength);
            _sha.Final(_digest, 0);
            byte[] rs = _signer.SignDigest(_digest);
            if (rs == null || rs.Length != EcdsaSignature.RawLength)
            {
                throw new PkiException(PkiError.BadValue, -1, "the signer did not return a 64-byte R||S");
            }

            int signatureLength = EcdsaSignature.BitStringLength(rs, 0);
            _writer.Reset(output, requestInfoStart + requestInfoLength, SignatureAlgorithmLength + signatureLength);
            EcdsaSignature.WriteBitString(_writer, rs, 0);
            int mark = _writer.Length;
            _writer.WriteObjectIdentifier(RecognizedOids.EcdsaWithSha256);
            _writer.WrapConstructed(DerWriter.Sequence, mark);

            int content = requestInfoLength + SignatureAlgorithmLength + signatureLength;
            int header = DerWriter.HeaderLength(content);
            int start = requestInfoStart - header;
            _writer.Reset(output, start, header);
            _writer.WriteHeader(DerWriter.Sequence, content);
            int total = header + content;
            if (start != offset)
            {
                // a shorter signature moved the total below a length-form boundary (e.g. 256 → 255): close the gap
                for (int i = 0; i < total; i++)
                {
                    output[offset + i] = output[start + i];
                }
            }

            return total;
        }

        /// <summary>Builds the request and returns it as PEM ("CERTIFICATE REQUEST", 64 columns, LF).</summary>
        public string BuildPem()
        {
            int length = BuildInternal();
            return Pem.Encode(Pem.CertificateRequestLabel, _der, 0, length);
        }

        /// <summary>
        /// Builds the request and writes it as an EST request body (RFC 7030 §4.2.1, RFC 8951 §3): base64 of the DER
        /// in 64-column lines ended by CRLF (est.md §1.2), as ASCII into <paramref name="output"/>; returns the
        /// byte count. Room for the longest possible request is checked before signing.
        /// </summary>
        public int BuildBase64(byte[] output, int offset, int count)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (offset < 0 || count < 0 || offset > output.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "region outside the output");
            }

            int needed = Base64.EncodedLength(GetMaxLength(), Base64.PemLineLength, true);
            if (needed > count)
            {
                throw new PkiException(PkiError.TooLarge, -1, "CSR body needs up to " + needed + " bytes, " + count + " available");
            }

            int length = BuildInternal();
            return Base64.Encode(_der, 0, length, output, offset, count, Base64.PemLineLength, true);
        }

        private int BuildInternal()
        {
            int needed = GetMaxLength();
            if (_der == null || _der.Length < needed)
            {
                _der = new byte[needed];
            }

            return Build(_der, 0, _der.Length);
        }

        private byte[] PublicKey()
        {
            byte[] publicKey = _signer.PublicKey;
            if (publicKey == null || publicKey.Length != PublicKeyLength)
            {
                throw new PkiException(PkiError.Unsupported, -1, "the signer's public key is not a 64-byte P-256 X||Y");
            }

            return publicKey;
        }

        private void AddAltName(byte tag, string name, int maxLength)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0 || name.Length > maxLength)
            {
                throw new PkiException(PkiError.BadValue, -1, "subject alternative name is empty or too long");
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] <= 0x20 || name[i] > 0x7E)
                {
                    throw new PkiException(PkiError.Unsupported, i, "subject alternative names must be printable ASCII without spaces");
                }
            }

            if (_altNameCount == MaxSubjectAltNames)
            {
                throw new PkiException(PkiError.TooLarge, -1, "more than " + MaxSubjectAltNames + " subject alternative names");
            }

            _altNames[_altNameCount] = name;
            _altNameTags[_altNameCount] = tag;
            _altNameCount++;
        }

        // Measuring pass: checks the settings, and records the attribute sizes the writing pass orders by.
        private int MeasureRequestInfo(byte[] publicKey)
        {
            CheckName(CommonName, "CN");
            CheckName(Organization, "O");
            CheckName(OrganizationalUnit, "OU");
            CheckName(SerialNumber, "serialNumber");
            if (Country != null && (Country.Length != 2 || !IsUpperLetter(Country[0]) || !IsUpperLetter(Country[1])))
            {
                throw new PkiException(PkiError.BadValue, -1, "C must be two letters A-Z (ISO 3166)");
            }

            if (ChallengePassword != null && (ChallengePassword.Length == 0 || ChallengePassword.Length > MaxChallengePasswordLength))
            {
                throw new PkiException(PkiError.BadValue, -1, "challengePassword must have 1-255 characters");
            }

            _writer.ResetMeasure();
            WriteRequestInfo(_writer, publicKey);
            return _writer.Length;
        }

        private void WriteRequestInfo(DerWriter w, byte[] publicKey)
        {
            int requestInfo = w.Length;

            // attributes [0] IMPLICIT SET OF Attribute: DER sorts a SET OF by encoding (X.690 §11.6); both
            // attributes start 30 <length>, so the shorter goes first, and on a tie challengePassword (…09 07)
            // precedes extensionRequest (…09 0E).
            int attributes = w.Length;
            bool hasExtensions = _altNameCount > 0 || KeyUsageDigitalSignature || ExtendedKeyUsageClientAuth;
            bool hasPassword = ChallengePassword != null;
            bool passwordFirst = _challengePasswordLength <= _extensionRequestLength;
            if (hasPassword && !passwordFirst)
            {
                _challengePasswordLength = WriteChallengePassword(w);
            }

            if (hasExtensions)
            {
                _extensionRequestLength = WriteExtensionRequest(w);
            }

            if (hasPassword && passwordFirst)
            {
                _challengePasswordLength = WriteChallengePassword(w);
            }

            w.WrapConstructed(DerWriter.ContextConstructed, attributes);

            w.WriteEncoded(publicKey, 0, PublicKeyLength);
            w.WriteEncoded(P256SpkiPrefix, 0, P256SpkiPrefix.Length);

            int subject = w.Length;
            WriteRdn(w, RecognizedOids.SerialNumber, SerialNumber, true);
            WriteRdn(w, RecognizedOids.CommonName, CommonName, false);
            WriteRdn(w, RecognizedOids.OrganizationalUnitName, OrganizationalUnit, false);
            WriteRdn(w, RecognizedOids.OrganizationName, Organization, false);
            WriteRdn(w, RecognizedOids.CountryName, Country, true);
            w.WrapConstructed(DerWriter.Sequence, subject);

            w.WriteInteger(0);   // version v1(0), RFC 2986 §4.1
            w.WrapConstructed(DerWriter.Sequence, requestInfo);
        }

        // RelativeDistinguishedName ::= SET { AttributeTypeAndValue ::= SEQUENCE { type, value } }
        private static void WriteRdn(DerWriter w, byte[] type, string value, bool printable)
        {
            if (value == null)
            {
                return;
            }

            int mark = w.Length;
            if (printable)
            {
                w.WritePrintableString(value);
            }
            else
            {
                w.WriteUtf8String(value);
            }

            w.WriteObjectIdentifier(type);
            w.WrapConstructed(DerWriter.Sequence, mark);
            w.WrapConstructed(DerWriter.Set, mark);
        }

        // Attribute { extensionRequest, SET { Extensions ::= SEQUENCE OF Extension } } (RFC 2985 §5.4.2), in the
        // order OpenSSL writes them for -addext (est.md §6.4): SAN, keyUsage, extKeyUsage.
        private int WriteExtensionRequest(DerWriter w)
        {
            int attribute = w.Length;

            if (ExtendedKeyUsageClientAuth)
            {
                int extension = w.Length;
                w.WriteObjectIdentifier(RecognizedOids.ClientAuth);
                w.WrapConstructed(DerWriter.Sequence, extension);      // ExtKeyUsageSyntax
                w.WrapConstructed(DerWriter.OctetString, extension);   // extnValue
                w.WriteObjectIdentifier(RecognizedOids.ExtendedKeyUsage);
                w.WrapConstructed(DerWriter.Sequence, extension);
            }

            if (KeyUsageDigitalSignature)
            {
                int extension = w.Length;
                w.WriteBitString(DigitalSignatureBits, 0, 1, 7);
                w.WrapConstructed(DerWriter.OctetString, extension);
                w.WriteBoolean(true);   // critical (RFC 5280 §4.2.1.3: SHOULD be)
                w.WriteObjectIdentifier(RecognizedOids.KeyUsage);
                w.WrapConstructed(DerWriter.Sequence, extension);
            }

            if (_altNameCount > 0)
            {
                int extension = w.Length;
                for (int i = _altNameCount - 1; i >= 0; i--)
                {
                    w.WriteIA5String(_altNameTags[i], _altNames[i]);
                }

                w.WrapConstructed(DerWriter.Sequence, extension);      // GeneralNames
                w.WrapConstructed(DerWriter.OctetString, extension);
                w.WriteObjectIdentifier(RecognizedOids.SubjectAltName);
                w.WrapConstructed(DerWriter.Sequence, extension);
            }

            w.WrapConstructed(DerWriter.Sequence, attribute);   // Extensions
            w.WrapConstructed(DerWriter.Set, attribute);        // values
            w.WriteObjectIdentifier(RecognizedOids.ExtensionRequest);
            w.WrapConstructed(DerWriter.Sequence, attribute);
            return w.Length - attribute;
        }

        // Attribute { challengePassword, SET { DirectoryString } } (RFC 2985 §5.4.1), as UTF8String like OpenSSL 3
        // writes it (its default string_mask utf8only).
        private int WriteChallengePassword(DerWriter w)
        {
            int attribute = w.Length;
            w.WriteUtf8String(ChallengePassword);
            w.WrapConstructed(DerWriter.Set, attribute);
            w.WriteObjectIdentifier(RecognizedOids.ChallengePassword);
            w.WrapConstructed(DerWriter.Sequence, attribute);
            return w.Length - attribute;
        }

        private static void CheckName(string value, string field)
        {
            if (value != null && (value.Length == 0 || value.Length > MaxNameLength))
            {
                throw new PkiException(PkiError.BadValue, -1, "subject " + field + " must have 1-64 characters");
            }
        }

        private static bool IsUpperLetter(char c)
        {
            return c >= 'A' && c <= 'Z';
        }
    }
}
