using System;
using System.Collections;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// An X.509 v1–v3 certificate (RFC 5280 §4.1) parsed in place from DER: the fields a device needs to build and
    /// check a chain and to recognise its own certificate. Byte fields are (offset, length) slices of
    /// <see cref="Buffer"/>, which must stay unchanged while the object is used; the <c>Get…</c> methods copy.
    /// </summary>
    /// <remarks>
    /// <para>Parsing allocates this object, two <see cref="X509Name"/>s, one <see cref="DerReader"/>, 64 bytes for a
    /// P-256 key, 64 for an ECDSA-with-SHA256 signature, and the SAN DNS names and URIs (lists only when there are
    /// some): proportional to the input. Measured in nanoCLR: 4.7 KB for a 3-certificate PKCS#7 of 1.5 KB and its
    /// parsed certificates (64-bit host; object overhead is about half on an ESP32).</para>
    /// <para>Rejected: any DER violation; unknown critical extensions (RFC 5280 §4.2, <see cref="PkiError.Unsupported"/>);
    /// a recognised extension twice; extensions in a v1/v2 certificate; inner and outer signature algorithm that
    /// differ (§4.1.1.2); ECDSA algorithm identifiers with parameters (RFC 5758 §3.2); serial numbers over 21
    /// octets. Tolerated as real CAs emit them: explicit <c>critical FALSE</c>, explicit version v1, negative or
    /// zero serial numbers, PrintableString with any visible ASCII.</para>
    /// </remarks>
    public sealed class Certificate
    {
        /// <summary>Largest certificate accepted, in bytes: an RSA-4096 CA with policies is about 2 KB, so 8 KB
        /// leaves margin while bounding what one certificate may hold on a ~100 KB heap.</summary>
        public const int MaxEncodedLength = 8192;

        /// <summary>Longest serialNumber content: 20 octets plus a sign byte (RFC 5280 §4.1.2.2, facts/est.md §7).</summary>
        public const int MaxSerialNumberLength = 21;

        /// <summary>Most DNS names plus URIs kept from subjectAltName.</summary>
        public const int MaxAltNames = 64;

        /// <summary>Length of a P-256 public key X‖Y and of an R‖S signature.</summary>
        public const int P256Length = 64;

        // Bits of _flags. The Seen bits enforce each recognised extension at most once (RFC 5280 §4.2); one int
        // instead of a bool field each keeps the object small (every field is a heap block on nanoFramework).
        private const int SeenBasicConstraints = 0x001;
        private const int SeenKeyUsage = 0x002;
        private const int SeenExtendedKeyUsage = 0x004;
        private const int SeenSubjectAltName = 0x008;
        private const int SeenSubjectKeyIdentifier = 0x010;
        private const int SeenAuthorityKeyIdentifier = 0x020;
        private const int FlagCertificateAuthority = 0x040;
        private const int FlagClientAuth = 0x080;
        private const int FlagServerAuth = 0x100;
        private const int FlagAnyExtendedKeyUsage = 0x200;

        // RFC 5280 §4.2.1.6 GeneralName CHOICE tags (implicit unless noted).
        private const int GeneralNameOther = 0xA0;
        private const int GeneralNameRfc822 = 0x81;
        private const int GeneralNameDns = 0x82;
        private const int GeneralNameX400 = 0xA3;
        private const int GeneralNameDirectory = 0xA4;
        private const int GeneralNameEdiParty = 0xA5;
        private const int GeneralNameUri = 0x86;
        private const int GeneralNameIpAddress = 0x87;
        private const int GeneralNameRegisteredId = 0x88;

        private readonly byte[] _buffer;
        private int _flags;
        private int _tbsAlgorithmOffset;
        private int _tbsAlgorithmLength;

        private Certificate(byte[] buffer)
        {
            _buffer = buffer;
            PathLengthConstraint = -1;
        }

        /// <summary>The buffer the certificate was parsed from.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the Certificate SEQUENCE in <see cref="Buffer"/>.</summary>
        public int Offset { get; private set; }

        /// <summary>Length of the whole certificate.</summary>
        public int Length { get; private set; }

        /// <summary>Offset of tbsCertificate: the exact bytes its signature covers start here (tag included).</summary>
        public int TbsOffset { get; private set; }

        /// <summary>Length of tbsCertificate (tag, length and content).</summary>
        public int TbsLength { get; private set; }

        /// <summary>1, 2 or 3 (the encoded value plus one; absent means v1).</summary>
        public int Version { get; private set; }

        /// <summary>Offset of the serialNumber INTEGER's content (raw two's complement, big-endian).</summary>
        public int SerialNumberOffset { get; private set; }

        /// <summary>Length of the serialNumber content.</summary>
        public int SerialNumberLength { get; private set; }

        /// <summary>The signature algorithm (outer signatureAlgorithm, equal to the TBS one).</summary>
        public SignatureAlgorithm SignatureAlgorithm { get; private set; }

        /// <summary>The issuer Name.</summary>
        public X509Name Issuer { get; private set; }

        /// <summary>The subject Name.</summary>
        public X509Name Subject { get; private set; }

        /// <summary>Start of validity (UTC).</summary>
        public DateTime NotBefore { get; private set; }

        /// <summary>End of validity (UTC); <see cref="DateTime.MaxValue"/> for RFC 5280's 99991231235959Z.</summary>
        public DateTime NotAfter { get; private set; }

        /// <summary>The subject key's algorithm.</summary>
        public PublicKeyAlgorithm PublicKeyAlgorithm { get; private set; }

        /// <summary>Offset of the SubjectPublicKeyInfo SEQUENCE (to compare a key with a CSR's or the chip's).</summary>
        public int SubjectPublicKeyInfoOffset { get; private set; }

        /// <summary>Length of the SubjectPublicKeyInfo TLV.</summary>
        public int SubjectPublicKeyInfoLength { get; private set; }

        /// <summary>Offset of subjectPublicKey's bits (after the unused-bits byte; <c>04‖X‖Y</c> for EC).</summary>
        public int PublicKeyOffset { get; private set; }

        /// <summary>Length of subjectPublicKey's bits.</summary>
        public int PublicKeyLength { get; private set; }

        /// <summary>P-256 key X‖Y (64 bytes) when <see cref="PublicKeyAlgorithm"/> is EcP256 and the point is
        /// uncompressed; otherwise null. Shared, not a copy: do not modify.</summary>
        public byte[] PublicKey { get; private set; }

        /// <summary>R‖S (64 bytes) when the algorithm is ecdsa-with-SHA256 and r, s fit P-256; otherwise null.
        /// Shared, not a copy: do not modify.</summary>
        public byte[] Signature { get; private set; }

        /// <summary>Offset of the signatureValue BIT STRING's bits (the DER ECDSA-Sig-Value for ECDSA).</summary>
        public int SignatureValueOffset { get; private set; }

        /// <summary>Length of the signatureValue bits.</summary>
        public int SignatureValueLength { get; private set; }

        /// <summary>True when basicConstraints is present.</summary>
        public bool HasBasicConstraints
        {
            get { return (_flags & SeenBasicConstraints) != 0; }
        }

        /// <summary>basicConstraints cA (false when absent).</summary>
        public bool IsCertificateAuthority
        {
            get { return (_flags & FlagCertificateAuthority) != 0; }
        }

        /// <summary>basicConstraints pathLenConstraint, or -1 when absent.</summary>
        public int PathLengthConstraint { get; private set; }

        /// <summary>True when keyUsage is present.</summary>
        public bool HasKeyUsage
        {
            get { return (_flags & SeenKeyUsage) != 0; }
        }

        /// <summary>keyUsage bits (<see cref="X509KeyUsage.None"/> when absent).</summary>
        public X509KeyUsage KeyUsage { get; private set; }

        /// <summary>True when extendedKeyUsage is present.</summary>
        public bool HasExtendedKeyUsage
        {
            get { return (_flags & SeenExtendedKeyUsage) != 0; }
        }

        /// <summary>extendedKeyUsage lists id-kp-clientAuth.</summary>
        public bool HasClientAuth
        {
            get { return (_flags & FlagClientAuth) != 0; }
        }

        /// <summary>extendedKeyUsage lists id-kp-serverAuth.</summary>
        public bool HasServerAuth
        {
            get { return (_flags & FlagServerAuth) != 0; }
        }

        /// <summary>extendedKeyUsage lists anyExtendedKeyUsage.</summary>
        public bool HasAnyExtendedKeyUsage
        {
            get { return (_flags & FlagAnyExtendedKeyUsage) != 0; }
        }

        /// <summary>Offset of the extendedKeyUsage SEQUENCE OF KeyPurposeId (raw), or 0.</summary>
        public int ExtendedKeyUsageOffset { get; private set; }

        /// <summary>Length of the extendedKeyUsage SEQUENCE, or 0 when absent.</summary>
        public int ExtendedKeyUsageLength { get; private set; }

        /// <summary>True when subjectAltName is present.</summary>
        public bool HasSubjectAltName
        {
            get { return (_flags & SeenSubjectAltName) != 0; }
        }

        /// <summary>subjectAltName dNSName entries (strings), in order; null when there are none.</summary>
        public ArrayList DnsNames { get; private set; }

        /// <summary>subjectAltName uniformResourceIdentifier entries (strings), in order; null when there are none.</summary>
        public ArrayList Uris { get; private set; }

        /// <summary>Offset of the subjectAltName extnValue content (the GeneralNames SEQUENCE), or 0.</summary>
        public int SubjectAltNameOffset { get; private set; }

        /// <summary>Length of the GeneralNames SEQUENCE, or 0 when absent (copy it verbatim into a renewal CSR).</summary>
        public int SubjectAltNameLength { get; private set; }

        /// <summary>Offset of the subjectKeyIdentifier bytes, or 0.</summary>
        public int SubjectKeyIdentifierOffset { get; private set; }

        /// <summary>Length of the subjectKeyIdentifier, or -1 when absent.</summary>
        public int SubjectKeyIdentifierLength { get; private set; }

        /// <summary>Offset of the authorityKeyIdentifier keyIdentifier bytes, or 0.</summary>
        public int AuthorityKeyIdentifierOffset { get; private set; }

        /// <summary>Length of the authorityKeyIdentifier keyIdentifier, or -1 when absent.</summary>
        public int AuthorityKeyIdentifierLength { get; private set; }

        /// <summary>True when the subject and issuer Names are byte-equal (a root or a self-issued CA).</summary>
        public bool IsSelfIssued
        {
            get { return Subject.RawEquals(Issuer); }
        }

        /// <summary>Parses the DER certificate that fills <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
        /// <exception cref="PkiException">The input is not such a certificate (the error says why and where).</exception>
        public static Certificate Parse(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (length > MaxEncodedLength)
            {
                throw new PkiException(PkiError.TooLarge, offset, "certificate larger than " + MaxEncodedLength + " bytes");
            }

            var reader = new DerReader(buffer, offset, length);
            var certificate = new Certificate(buffer);
            certificate.Read(reader);
            reader.ExpectEnd();
            return certificate;
        }

        /// <summary>Parses a whole array holding one DER certificate.</summary>
        public static Certificate Parse(byte[] der)
        {
            if (der == null)
            {
                throw new ArgumentNullException(nameof(der));
            }

            return Parse(der, 0, der.Length);
        }

        /// <summary>A copy of the serialNumber content bytes.</summary>
        public byte[] GetSerialNumber()
        {
            return Copy(SerialNumberOffset, SerialNumberLength);
        }

        /// <summary>A copy of the subjectKeyIdentifier, or null.</summary>
        public byte[] GetSubjectKeyIdentifier()
        {
            return SubjectKeyIdentifierLength < 0 ? null : Copy(SubjectKeyIdentifierOffset, SubjectKeyIdentifierLength);
        }

        /// <summary>A copy of the authorityKeyIdentifier keyIdentifier, or null.</summary>
        public byte[] GetAuthorityKeyIdentifier()
        {
            return AuthorityKeyIdentifierLength < 0 ? null : Copy(AuthorityKeyIdentifierOffset, AuthorityKeyIdentifierLength);
        }

        /// <summary>A copy of the whole DER certificate.</summary>
        public byte[] GetEncoded()
        {
            return Copy(Offset, Length);
        }

        /// <summary>True when the certificate is within its validity period at <paramref name="time"/> (inclusive, RFC 5280 §4.1.2.5).</summary>
        public bool IsValidAt(DateTime time)
        {
            return time >= NotBefore && time <= NotAfter;
        }

        /// <summary>True when both certificates have identical encodings.</summary>
        public bool RawEquals(Certificate other)
        {
            return other != null && DerReader.BytesEqual(_buffer, Offset, Length, other._buffer, other.Offset, other.Length);
        }

        /// <summary>True when this certificate's SubjectPublicKeyInfo equals <paramref name="length"/> bytes of a
        /// DER SubjectPublicKeyInfo at <paramref name="offset"/> (e.g. the one in our CSR).</summary>
        public bool HasSubjectPublicKeyInfo(byte[] spki, int offset, int length)
        {
            return DerReader.BytesEqual(_buffer, SubjectPublicKeyInfoOffset, SubjectPublicKeyInfoLength, spki, offset, length);
        }

        /// <summary>The subject for messages: <c>CN=…, O=…</c>.</summary>
        public override string ToString()
        {
            return Subject.ToString();
        }

        private byte[] Copy(int offset, int length)
        {
            var copy = new byte[length];
            Array.Copy(_buffer, offset, copy, 0, length);
            return copy;
        }

        private void Read(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            Offset = reader.ElementOffset;
            Length = reader.ElementLength;

            reader.Enter(DerReader.TagSequence);
            TbsOffset = reader.ElementOffset;
            TbsLength = reader.ElementLength;
            ReadTbs(reader);
            reader.Exit();

            int algorithmOffset;
            int algorithmLength;
            SignatureAlgorithm = ReadSignatureAlgorithm(reader, out algorithmOffset, out algorithmLength);
            if (!DerReader.BytesEqual(_buffer, algorithmOffset, algorithmLength, _buffer, _tbsAlgorithmOffset, _tbsAlgorithmLength))
            {
                throw new PkiException(PkiError.BadValue, algorithmOffset, "signatureAlgorithm differs from the one in tbsCertificate");
            }

            int unused = reader.ReadBitString();
            if (unused != 0)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "signatureValue has unused bits");
            }

            SignatureValueOffset = reader.ContentOffset;
            SignatureValueLength = reader.ContentLength;
            ReadSignatureValue(reader.ElementOffset);
            reader.Exit();
        }

        private void ReadTbs(DerReader reader)
        {
            // version [0] EXPLICIT Version DEFAULT v1 (RFC 5280 §4.1.2.1)
            Version = 1;
            if (reader.PeekTag() == (DerReader.ContextSpecific | DerReader.Constructed | 0))
            {
                reader.Enter(DerReader.ContextSpecific | DerReader.Constructed | 0);
                int v = reader.ReadInt32();
                reader.Exit();
                if (v < 0 || v > 2)
                {
                    throw new PkiException(PkiError.Unsupported, reader.ElementOffset, "certificate version " + (v + 1) + " unknown");
                }

                Version = v + 1;
            }

            reader.ReadInteger();
            if (reader.ContentLength > MaxSerialNumberLength)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "serialNumber longer than " + MaxSerialNumberLength + " octets");
            }

            SerialNumberOffset = reader.ContentOffset;
            SerialNumberLength = reader.ContentLength;

            ReadSignatureAlgorithm(reader, out _tbsAlgorithmOffset, out _tbsAlgorithmLength);
            Issuer = X509Name.Read(reader);

            reader.Enter(DerReader.TagSequence);
            NotBefore = reader.ReadTime();
            NotAfter = reader.ReadTime();
            reader.Exit();

            Subject = X509Name.Read(reader);
            ReadSubjectPublicKeyInfo(reader);

            // issuerUniqueID [1] / subjectUniqueID [2] IMPLICIT BIT STRING, v2 or v3 only (§4.1.2.8)
            for (int tag = 0x81; tag <= 0x82; tag++)
            {
                if (reader.PeekTag() == tag)
                {
                    if (Version < 2)
                    {
                        throw new PkiException(PkiError.BadValue, reader.Position, "unique identifier in a v1 certificate");
                    }

                    reader.ReadElement(tag);
                }
            }

            SubjectKeyIdentifierLength = -1;
            AuthorityKeyIdentifierLength = -1;

            // extensions [3] EXPLICIT Extensions, v3 only (§4.1.2.9)
            if (reader.PeekTag() == (DerReader.ContextSpecific | DerReader.Constructed | 3))
            {
                if (Version != 3)
                {
                    throw new PkiException(PkiError.BadValue, reader.Position, "extensions in a certificate that is not v3");
                }

                reader.Enter(DerReader.ContextSpecific | DerReader.Constructed | 3);
                reader.Enter(DerReader.TagSequence);
                if (!reader.HasMore)
                {
                    throw new PkiException(PkiError.BadValue, reader.ElementOffset, "empty extensions");
                }

                while (reader.HasMore)
                {
                    ReadExtension(reader);
                }

                reader.Exit();
                reader.Exit();
            }
        }

        // AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2)
        private SignatureAlgorithm ReadSignatureAlgorithm(DerReader reader, out int offset, out int length)
        {
            reader.Enter(DerReader.TagSequence);
            offset = reader.ElementOffset;
            length = reader.ElementLength;
            reader.ReadObjectIdentifier();
            SignatureAlgorithm algorithm = SignatureAlgorithm.Unknown;
            bool ecdsa = false;
            if (reader.ContentEquals(RecognizedOids.EcdsaWithSha256))
            {
                algorithm = SignatureAlgorithm.EcdsaWithSha256;
                ecdsa = true;
            }
            else if (reader.ContentEquals(RecognizedOids.EcdsaWithSha384))
            {
                algorithm = SignatureAlgorithm.EcdsaWithSha384;
                ecdsa = true;
            }
            else if (reader.ContentEquals(RecognizedOids.EcdsaWithSha512))
            {
                algorithm = SignatureAlgorithm.EcdsaWithSha512;
                ecdsa = true;
            }
            else if (reader.ContentEquals(RecognizedOids.Sha256WithRsaEncryption))
            {
                algorithm = SignatureAlgorithm.Sha256WithRsaEncryption;
            }
            else if (reader.ContentEquals(RecognizedOids.Sha384WithRsaEncryption))
            {
                algorithm = SignatureAlgorithm.Sha384WithRsaEncryption;
            }
            else if (reader.ContentEquals(RecognizedOids.Sha512WithRsaEncryption))
            {
                algorithm = SignatureAlgorithm.Sha512WithRsaEncryption;
            }

            if (reader.HasMore)
            {
                if (ecdsa)
                {
                    // RFC 5758 §3.2: the encoding MUST omit the parameters field.
                    throw new PkiException(PkiError.BadValue, reader.Position, "ECDSA algorithm identifier with parameters");
                }

                if (algorithm != SignatureAlgorithm.Unknown)
                {
                    // RFC 4055 §5: NULL (or absent) for the sha*WithRSAEncryption identifiers.
                    reader.ReadNull();
                }
                else
                {
                    reader.ReadElement();
                }
            }

            reader.Exit();
            return algorithm;
        }

        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } (§4.1.2.7)
        private void ReadSubjectPublicKeyInfo(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            SubjectPublicKeyInfoOffset = reader.ElementOffset;
            SubjectPublicKeyInfoLength = reader.ElementLength;

            reader.Enter(DerReader.TagSequence);
            reader.ReadObjectIdentifier();
            PublicKeyAlgorithm algorithm = PublicKeyAlgorithm.Unknown;
            if (reader.ContentEquals(RecognizedOids.EcPublicKey))
            {
                // RFC 5480 §2.1.1: ECParameters, namedCurve in practice.
                algorithm = PublicKeyAlgorithm.EcOther;
                if (reader.PeekTag() == DerReader.TagObjectIdentifier)
                {
                    reader.ReadObjectIdentifier();
                    if (reader.ContentEquals(RecognizedOids.Prime256v1))
                    {
                        algorithm = PublicKeyAlgorithm.EcP256;
                    }
                }
                else
                {
                    reader.ReadElement();
                }
            }
            else if (reader.ContentEquals(RecognizedOids.RsaEncryption))
            {
                // RFC 3279 §2.3.1: parameters NULL.
                algorithm = PublicKeyAlgorithm.Rsa;
                reader.ReadNull();
            }
            else
            {
                reader.SkipToEnd();
            }

            reader.Exit();

            int unused = reader.ReadBitString();
            if (unused != 0)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "subjectPublicKey has unused bits");
            }

            PublicKeyOffset = reader.ContentOffset;
            PublicKeyLength = reader.ContentLength;
            PublicKeyAlgorithm = algorithm;
            if (algorithm == PublicKeyAlgorithm.EcP256)
            {
                // SEC 1 §2.3.3: 04‖X‖Y uncompressed, 02/03‖X compressed.
                int first = PublicKeyLength > 0 ? _buffer[PublicKeyOffset] : -1;
                if (PublicKeyLength == 1 + P256Length && first == 0x04)
                {
                    var key = new byte[P256Length];
                    Array.Copy(_buffer, PublicKeyOffset + 1, key, 0, P256Length);
                    PublicKey = key;
                }
                else if (!(PublicKeyLength == 33 && (first == 0x02 || first == 0x03)))
                {
                    throw new PkiException(PkiError.BadValue, reader.ElementOffset, "P-256 public key is not a SEC 1 point");
                }
            }

            reader.Exit();
        }

        // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (§4.1)
        private void ReadExtension(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            int extensionOffset = reader.ElementOffset;
            reader.ReadObjectIdentifier();
            int oidOffset = reader.ContentOffset;
            int oidLength = reader.ContentLength;
            bool critical = false;
            if (reader.PeekTag() == DerReader.TagBoolean)
            {
                critical = reader.ReadBoolean();
            }

            reader.EnterEncapsulated(DerReader.TagOctetString);
            if (Is(oidOffset, oidLength, RecognizedOids.BasicConstraints))
            {
                See(SeenBasicConstraints, extensionOffset);
                ReadBasicConstraints(reader);
            }
            else if (Is(oidOffset, oidLength, RecognizedOids.KeyUsage))
            {
                See(SeenKeyUsage, extensionOffset);
                ReadKeyUsage(reader);
            }
            else if (Is(oidOffset, oidLength, RecognizedOids.ExtendedKeyUsage))
            {
                See(SeenExtendedKeyUsage, extensionOffset);
                ReadExtendedKeyUsage(reader);
            }
            else if (Is(oidOffset, oidLength, RecognizedOids.SubjectAltName))
            {
                See(SeenSubjectAltName, extensionOffset);
                ReadSubjectAltName(reader);
            }
            else if (Is(oidOffset, oidLength, RecognizedOids.SubjectKeyIdentifier))
            {
                See(SeenSubjectKeyIdentifier, extensionOffset);
                reader.ReadOctetString();
                SubjectKeyIdentifierOffset = reader.ContentOffset;
                SubjectKeyIdentifierLength = reader.ContentLength;
            }
            else if (Is(oidOffset, oidLength, RecognizedOids.AuthorityKeyIdentifier))
            {
                See(SeenAuthorityKeyIdentifier, extensionOffset);
                ReadAuthorityKeyIdentifier(reader);
            }
            else if (critical)
            {
                throw new PkiException(PkiError.Unsupported, extensionOffset, "unknown critical extension " + RecognizedOids.ToDotted(_buffer, oidOffset, oidLength));
            }
            else
            {
                reader.SkipToEnd();
            }

            reader.Exit();
            reader.Exit();
        }

        // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } (§4.2.1.9)
        private void ReadBasicConstraints(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            if (reader.PeekTag() == DerReader.TagBoolean)
            {
                if (reader.ReadBoolean())
                {
                    _flags |= FlagCertificateAuthority;
                }
            }

            if (reader.PeekTag() == DerReader.TagInteger)
            {
                int pathLength = reader.ReadInt32();
                if (pathLength < 0)
                {
                    throw new PkiException(PkiError.BadValue, reader.ElementOffset, "negative pathLenConstraint");
                }

                PathLengthConstraint = pathLength;
            }

            reader.Exit();
        }

        // KeyUsage ::= BIT STRING { digitalSignature (0), … decipherOnly (8) } (§4.2.1.3)
        private void ReadKeyUsage(DerReader reader)
        {
            reader.ReadBitString();
            int usage = 0;
            int bits = reader.ContentLength * 8;
            if (bits > 9)
            {
                bits = 9;
            }

            for (int i = 0; i < bits; i++)
            {
                if (((_buffer[reader.ContentOffset + (i >> 3)] >> (7 - (i & 7))) & 1) != 0)
                {
                    usage |= 1 << i;
                }
            }

            if (usage == 0)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "keyUsage with no bit set");
            }

            KeyUsage = (X509KeyUsage)usage;
        }

        // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (§4.2.1.12)
        private void ReadExtendedKeyUsage(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            ExtendedKeyUsageOffset = reader.ElementOffset;
            ExtendedKeyUsageLength = reader.ElementLength;
            if (!reader.HasMore)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "empty extendedKeyUsage");
            }

            while (reader.HasMore)
            {
                reader.ReadObjectIdentifier();
                if (reader.ContentEquals(RecognizedOids.ClientAuth))
                {
                    _flags |= FlagClientAuth;
                }
                else if (reader.ContentEquals(RecognizedOids.ServerAuth))
                {
                    _flags |= FlagServerAuth;
                }
                else if (reader.ContentEquals(RecognizedOids.AnyExtendedKeyUsage))
                {
                    _flags |= FlagAnyExtendedKeyUsage;
                }
            }

            reader.Exit();
        }

        // GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName (§4.2.1.6)
        private void ReadSubjectAltName(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            SubjectAltNameOffset = reader.ElementOffset;
            SubjectAltNameLength = reader.ElementLength;
            if (!reader.HasMore)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "empty subjectAltName");
            }

            int names = 0;
            while (reader.HasMore)
            {
                int tag = reader.ReadElement();
                if (tag == GeneralNameDns || tag == GeneralNameUri || tag == GeneralNameRfc822)
                {
                    // IA5String, implicitly tagged
                    DerText.Validate(DerReader.TagIa5String, _buffer, reader.ContentOffset, reader.ContentLength, reader.ElementOffset);
                    if (tag != GeneralNameRfc822)
                    {
                        if (++names > MaxAltNames)
                        {
                            throw new PkiException(PkiError.TooLarge, reader.ElementOffset, "more than " + MaxAltNames + " subjectAltName entries");
                        }

                        string name = DerText.Decode(DerReader.TagIa5String, _buffer, reader.ContentOffset, reader.ContentLength);
                        if (tag == GeneralNameDns)
                        {
                            DnsNames = Add(DnsNames, name);
                        }
                        else
                        {
                            Uris = Add(Uris, name);
                        }
                    }
                }
                else if (tag == GeneralNameIpAddress)
                {
                    if (reader.ContentLength != 4 && reader.ContentLength != 16)
                    {
                        throw new PkiException(PkiError.BadValue, reader.ElementOffset, "iPAddress must be 4 or 16 bytes");
                    }
                }
                else if (tag != GeneralNameOther && tag != GeneralNameX400 && tag != GeneralNameDirectory
                    && tag != GeneralNameEdiParty && tag != GeneralNameRegisteredId)
                {
                    throw new PkiException(PkiError.UnexpectedTag, reader.ElementOffset, "not a GeneralName: tag " + DerReader.Hex(tag));
                }
            }

            reader.Exit();
        }

        // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0], authorityCertIssuer [1], authorityCertSerialNumber [2] } (§4.2.1.1)
        private void ReadAuthorityKeyIdentifier(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            if (reader.PeekTag() == DerReader.ContextSpecific)
            {
                reader.ReadElement(DerReader.ContextSpecific);
                AuthorityKeyIdentifierOffset = reader.ContentOffset;
                AuthorityKeyIdentifierLength = reader.ContentLength;
            }

            if (reader.PeekTag() == (DerReader.ContextSpecific | DerReader.Constructed | 1))
            {
                reader.ReadElement(DerReader.ContextSpecific | DerReader.Constructed | 1);
            }

            if (reader.PeekTag() == (DerReader.ContextSpecific | 2))
            {
                reader.ReadElement(DerReader.ContextSpecific | 2);
            }

            reader.Exit();
        }

        private void ReadSignatureValue(int errorOffset)
        {
            if (SignatureAlgorithm != SignatureAlgorithm.EcdsaWithSha256
                && SignatureAlgorithm != SignatureAlgorithm.EcdsaWithSha384
                && SignatureAlgorithm != SignatureAlgorithm.EcdsaWithSha512)
            {
                return;
            }

            if (SignatureValueLength == 0)
            {
                throw new PkiException(PkiError.BadValue, errorOffset, "empty ECDSA signature");
            }

            byte[] rs = null;
            if (SignatureAlgorithm == SignatureAlgorithm.EcdsaWithSha256)
            {
                rs = new byte[P256Length];
            }

            // Structure checked for every ECDSA signature; R‖S kept when it fits P-256 (else verification is Unsupported).
            bool fits = EcdsaSignatureDecoder.DecodeInto(_buffer, SignatureValueOffset, SignatureValueLength, rs, EcdsaSignatureDecoder.P256ComponentLength);
            if (rs != null && fits)
            {
                Signature = rs;
            }
        }

        private static ArrayList Add(ArrayList list, string item)
        {
            if (list == null)
            {
                list = new ArrayList();
            }

            list.Add(item);
            return list;
        }

        private bool Is(int offset, int length, byte[] oid)
        {
            return DerReader.BytesEqual(_buffer, offset, length, oid, 0, oid.Length);
        }

        private void See(int bit, int offset)
        {
            if ((_flags & bit) != 0)
            {
                throw new PkiException(PkiError.BadValue, offset, "extension appears twice");
            }

            _flags |= bit;
        }
    }
}
