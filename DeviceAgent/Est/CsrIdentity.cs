using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Est
{
    /// <summary>
    /// What a PKCS#10 request asks for, as slices of the caller's DER (RFC 2986 §4): the subject Name, the
    /// SubjectPublicKeyInfo and the subjectAltName GeneralNames of its extensionRequest. The issued certificate is
    /// compared with these bytes (RFC 7030 §4.2.2: subject and SAN identical; the key is ours). The signature is not
    /// checked here: the chip made it.
    /// </summary>
    public sealed class CsrIdentity
    {
        private CsrIdentity(byte[] buffer)
        {
            Buffer = buffer;
            SubjectAltNameOffset = -1;
            SubjectAltNameLength = -1;
        }

        /// <summary>The caller's buffer (not copied; keep it unchanged while this object is used).</summary>
        public byte[] Buffer { get; }

        /// <summary>Offset of the subject Name TLV.</summary>
        public int SubjectOffset { get; private set; }

        /// <summary>Length of the subject Name TLV.</summary>
        public int SubjectLength { get; private set; }

        /// <summary>Offset of the SubjectPublicKeyInfo TLV.</summary>
        public int PublicKeyInfoOffset { get; private set; }

        /// <summary>Length of the SubjectPublicKeyInfo TLV.</summary>
        public int PublicKeyInfoLength { get; private set; }

        /// <summary>Offset of the requested subjectAltName GeneralNames TLV, or -1 when none was requested.</summary>
        public int SubjectAltNameOffset { get; private set; }

        /// <summary>Length of the GeneralNames TLV, or -1.</summary>
        public int SubjectAltNameLength { get; private set; }

        /// <summary>True when the request carries a subjectAltName extension.</summary>
        public bool HasSubjectAltName
        {
            get { return SubjectAltNameOffset >= 0; }
        }

        /// <summary>Reads the CertificationRequest DER that fills <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        /// <exception cref="PkiException">Not a well-formed CertificationRequest.</exception>
        public static CsrIdentity Parse(byte[] csr, int offset, int count)
        {
            if (csr == null)
            {
                throw new ArgumentNullException(nameof(csr));
            }

            if (offset < 0 || count < 0 || offset > csr.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            var identity = new CsrIdentity(csr);
            var r = new DerReader(csr, offset, count);
            r.Enter(DerReader.TagSequence);            // CertificationRequest
            r.Enter(DerReader.TagSequence);            // CertificationRequestInfo
            r.ReadInteger();                           // version
            r.ReadElement(DerReader.TagSequence);      // subject
            identity.SubjectOffset = r.ElementOffset;
            identity.SubjectLength = r.ElementLength;
            r.ReadElement(DerReader.TagSequence);      // subjectPKInfo
            identity.PublicKeyInfoOffset = r.ElementOffset;
            identity.PublicKeyInfoLength = r.ElementLength;
            if (r.PeekTag() == AttributesTag)
            {
                r.Enter(AttributesTag);
                while (r.HasMore)
                {
                    identity.ReadAttribute(r);
                }

                r.Exit();
            }

            r.Exit();
            r.SkipToEnd();                             // signatureAlgorithm, signature
            r.Exit();
            r.ExpectEnd();
            return identity;
        }

        // attributes [0] IMPLICIT SET OF Attribute (RFC 2986 §4.1).
        private const int AttributesTag = DerReader.ContextSpecific | DerReader.Constructed | 0;

        // Attribute ::= SEQUENCE { type OID, values SET }; extensionRequest values = { Extensions } (RFC 2985 §5.4.2).
        private void ReadAttribute(DerReader r)
        {
            r.Enter(DerReader.TagSequence);
            r.ReadObjectIdentifier();
            if (!r.ContentEquals(RecognizedOids.ExtensionRequest))
            {
                r.SkipToEnd();
                r.Exit();
                return;
            }

            r.Enter(DerReader.TagSet);
            r.Enter(DerReader.TagSequence);
            while (r.HasMore)
            {
                r.Enter(DerReader.TagSequence);        // Extension
                r.ReadObjectIdentifier();
                bool san = r.ContentEquals(RecognizedOids.SubjectAltName);
                if (r.PeekTag() == DerReader.TagBoolean)
                {
                    r.ReadBoolean();
                }

                if (san)
                {
                    r.EnterEncapsulated(DerReader.TagOctetString);
                    r.ReadElement(DerReader.TagSequence);
                    SubjectAltNameOffset = r.ElementOffset;
                    SubjectAltNameLength = r.ElementLength;
                    r.Exit();
                }
                else
                {
                    r.ReadElement(DerReader.TagOctetString);
                }

                r.Exit();
            }

            r.Exit();
            r.SkipToEnd();
            r.Exit();
            r.Exit();
        }
    }
}
