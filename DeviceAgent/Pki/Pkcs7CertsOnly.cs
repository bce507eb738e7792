using System;
using System.Collections;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// The certificates of a degenerate ("certs-only") CMS SignedData, the body of EST /cacerts, /simpleenroll and
    /// /simplereenroll responses (RFC 7030 §4.1.3, §4.2.3; RFC 5652 §5.1): where each certificate sits in the
    /// input, without copying. Parse first, then <see cref="GetCertificate"/> or <see cref="ParseCertificates"/>.
    /// </summary>
    /// <remarks>
    /// <para>Accepted, as servers emit them (facts/est.md §8.2): definite DER (OpenSSL, libest), an empty
    /// <c>crls [1]</c> (Go), BER indefinite lengths on the outer structures (BouncyCastle), CRLs and non-certificate
    /// CertificateChoices (<c>[0]</c>–<c>[3]</c>) skipped, any certificate order, no certificates at all. The
    /// certificates themselves must be definite-length; their DER is checked when parsed.</para>
    /// <para>Checked: ContentInfo type id-signedData, SignedData version 1–5 (CMSVersion), the sequence of fields,
    /// nothing after the ContentInfo, at most <see cref="MaxCertificates"/> certificates of at most
    /// <see cref="Certificate.MaxEncodedLength"/> bytes in at most <see cref="MaxEncodedLength"/> bytes. The
    /// SignerInfos are not examined: certs-only has none, and nothing here is trusted because of a CMS signature.</para>
    /// </remarks>
    public sealed class Pkcs7CertsOnly
    {
        /// <summary>Most certificates accepted: a /cacerts answer holds the root, a few intermediates and up to
        /// three Root CA Key Update certificates (RFC 7030 §4.1.3); 16 is ample.</summary>
        public const int MaxCertificates = 16;

        /// <summary>Largest input accepted: 16 certificates of ~2 KB with room to spare, well under the heap.</summary>
        public const int MaxEncodedLength = 65536;

        /// <summary>Nesting bound for the BER walk: ContentInfo, [0], SignedData, [0] and a certificate are 5
        /// levels; certificates are not entered here.</summary>
        public const int MaxDepth = 8;

        // RFC 5652 §5.1: SignedData fields [0] IMPLICIT certificates and [1] IMPLICIT crls.
        private const int TagCertificates = DerReader.ContextSpecific | DerReader.Constructed | 0;
        private const int TagCrls = DerReader.ContextSpecific | DerReader.Constructed | 1;

        // RFC 5652 §5.1: CMSVersion of SignedData is 1, 3, 4 or 5 (2 is not used; accepted as harmless).
        private const int MinSignedDataVersion = 1;
        private const int MaxSignedDataVersion = 5;

        private readonly byte[] _buffer;
        private readonly int[] _ranges;
        private int _count;

        private Pkcs7CertsOnly(byte[] buffer)
        {
            _buffer = buffer;
            _ranges = new int[2 * MaxCertificates];
        }

        /// <summary>The buffer the bundle was parsed from (certificates point into it).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Number of certificates found.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Parses a DER or BER ContentInfo filling <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
        /// <exception cref="PkiException">Not a certs-only SignedData within the bounds (the error says why and where).</exception>
        public static Pkcs7CertsOnly Parse(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (length > MaxEncodedLength)
            {
                throw new PkiException(PkiError.TooLarge, offset, "PKCS#7 larger than " + MaxEncodedLength + " bytes");
            }

            var bundle = new Pkcs7CertsOnly(buffer);
            var reader = new DerReader(buffer, offset, length, true, MaxDepth);
            bundle.Read(reader);
            return bundle;
        }

        /// <summary>Parses a whole array holding one PKCS#7 bundle.</summary>
        public static Pkcs7CertsOnly Parse(byte[] encoded)
        {
            if (encoded == null)
            {
                throw new ArgumentNullException(nameof(encoded));
            }

            return Parse(encoded, 0, encoded.Length);
        }

        /// <summary>Offset in <see cref="Buffer"/> of certificate <paramref name="index"/> (in bundle order).</summary>
        public int GetCertificateOffset(int index)
        {
            CheckIndex(index);
            return _ranges[2 * index];
        }

        /// <summary>Length of certificate <paramref name="index"/>.</summary>
        public int GetCertificateLength(int index)
        {
            CheckIndex(index);
            return _ranges[(2 * index) + 1];
        }

        /// <summary>Parses certificate <paramref name="index"/> in place.</summary>
        public Certificate GetCertificate(int index)
        {
            CheckIndex(index);
            return Certificate.Parse(_buffer, _ranges[2 * index], _ranges[(2 * index) + 1]);
        }

        /// <summary>Parses every certificate; returns them (<see cref="Certificate"/>) in bundle order.</summary>
        public ArrayList ParseCertificates()
        {
            var list = new ArrayList();
            for (int i = 0; i < _count; i++)
            {
                list.Add(GetCertificate(i));
            }

            return list;
        }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }

        private void Read(DerReader reader)
        {
            // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY } (RFC 5652 §3)
            reader.Enter(DerReader.TagSequence);
            reader.ReadObjectIdentifier();
            if (!reader.ContentEquals(RecognizedOids.SignedData))
            {
                throw new PkiException(PkiError.Unsupported, reader.ElementOffset, "ContentInfo is not id-signedData");
            }

            reader.Enter(DerReader.ContextSpecific | DerReader.Constructed | 0);

            // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
            //   certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET } (RFC 5652 §5.1)
            reader.Enter(DerReader.TagSequence);
            int version = reader.ReadInt32();
            if (version < MinSignedDataVersion || version > MaxSignedDataVersion)
            {
                throw new PkiException(PkiError.BadValue, reader.ElementOffset, "SignedData version " + version + " unknown");
            }

            reader.ReadElement(DerReader.TagSet);
            reader.ReadElement(DerReader.TagSequence);

            if (reader.PeekTag() == TagCertificates)
            {
                reader.Enter(TagCertificates);
                while (reader.HasMore)
                {
                    int tag = reader.ReadElement();
                    if (tag != DerReader.TagSequence)
                    {
                        // extendedCertificate [0], v1/v2AttrCert [1]/[2], other [3] (RFC 5652 §10.2.2): not for us.
                        continue;
                    }

                    if (reader.IsIndefinite)
                    {
                        throw new PkiException(PkiError.IndefiniteLength, reader.ElementOffset, "certificate not in DER (indefinite length)");
                    }

                    if (_count == MaxCertificates)
                    {
                        throw new PkiException(PkiError.TooLarge, reader.ElementOffset, "more than " + MaxCertificates + " certificates");
                    }

                    if (reader.ElementLength > Certificate.MaxEncodedLength)
                    {
                        throw new PkiException(PkiError.TooLarge, reader.ElementOffset, "certificate larger than " + Certificate.MaxEncodedLength + " bytes");
                    }

                    _ranges[2 * _count] = reader.ElementOffset;
                    _ranges[(2 * _count) + 1] = reader.ElementLength;
                    _count++;
                }

                reader.Exit();
            }

            if (reader.PeekTag() == TagCrls)
            {
                reader.ReadElement(TagCrls);
            }

            reader.ReadElement(DerReader.TagSet);
            reader.Exit();
            reader.Exit();
            reader.Exit();
            reader.ExpectEnd();
        }
    }
}
