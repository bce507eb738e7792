namespace DeviceAgent.Pki
{
    /// <summary>
    /// An X.509 Name (RFC 5280 §4.1.2.4) kept as the raw TLV slice of the certificate it came from: chains are
    /// linked by comparing these bytes (<see cref="RawEquals"/>; issuers copy their subject bytes into what they
    /// issue, facts/est.md §7). Readable attributes are decoded on request, each call allocating its string.
    /// </summary>
    public sealed class X509Name
    {
        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        private X509Name(byte[] buffer, int offset, int length)
        {
            _buffer = buffer;
            _offset = offset;
            _length = length;
        }

        /// <summary>The buffer holding the Name (the certificate's, not a copy).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the Name's SEQUENCE tag in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <summary>Length of the whole Name TLV.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True for the empty RDNSequence (<c>30 00</c>), allowed for a subject with a critical SAN.</summary>
        public bool IsEmpty
        {
            get { return _length == 2; }
        }

        /// <summary>First commonName (2.5.4.3), or null.</summary>
        public string CommonName
        {
            get { return GetFirst(RecognizedOids.CommonName); }
        }

        /// <summary>First organizationName (2.5.4.10), or null.</summary>
        public string Organization
        {
            get { return GetFirst(RecognizedOids.OrganizationName); }
        }

        /// <summary>First organizationalUnitName (2.5.4.11), or null.</summary>
        public string OrganizationalUnit
        {
            get { return GetFirst(RecognizedOids.OrganizationalUnitName); }
        }

        /// <summary>First countryName (2.5.4.6), or null.</summary>
        public string Country
        {
            get { return GetFirst(RecognizedOids.CountryName); }
        }

        /// <summary>First serialNumber attribute (2.5.4.5), or null (not the certificate's serial number).</summary>
        public string SerialNumber
        {
            get { return GetFirst(RecognizedOids.SerialNumber); }
        }

        /// <summary>
        /// Reads a Name at the reader's position: SEQUENCE OF RelativeDistinguishedName, each a non-empty SET OF
        /// SEQUENCE { type OID, value }; values with a string tag must be valid for their type.
        /// </summary>
        public static X509Name Read(DerReader reader)
        {
            reader.Enter(DerReader.TagSequence);
            int offset = reader.ElementOffset;
            int length = reader.ElementLength;
            while (reader.HasMore)
            {
                reader.Enter(DerReader.TagSet);
                if (!reader.HasMore)
                {
                    throw new PkiException(PkiError.BadValue, reader.ElementOffset, "empty RelativeDistinguishedName");
                }

                while (reader.HasMore)
                {
                    reader.Enter(DerReader.TagSequence);
                    reader.ReadObjectIdentifier();
                    if (DerText.IsStringTag(reader.PeekTag()))
                    {
                        reader.ReadString();
                    }
                    else
                    {
                        reader.ReadElement();
                    }

                    reader.Exit();
                }

                reader.Exit();
            }

            reader.Exit();
            return new X509Name(reader.Buffer, offset, length);
        }

        /// <summary>True when both Names have identical encodings.</summary>
        public bool RawEquals(X509Name other)
        {
            return other != null && DerReader.BytesEqual(_buffer, _offset, _length, other._buffer, other._offset, other._length);
        }

        /// <summary>The first value of the attribute type <paramref name="attributeType"/> (OID content bytes, see
        /// <see cref="RecognizedOids"/>) decoded as text, or null when absent or not a string.</summary>
        public string GetFirst(byte[] attributeType)
        {
            var reader = new DerReader(_buffer, _offset, _length);
            reader.Enter(DerReader.TagSequence);
            while (reader.HasMore)
            {
                reader.Enter(DerReader.TagSet);
                while (reader.HasMore)
                {
                    reader.Enter(DerReader.TagSequence);
                    reader.ReadObjectIdentifier();
                    bool match = reader.ContentEquals(attributeType);
                    if (match && DerText.IsStringTag(reader.PeekTag()))
                    {
                        return reader.ReadText();
                    }

                    reader.ReadElement();
                    reader.Exit();
                }

                reader.Exit();
            }

            return null;
        }

        /// <summary>
        /// The Name in RFC 4514 style for logs and messages: RDNs last-first, joined by ", "; CN, O, OU, C and
        /// serialNumber by name, other types as dotted OIDs. No escaping: not for comparison.
        /// </summary>
        public override string ToString()
        {
            // Count the attributes first so the parts can be joined from the last RDN to the first.
            var reader = new DerReader(_buffer, _offset, _length);
            reader.Enter(DerReader.TagSequence);
            int count = 0;
            while (reader.HasMore)
            {
                reader.ReadElement();
                count++;
            }

            var parts = new string[count];
            reader = new DerReader(_buffer, _offset, _length);
            reader.Enter(DerReader.TagSequence);
            for (int i = count - 1; i >= 0; i--)
            {
                reader.Enter(DerReader.TagSet);
                string rdn = string.Empty;
                while (reader.HasMore)
                {
                    reader.Enter(DerReader.TagSequence);
                    reader.ReadObjectIdentifier();
                    string type = ShortName(reader);
                    string value = DerText.IsStringTag(reader.PeekTag()) ? reader.ReadText() : SkipValue(reader);
                    rdn += (rdn.Length == 0 ? string.Empty : "+") + type + "=" + value;
                    reader.Exit();
                }

                reader.Exit();
                parts[i] = rdn;
            }

            string text = string.Empty;
            for (int i = 0; i < count; i++)
            {
                text += (i == 0 ? string.Empty : ", ") + parts[i];
            }

            return text;
        }

        private static string ShortName(DerReader reader)
        {
            if (reader.ContentEquals(RecognizedOids.CommonName))
            {
                return "CN";
            }

            if (reader.ContentEquals(RecognizedOids.OrganizationName))
            {
                return "O";
            }

            if (reader.ContentEquals(RecognizedOids.OrganizationalUnitName))
            {
                return "OU";
            }

            if (reader.ContentEquals(RecognizedOids.CountryName))
            {
                return "C";
            }

            if (reader.ContentEquals(RecognizedOids.SerialNumber))
            {
                return "serialNumber";
            }

            return RecognizedOids.ToDotted(reader.Buffer, reader.ContentOffset, reader.ContentLength);
        }

        private static string SkipValue(DerReader reader)
        {
            reader.ReadElement();
            return "#" + DerReader.Hex(reader.Tag).Substring(2);
        }
    }
}
