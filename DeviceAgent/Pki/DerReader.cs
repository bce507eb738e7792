using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Strict DER reader (X.690 §8, §10) over a byte range that never copies the input: it walks tag-length-value
    /// elements in place and reports where each one sits (<see cref="ElementOffset"/>, <see cref="ContentOffset"/>,
    /// <see cref="ContentLength"/>). Every violation is a <see cref="PkiException"/> carrying the byte offset in the
    /// buffer where it was found.
    /// </summary>
    /// <remarks>
    /// <para>Checks: low-tag-number form only (tag numbers ≥ 31 never occur in X.509 / CMS); definite lengths in the
    /// shortest form (no <c>0x81</c> below 128, no leading zero length byte, at most 4 length bytes); every length
    /// within what remains of the enclosing element; nesting at most <see cref="MaxDepth"/> levels; the DER rules of
    /// INTEGER, BOOLEAN, BIT STRING, OID and the RFC 5280 time forms.</para>
    /// <para>BER mode (<c>allowIndefinite</c>, used only by <see cref="Pkcs7CertsOnly"/>) also accepts indefinite
    /// lengths on constructed elements (<c>0x80</c> … <c>00 00</c>, X.690 §8.1.3.6), which BouncyCastle-based servers
    /// emit (facts/est.md §8.2); the end of such an element is found by walking its children, bounded by the depth
    /// limit, so every length is still known before its element is used.</para>
    /// <para>Use: <see cref="Enter"/> a constructed element, read its children with the typed readers, then
    /// <see cref="Exit"/> (which rejects unread bytes). Allocation: this object and two small int arrays sized by
    /// the depth limit; reads allocate nothing except <see cref="ReadText"/>.</para>
    /// </remarks>
    public sealed class DerReader
    {
        /// <summary>Default nesting bound: X.509's deepest path (Certificate, TBS, [3], Extensions, Extension,
        /// extnValue, AKI/SAN, GeneralName) is 8 levels; twice that leaves room without letting input recurse freely.</summary>
        public const int DefaultMaxDepth = 16;

        /// <summary>Largest accepted nesting bound.</summary>
        public const int MaxSupportedDepth = 64;

        /// <summary>Most length bytes after <c>0x8n</c>: 4 covers any input a device can hold (X.690 §8.1.3.5).</summary>
        public const int MaxLengthBytes = 4;

        /// <summary>Universal BOOLEAN (X.680 §8.4 table 1).</summary>
        public const int TagBoolean = 0x01;

        /// <summary>Universal INTEGER.</summary>
        public const int TagInteger = 0x02;

        /// <summary>Universal BIT STRING.</summary>
        public const int TagBitString = 0x03;

        /// <summary>Universal OCTET STRING.</summary>
        public const int TagOctetString = 0x04;

        /// <summary>Universal NULL.</summary>
        public const int TagNull = 0x05;

        /// <summary>Universal OBJECT IDENTIFIER.</summary>
        public const int TagObjectIdentifier = 0x06;

        /// <summary>Universal UTF8String.</summary>
        public const int TagUtf8String = 0x0C;

        /// <summary>Universal NumericString.</summary>
        public const int TagNumericString = 0x12;

        /// <summary>Universal PrintableString.</summary>
        public const int TagPrintableString = 0x13;

        /// <summary>Universal T61String (TeletexString), read as Latin-1 (facts/est.md §7).</summary>
        public const int TagT61String = 0x14;

        /// <summary>Universal IA5String.</summary>
        public const int TagIa5String = 0x16;

        /// <summary>Universal UTCTime.</summary>
        public const int TagUtcTime = 0x17;

        /// <summary>Universal GeneralizedTime.</summary>
        public const int TagGeneralizedTime = 0x18;

        /// <summary>Universal VisibleString.</summary>
        public const int TagVisibleString = 0x1A;

        /// <summary>Universal UniversalString (UTF-32BE).</summary>
        public const int TagUniversalString = 0x1C;

        /// <summary>Universal BMPString (UTF-16BE).</summary>
        public const int TagBmpString = 0x1E;

        /// <summary>Universal SEQUENCE / SEQUENCE OF (constructed).</summary>
        public const int TagSequence = 0x30;

        /// <summary>Universal SET / SET OF (constructed).</summary>
        public const int TagSet = 0x31;

        /// <summary>Class bits of a context-specific tag (X.690 §8.1.2.2): <c>0x80 | n</c> primitive, <c>0xA0 | n</c> constructed.</summary>
        public const int ContextSpecific = 0x80;

        /// <summary>The constructed bit of a tag byte (X.690 §8.1.2.5).</summary>
        public const int Constructed = 0x20;

        // X.690 §8.1.2.4: low five bits all set = high-tag-number form.
        private const int HighTagNumberForm = 0x1F;

        // X.690 §8.1.3.6: length byte of the indefinite form; 0xFF is reserved (§8.1.3.5 c).
        private const int IndefiniteLengthByte = 0x80;

        private readonly byte[] _buffer;
        private readonly bool _allowIndefinite;
        private readonly int _maxDepth;

        // Per open level d: _ends[d] = end of its content (exclusive), _afters[d] = end of the element (after 00 00
        // for an indefinite one). Level 0 is the whole window.
        private readonly int[] _ends;
        private readonly int[] _afters;
        private int _depth;
        private int _position;

        // The element read last (or entered last).
        private int _tag;
        private int _elementOffset;
        private int _contentOffset;
        private int _contentLength;
        private int _elementEnd;
        private bool _indefinite;

        /// <summary>A strict DER reader over <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
        public DerReader(byte[] buffer, int offset, int length)
            : this(buffer, offset, length, false, DefaultMaxDepth)
        {
        }

        /// <summary>
        /// A reader over the range; <paramref name="allowIndefinite"/> turns on BER indefinite lengths (PKCS#7 only);
        /// <paramref name="maxDepth"/> bounds how many elements may be open at once (1 to <see cref="MaxSupportedDepth"/>).
        /// </summary>
        public DerReader(byte[] buffer, int offset, int length, bool allowIndefinite, int maxDepth)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "range outside the buffer");
            }

            if (maxDepth < 1 || maxDepth > MaxSupportedDepth)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDepth));
            }

            _buffer = buffer;
            _allowIndefinite = allowIndefinite;
            _maxDepth = maxDepth;
            _ends = new int[maxDepth + 1];
            _afters = new int[maxDepth + 1];
            _ends[0] = offset + length;
            _afters[0] = offset + length;
            _position = offset;
            _elementOffset = offset;
            _contentOffset = offset;
            _elementEnd = offset;
        }

        /// <summary>The buffer being read (never copied).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset in <see cref="Buffer"/> of the next element at the current level.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>How many elements are open (0 = the top level).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>The nesting bound given at construction.</summary>
        public int MaxDepth
        {
            get { return _maxDepth; }
        }

        /// <summary>True in BER mode (indefinite lengths accepted on constructed elements).</summary>
        public bool AllowIndefinite
        {
            get { return _allowIndefinite; }
        }

        /// <summary>Tag byte of the element read or entered last.</summary>
        public int Tag
        {
            get { return _tag; }
        }

        /// <summary>Offset of the last element's tag byte.</summary>
        public int ElementOffset
        {
            get { return _elementOffset; }
        }

        /// <summary>Length of the last element: tag, length bytes, content (and <c>00 00</c> when indefinite).</summary>
        public int ElementLength
        {
            get { return _elementEnd - _elementOffset; }
        }

        /// <summary>Offset of the last element's content (after the unused-bits byte for a BIT STRING).</summary>
        public int ContentOffset
        {
            get { return _contentOffset; }
        }

        /// <summary>Length of the last element's content (without the unused-bits byte for a BIT STRING).</summary>
        public int ContentLength
        {
            get { return _contentLength; }
        }

        /// <summary>True when the last element had a BER indefinite length.</summary>
        public bool IsIndefinite
        {
            get { return _indefinite; }
        }

        /// <summary>True while the current level has another element before its end.</summary>
        public bool HasMore
        {
            get { return _position < _ends[_depth]; }
        }

        /// <summary>Bytes left at the current level.</summary>
        public int Remaining
        {
            get { return _ends[_depth] - _position; }
        }

        /// <summary>Tag byte of the next element at this level, or -1 at the end of the level. Does not validate.</summary>
        public int PeekTag()
        {
            return HasMore ? _buffer[_position] : -1;
        }

        /// <summary>Reads (and skips) the next element, whatever its tag; returns the tag.</summary>
        public int ReadElement()
        {
            ReadHeader();
            _position = _elementEnd;
            return _tag;
        }

        /// <summary>Reads (and skips) the next element, which must have tag <paramref name="expectedTag"/>.</summary>
        public void ReadElement(int expectedTag)
        {
            ReadHeader(expectedTag);
            _position = _elementEnd;
        }

        /// <summary>Skips every element left at the current level.</summary>
        public void SkipToEnd()
        {
            while (HasMore)
            {
                ReadElement();
            }
        }

        /// <summary>Opens the next element, which must be constructed with tag <paramref name="expectedTag"/>;
        /// following reads walk its content until <see cref="Exit"/>.</summary>
        public void Enter(int expectedTag)
        {
            if ((expectedTag & Constructed) == 0)
            {
                throw new ArgumentException("Enter needs a constructed tag", nameof(expectedTag));
            }

            ReadHeader(expectedTag);
            Push(_contentOffset + _contentLength, _elementEnd);
        }

        /// <summary>
        /// Opens the content of the next OCTET STRING or BIT STRING (tag <paramref name="expectedTag"/>) as a level of
        /// its own: X.509 wraps each extension's DER in extnValue (RFC 5280 §4.1), and a BIT STRING may carry DER
        /// (the unused-bits byte must then be 0).
        /// </summary>
        public void EnterEncapsulated(int expectedTag)
        {
            if (expectedTag == TagBitString)
            {
                int unused = ReadBitString();
                if (unused != 0)
                {
                    throw new PkiException(PkiError.BadValue, _elementOffset, "BIT STRING holding DER has unused bits");
                }
            }
            else if (expectedTag == TagOctetString)
            {
                ReadOctetString();
            }
            else
            {
                throw new ArgumentException("only OCTET STRING or BIT STRING encapsulate", nameof(expectedTag));
            }

            _position = _contentOffset;
            Push(_contentOffset + _contentLength, _elementEnd);
        }

        /// <summary>Closes the level opened last; bytes left unread in it are <see cref="PkiError.TrailingData"/>.</summary>
        public void Exit()
        {
            if (_depth == 0)
            {
                throw new InvalidOperationException("Exit without Enter");
            }

            if (_position != _ends[_depth])
            {
                throw new PkiException(PkiError.TrailingData, _position, "unexpected data before the end of the element");
            }

            _position = _afters[_depth];
            _depth--;
        }

        /// <summary>Requires the current level to be fully read (<see cref="PkiError.TrailingData"/> otherwise).</summary>
        public void ExpectEnd()
        {
            if (_position != _ends[_depth])
            {
                throw new PkiException(PkiError.TrailingData, _position, "unexpected data after the element");
            }
        }

        /// <summary>
        /// Reads an INTEGER in minimal two's complement form (X.690 §8.3.2); the value's bytes are
        /// <see cref="ContentOffset"/>/<see cref="ContentLength"/>, big-endian, sign byte included.
        /// </summary>
        public void ReadInteger()
        {
            ReadHeader(TagInteger);
            _position = _elementEnd;
            if (_contentLength == 0)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "INTEGER without content");
            }

            if (_contentLength > 1)
            {
                int b0 = _buffer[_contentOffset];
                int b1 = _buffer[_contentOffset + 1];
                if ((b0 == 0x00 && b1 < 0x80) || (b0 == 0xFF && b1 >= 0x80))
                {
                    throw new PkiException(PkiError.BadValue, _elementOffset, "INTEGER not in minimal form");
                }
            }
        }

        /// <summary>Reads an INTEGER that must fit in 32 bits (versions, pathLenConstraint).</summary>
        public int ReadInt32()
        {
            ReadInteger();
            if (_contentLength > 4)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "INTEGER too large");
            }

            int value = (_buffer[_contentOffset] & 0x80) != 0 ? -1 : 0;
            for (int i = 0; i < _contentLength; i++)
            {
                value = (value << 8) | _buffer[_contentOffset + i];
            }

            return value;
        }

        /// <summary>Reads a BOOLEAN: one content byte, <c>00</c> or <c>FF</c> (X.690 §11.1).</summary>
        public bool ReadBoolean()
        {
            ReadHeader(TagBoolean);
            _position = _elementEnd;
            if (_contentLength != 1)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "BOOLEAN must have one content byte");
            }

            int b = _buffer[_contentOffset];
            if (b == 0x00)
            {
                return false;
            }

            if (b == 0xFF)
            {
                return true;
            }

            throw new PkiException(PkiError.BadValue, _contentOffset, "BOOLEAN must be 00 or FF in DER");
        }

        /// <summary>Reads a NULL (no content, X.690 §8.8).</summary>
        public void ReadNull()
        {
            ReadHeader(TagNull);
            _position = _elementEnd;
            if (_contentLength != 0)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "NULL with content");
            }
        }

        /// <summary>
        /// Reads an OBJECT IDENTIFIER and checks its subidentifiers (X.690 §8.19: base 128, no leading 0x80 byte, the
        /// last byte ends the value). Compare the content with <see cref="ContentEquals"/> and <see cref="RecognizedOids"/>.
        /// </summary>
        public void ReadObjectIdentifier()
        {
            ReadHeader(TagObjectIdentifier);
            _position = _elementEnd;
            if (_contentLength == 0)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "OBJECT IDENTIFIER without content");
            }

            bool atStart = true;
            for (int i = 0; i < _contentLength; i++)
            {
                int b = _buffer[_contentOffset + i];
                if (atStart && b == 0x80)
                {
                    throw new PkiException(PkiError.BadValue, _contentOffset + i, "OBJECT IDENTIFIER subidentifier not minimal");
                }

                atStart = (b & 0x80) == 0;
            }

            if (!atStart)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "OBJECT IDENTIFIER ends inside a subidentifier");
            }
        }

        /// <summary>
        /// Reads a BIT STRING and returns its unused-bits count (0–7, X.690 §8.6.2); the content properties then
        /// cover the bytes after that count. DER: an empty string has count 0 and unused bits are zero (§11.2.1).
        /// </summary>
        public int ReadBitString()
        {
            ReadHeader(TagBitString);
            _position = _elementEnd;
            if (_contentLength == 0)
            {
                throw new PkiException(PkiError.BadValue, _elementOffset, "BIT STRING without the unused-bits byte");
            }

            int unused = _buffer[_contentOffset];
            if (unused > 7 || (_contentLength == 1 && unused != 0))
            {
                throw new PkiException(PkiError.BadValue, _contentOffset, "BIT STRING unused-bits count invalid");
            }

            if (unused != 0 && (_buffer[_contentOffset + _contentLength - 1] & ((1 << unused) - 1)) != 0)
            {
                throw new PkiException(PkiError.BadValue, _contentOffset + _contentLength - 1, "BIT STRING unused bits not zero");
            }

            _contentOffset++;
            _contentLength--;
            return unused;
        }

        /// <summary>Reads an OCTET STRING (primitive in DER).</summary>
        public void ReadOctetString()
        {
            ReadHeader(TagOctetString);
            _position = _elementEnd;
        }

        /// <summary>
        /// Reads one of the character string types (<see cref="DerText.IsStringTag"/>), checks its encoding, and
        /// returns its tag; the content properties locate its bytes.
        /// </summary>
        public int ReadString()
        {
            ReadHeader();
            _position = _elementEnd;
            if (!DerText.IsStringTag(_tag))
            {
                throw new PkiException(PkiError.UnexpectedTag, _elementOffset, "expected a character string, found tag " + Hex(_tag));
            }

            DerText.Validate(_tag, _buffer, _contentOffset, _contentLength, _elementOffset);
            return _tag;
        }

        /// <summary>Reads a character string (see <see cref="ReadString"/>) and decodes it (allocates the string).</summary>
        public string ReadText()
        {
            int tag = ReadString();
            return DerText.Decode(tag, _buffer, _contentOffset, _contentLength);
        }

        /// <summary>
        /// Reads a UTCTime or GeneralizedTime in RFC 5280 §4.1.2.5's form (<c>YYMMDDHHMMSSZ</c> /
        /// <c>YYYYMMDDHHMMSSZ</c>: Z required, seconds required, no fractions; UTCTime YY ≥ 50 means 19YY) with
        /// month, day (per month, leap years), hour, minute and second ranges checked; returns a UTC
        /// <see cref="DateTime"/>. Instants outside nanoFramework's DateTime range (1601–3000) come back as
        /// <see cref="DateTime.MinValue"/> / <see cref="DateTime.MaxValue"/>, on desktop too, so RFC 5280's
        /// "no expiry" <c>99991231235959Z</c> reads as MaxValue everywhere.
        /// </summary>
        public DateTime ReadTime()
        {
            ReadHeader();
            _position = _elementEnd;
            if (_tag != TagUtcTime && _tag != TagGeneralizedTime)
            {
                throw new PkiException(PkiError.UnexpectedTag, _elementOffset, "expected UTCTime or GeneralizedTime, found tag " + Hex(_tag));
            }

            return DerTime.Parse(_tag == TagGeneralizedTime, _buffer, _contentOffset, _contentLength, _elementOffset);
        }

        /// <summary>True when the last element's content equals <paramref name="value"/> byte for byte (e.g. an OID
        /// from <see cref="RecognizedOids"/>).</summary>
        public bool ContentEquals(byte[] value)
        {
            return BytesEqual(_buffer, _contentOffset, _contentLength, value, 0, value.Length);
        }

        /// <summary>Byte-wise equality of two ranges.</summary>
        public static bool BytesEqual(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }

            for (int i = 0; i < aLength; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Copies the last element's content into a new array.</summary>
        public byte[] CopyContent()
        {
            var copy = new byte[_contentLength];
            Array.Copy(_buffer, _contentOffset, copy, 0, _contentLength);
            return copy;
        }

        private void ReadHeader(int expectedTag)
        {
            if (_position < _ends[_depth] && _buffer[_position] != expectedTag)
            {
                throw new PkiException(PkiError.UnexpectedTag, _position, "expected tag " + Hex(expectedTag) + ", found " + Hex(_buffer[_position]));
            }

            ReadHeader();
        }

        private void ReadHeader()
        {
            int limit = _ends[_depth];
            ParseHeader(_position, limit);
            if (_indefinite)
            {
                int end = FindIndefiniteEnd(_contentOffset, limit, _depth + 1);
                _contentLength = end - 2 - _contentOffset;
                _elementEnd = end;
            }
            else
            {
                _elementEnd = _contentOffset + _contentLength;
            }
        }

        // Parses the tag and length at 'position' within 'limit' into _tag, _elementOffset, _contentOffset,
        // _contentLength (0 when indefinite) and _indefinite.
        private void ParseHeader(int position, int limit)
        {
            if (position >= limit)
            {
                throw new PkiException(PkiError.Truncated, position, "element expected, none left");
            }

            int tag = _buffer[position];
            if ((tag & HighTagNumberForm) == HighTagNumberForm)
            {
                throw new PkiException(PkiError.UnexpectedTag, position, "high-tag-number form not supported");
            }

            if (tag == 0)
            {
                throw new PkiException(PkiError.UnexpectedTag, position, "end-of-contents where an element is expected");
            }

            if (limit - position < 2)
            {
                throw new PkiException(PkiError.Truncated, position, "length missing");
            }

            int first = _buffer[position + 1];
            int contentOffset;
            long length;
            bool indefinite = false;
            if (first < 0x80)
            {
                contentOffset = position + 2;
                length = first;
            }
            else if (first == IndefiniteLengthByte)
            {
                if (!_allowIndefinite)
                {
                    throw new PkiException(PkiError.IndefiniteLength, position + 1, "indefinite length not allowed in DER");
                }

                if ((tag & Constructed) == 0)
                {
                    throw new PkiException(PkiError.BadLength, position + 1, "indefinite length on a primitive element");
                }

                indefinite = true;
                contentOffset = position + 2;
                length = 0;
            }
            else
            {
                int count = first & 0x7F;
                if (count > MaxLengthBytes)
                {
                    throw new PkiException(PkiError.BadLength, position + 1, "length of " + count + " bytes not supported");
                }

                if (limit - position - 2 < count)
                {
                    throw new PkiException(PkiError.Truncated, position + 1, "length bytes run past the end");
                }

                if (_buffer[position + 2] == 0)
                {
                    throw new PkiException(PkiError.BadLength, position + 1, "length with a leading zero byte");
                }

                length = 0;
                for (int i = 0; i < count; i++)
                {
                    length = (length << 8) | _buffer[position + 2 + i];
                }

                if (length < 0x80)
                {
                    throw new PkiException(PkiError.BadLength, position + 1, "long-form length below 128");
                }

                contentOffset = position + 2 + count;
            }

            if (!indefinite && length > limit - contentOffset)
            {
                throw new PkiException(PkiError.Truncated, position + 1, "length " + length + " runs past the end of the enclosing element (" + (limit - contentOffset) + " bytes left)");
            }

            _tag = tag;
            _elementOffset = position;
            _contentOffset = contentOffset;
            _contentLength = (int)length;
            _indefinite = indefinite;
        }

        // Walks the children of an indefinite-length element whose content starts at 'start' until its
        // end-of-contents, without descending into definite-length children; returns the offset after 00 00.
        // 'depth' is the level the element would occupy; nested indefinite elements count against MaxDepth.
        private int FindIndefiniteEnd(int start, int limit, int depth)
        {
            int saveTag = _tag;
            int saveOffset = _elementOffset;
            int saveContent = _contentOffset;
            int open = 1;
            int p = start;
            if (depth > _maxDepth)
            {
                throw new PkiException(PkiError.TooDeep, saveOffset, "nesting deeper than " + _maxDepth);
            }

            while (true)
            {
                if (limit - p < 2)
                {
                    throw new PkiException(PkiError.Truncated, p, "end-of-contents missing");
                }

                if (_buffer[p] == 0)
                {
                    if (_buffer[p + 1] != 0)
                    {
                        throw new PkiException(PkiError.BadLength, p + 1, "end-of-contents with a non-zero length");
                    }

                    p += 2;
                    open--;
                    if (open == 0)
                    {
                        break;
                    }

                    continue;
                }

                ParseHeader(p, limit);
                if (_indefinite)
                {
                    open++;
                    if (depth + open - 1 > _maxDepth)
                    {
                        throw new PkiException(PkiError.TooDeep, p, "nesting deeper than " + _maxDepth);
                    }

                    p = _contentOffset;
                }
                else
                {
                    p = _contentOffset + _contentLength;
                }
            }

            _tag = saveTag;
            _elementOffset = saveOffset;
            _contentOffset = saveContent;
            _contentLength = 0;
            _indefinite = true;
            return p;
        }

        private void Push(int contentEnd, int elementEnd)
        {
            if (_depth >= _maxDepth)
            {
                throw new PkiException(PkiError.TooDeep, _elementOffset, "nesting deeper than " + _maxDepth);
            }

            _depth++;
            _ends[_depth] = contentEnd;
            _afters[_depth] = elementEnd;
            _position = _contentOffset;
        }

        internal static string Hex(int b)
        {
            const string Digits = "0123456789ABCDEF";
            return "0x" + Digits[(b >> 4) & 0xF] + Digits[b & 0xF];
        }
    }
}
