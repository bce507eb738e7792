using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// DER encoder (X.690 §8, §10) that writes <b>backwards</b> from the end of a caller-sized region of a byte[], so
    /// the length of every constructed element is known when its header is written: write the children last to
    /// first, then <see cref="WrapConstructed"/> puts the tag and the length of everything written since a
    /// <see cref="Length"/> mark in front of them. No temporary arrays: strings and integers go straight into the
    /// buffer. Every write checks the room it needs first and throws <see cref="PkiException"/>
    /// (<see cref="PkiError.TooLarge"/>) without touching the buffer when it does not fit.
    /// A writer with no buffer (<see cref="ResetMeasure"/>) only counts, so the same encoding code gives the size.
    /// One instance is reused: <see cref="Reset"/> points it at a new region.
    /// </summary>
    /// <example>
    /// SEQUENCE { INTEGER 0, NULL } ends at the region's end:
    /// <code>
    /// int mark = writer.Length;
    /// writer.WriteNull();
    /// writer.WriteInteger(0);
    /// writer.WrapConstructed(DerWriter.Sequence, mark);   // 30 04 02 01 00 05 00, first byte at writer.Start
    /// </code>
    /// </example>
    public sealed class DerWriter
    {
        /// <summary>BOOLEAN (X.690 §8.2; est.md §6.1).</summary>
        public const byte Boolean = 0x01;

        /// <summary>INTEGER (X.690 §8.3).</summary>
        public const byte Integer = 0x02;

        /// <summary>BIT STRING (X.690 §8.6), primitive.</summary>
        public const byte BitString = 0x03;

        /// <summary>OCTET STRING (X.690 §8.7), primitive.</summary>
        public const byte OctetString = 0x04;

        /// <summary>NULL (X.690 §8.8).</summary>
        public const byte Null = 0x05;

        /// <summary>OBJECT IDENTIFIER (X.690 §8.19).</summary>
        public const byte ObjectIdentifier = 0x06;

        /// <summary>UTF8String (X.680 §41; tag 12).</summary>
        public const byte Utf8String = 0x0C;

        /// <summary>PrintableString (X.680 §41.4; tag 19).</summary>
        public const byte PrintableString = 0x13;

        /// <summary>IA5String (X.680 §41; tag 22).</summary>
        public const byte IA5String = 0x16;

        /// <summary>SEQUENCE / SEQUENCE OF, constructed (X.690 §8.9).</summary>
        public const byte Sequence = 0x30;

        /// <summary>SET / SET OF, constructed (X.690 §8.11).</summary>
        public const byte Set = 0x31;

        /// <summary>Context-specific class bit (X.690 §8.1.2.2, bits 8-7 = 10); add the tag number, e.g. [2] = 0x82.</summary>
        public const byte ContextSpecific = 0x80;

        /// <summary>Constructed context-specific tag [0] (0xA0); add the tag number for [n].</summary>
        public const byte ContextConstructed = 0xA0;

        // X.690 §8.1.2.4: tag number 31 in the low 5 bits announces the high-tag-number form, which nothing we
        // write uses (est.md §6.1).
        private const int HighTagNumber = 0x1F;

        private byte[] _buffer;
        private int _limit;
        private int _end;
        private int _position;

        /// <summary>A writer that only measures until <see cref="Reset"/> gives it a buffer.</summary>
        public DerWriter()
        {
            ResetMeasure();
        }

        /// <summary>A writer that fills <paramref name="buffer"/>[offset .. offset+count) from its end.</summary>
        public DerWriter(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>The region's buffer, or null while measuring.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Index in <see cref="Buffer"/> of the first encoded byte (the last one written).</summary>
        public int Start
        {
            get { return _position; }
        }

        /// <summary>Bytes written so far; they occupy [<see cref="Start"/>, Start + Length).</summary>
        public int Length
        {
            get { return _end - _position; }
        }

        /// <summary>Bytes still free in front of what has been written (int.MaxValue while measuring).</summary>
        public int Remaining
        {
            get { return _buffer == null ? int.MaxValue : _position - _limit; }
        }

        /// <summary>True when the writer only counts bytes.</summary>
        public bool IsMeasuring
        {
            get { return _buffer == null; }
        }

        /// <summary>Writes into <paramref name="buffer"/>[offset .. offset+count), starting at its end; forgets earlier output.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "region outside the buffer");
            }

            _buffer = buffer;
            _limit = offset;
            _end = offset + count;
            _position = _end;
        }

        /// <summary>Only counts from now on: <see cref="Length"/> gives the size the same writes would produce.</summary>
        public void ResetMeasure()
        {
            _buffer = null;
            _limit = 0;
            _end = 0;
            _position = 0;
        }

        /// <summary>Size of a tag byte plus the minimal DER length for <paramref name="contentLength"/> (X.690 §10.1).</summary>
        public static int HeaderLength(int contentLength)
        {
            if (contentLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(contentLength));
            }

            // X.690 §8.1.3.4 short form below 128; §8.1.3.5 long form: 0x80 | n, then n big-endian bytes.
            if (contentLength < 0x80)
            {
                return 2;
            }

            if (contentLength <= 0xFF)
            {
                return 3;
            }

            if (contentLength <= 0xFFFF)
            {
                return 4;
            }

            return contentLength <= 0xFFFFFF ? 5 : 6;
        }

        /// <summary>
        /// Size of the INTEGER TLV for the unsigned big-endian value in <paramref name="value"/>[offset .. offset+count):
        /// leading zeros stripped, one 00 added when the top bit is set (X.690 §8.3.2; est.md §6.1).
        /// </summary>
        public static int IntegerLength(byte[] value, int offset, int count)
        {
            int content = IntegerContentLength(value, offset, count);
            return HeaderLength(content) + content;
        }

        /// <summary>Copies an already-encoded DER element (or several) in front of what is written.</summary>
        public void WriteEncoded(byte[] encoded, int offset, int count)
        {
            CheckRange(encoded, offset, count);
            int at = Reserve(count);
            if (_buffer != null)
            {
                Array.Copy(encoded, offset, _buffer, at, count);
            }
        }

        /// <summary>Writes a tag and the minimal length <paramref name="contentLength"/> in front of the content already written.</summary>
        public void WriteHeader(byte tag, int contentLength)
        {
            CheckTag(tag);
            int size = HeaderLength(contentLength);
            int at = Reserve(size);
            if (_buffer == null)
            {
                return;
            }

            _buffer[at] = tag;
            if (size == 2)
            {
                _buffer[at + 1] = (byte)contentLength;
                return;
            }

            int lengthBytes = size - 2;
            _buffer[at + 1] = (byte)(0x80 | lengthBytes);
            for (int i = 0; i < lengthBytes; i++)
            {
                _buffer[at + size - 1 - i] = (byte)(contentLength >> (8 * i));
            }
        }

        /// <summary>
        /// Puts <paramref name="tag"/> and the length of everything written since <paramref name="mark"/> (a
        /// <see cref="Length"/> read before the content was written) in front of it: closes a SEQUENCE, SET,
        /// [n] or an OCTET STRING that wraps DER (an extension's extnValue).
        /// </summary>
        public void WrapConstructed(byte tag, int mark)
        {
            WriteHeader(tag, ContentSince(mark));
        }

        /// <summary>Closes a BIT STRING (0 unused bits) around everything written since <paramref name="mark"/>, e.g. a signature's DER.</summary>
        public void WrapBitString(int mark)
        {
            int content = ContentSince(mark) + 1;
            int size = HeaderLength(content) + 1;
            Reserve(size);      // checks room for the unused-bits byte and the header together: all or nothing
            _position += size;  // give the room back; the two writes below take it again
            WriteByte(0);
            WriteHeader(BitString, content);
        }

        /// <summary>INTEGER from an unsigned big-endian value (any length; none = 0), minimal per X.690 §8.3.2.</summary>
        public void WriteInteger(byte[] value, int offset, int count)
        {
            CheckRange(value, offset, count);
            int content = IntegerContentLength(value, offset, count);
            int at = Reserve(HeaderLength(content) + content);
            if (_buffer == null)
            {
                return;
            }

            // the significant bytes end the content; a zero byte or a pad byte fills the front when needed
            int significant = SignificantLength(value, offset, count);
            int end = at + HeaderLength(content) + content;
            Array.Copy(value, offset + count - significant, _buffer, end - significant, significant);
            if (content > significant)
            {
                _buffer[end - significant - 1] = 0;
            }

            _position = end - content;
            WriteHeader(Integer, content);
        }

        /// <summary>INTEGER from a non-negative int (e.g. a version number), minimal per X.690 §8.3.2.</summary>
        public void WriteInteger(int value)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "only non-negative integers are written");
            }

            int content = 1;
            while (content < 4 && (value >> (8 * content)) != 0)
            {
                content++;
            }

            if (((value >> (8 * (content - 1))) & 0x80) != 0)
            {
                content++;
            }

            int at = Reserve(HeaderLength(content) + content);
            if (_buffer == null)
            {
                return;
            }

            // a non-negative int needs at most 4 content bytes (0x7FFFFFFF), so the header is 2 bytes
            int end = at + 2 + content;
            for (int i = 0; i < content; i++)
            {
                _buffer[end - 1 - i] = (byte)(value >> (8 * i));
            }

            _position = end - content;
            WriteHeader(Integer, content);
        }

        /// <summary>BOOLEAN; DER writes TRUE as FF (X.690 §11.1; est.md §6.1). Callers omit DEFAULT FALSE values.</summary>
        public void WriteBoolean(bool value)
        {
            int at = Reserve(3);
            if (_buffer != null)
            {
                _buffer[at] = Boolean;
                _buffer[at + 1] = 1;
                _buffer[at + 2] = value ? (byte)0xFF : (byte)0x00;
            }
        }

        /// <summary>NULL: 05 00 (X.690 §8.8).</summary>
        public void WriteNull()
        {
            int at = Reserve(2);
            if (_buffer != null)
            {
                _buffer[at] = Null;
                _buffer[at + 1] = 0;
            }
        }

        /// <summary>
        /// OBJECT IDENTIFIER from its content bytes (the constants of <see cref="RecognizedOids"/>); the bytes are checked
        /// to be well-formed base-128 sub-identifiers (X.690 §8.19.2).
        /// </summary>
        public void WriteObjectIdentifier(byte[] content)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            int n = content.Length;
            if (n == 0 || (content[n - 1] & 0x80) != 0)
            {
                throw new PkiException(PkiError.BadValue, -1, "OID content is empty or ends inside a sub-identifier");
            }

            for (int i = 0; i < n; i++)
            {
                bool startsSubIdentifier = i == 0 || (content[i - 1] & 0x80) == 0;
                if (startsSubIdentifier && content[i] == 0x80)
                {
                    throw new PkiException(PkiError.BadValue, i, "OID sub-identifier with a leading 0x80 byte");
                }
            }

            WritePrimitive(ObjectIdentifier, content, 0, n);
        }

        /// <summary>
        /// BIT STRING of <paramref name="count"/> bytes whose last <paramref name="unusedBits"/> bits are padding; DER
        /// wants those bits zero (X.690 §11.2.1), and no unused bits in an empty string.
        /// </summary>
        public void WriteBitString(byte[] data, int offset, int count, int unusedBits)
        {
            CheckRange(data, offset, count);
            if (unusedBits < 0 || unusedBits > 7 || (count == 0 && unusedBits != 0))
            {
                throw new PkiException(PkiError.BadValue, -1, "BIT STRING unused-bit count must be 0-7 (0 when empty)");
            }

            if (count > 0 && (data[offset + count - 1] & ((1 << unusedBits) - 1)) != 0)
            {
                throw new PkiException(PkiError.BadValue, -1, "BIT STRING padding bits must be zero in DER");
            }

            int content = count + 1;
            int at = Reserve(HeaderLength(content) + content);
            if (_buffer == null)
            {
                return;
            }

            int end = at + HeaderLength(content) + content;
            Array.Copy(data, offset, _buffer, end - count, count);
            _buffer[end - count - 1] = (byte)unusedBits;
            _position = end - content;
            WriteHeader(BitString, content);
        }

        /// <summary>OCTET STRING of the given bytes (X.690 §8.7, primitive).</summary>
        public void WriteOctetString(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
            WritePrimitive(OctetString, data, offset, count);
        }

        /// <summary>
        /// UTF8String: the string's UTF-16 is encoded to UTF-8 here (mscorlib has no Encoding.UTF8); a lone
        /// surrogate is rejected with <see cref="PkiError.BadValue"/>. On nanoCLR 1.x a character beyond U+FFFF
        /// reads back as its high surrogate twice, so such text is refused there the same way.
        /// </summary>
        public void WriteUtf8String(string value)
        {
            WriteUtf8String(Utf8String, value);
        }

        /// <summary>UTF-8 text under another tag (an IMPLICIT tag).</summary>
        public void WriteUtf8String(byte tag, string value)
        {
            CheckTag(tag);
            int content = Utf8Length(value);
            int at = Reserve(HeaderLength(content) + content);
            if (_buffer == null)
            {
                return;
            }

            int p = at + HeaderLength(content);
            for (int i = 0; i < value.Length; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    _buffer[p++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    _buffer[p++] = (byte)(0xC0 | (c >> 6));
                    _buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDBFF)
                {
                    // Utf8Length has checked that a low surrogate follows
                    int code = 0x10000 + ((c - 0xD800) << 10) + (value[++i] - 0xDC00);
                    _buffer[p++] = (byte)(0xF0 | (code >> 18));
                    _buffer[p++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                    _buffer[p++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                    _buffer[p++] = (byte)(0x80 | (code & 0x3F));
                }
                else
                {
                    _buffer[p++] = (byte)(0xE0 | (c >> 12));
                    _buffer[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    _buffer[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            _position = p - content;
            WriteHeader(tag, content);
        }

        /// <summary>
        /// PrintableString: only A-Z a-z 0-9 space ' ( ) + , - . / : = ? (X.680 §41.4); anything else is rejected
        /// with <see cref="PkiError.BadValue"/> (offset = index in the string).
        /// </summary>
        public void WritePrintableString(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (!IsPrintable(value[i]))
                {
                    throw new PkiException(PkiError.BadValue, i, "character not allowed in a PrintableString");
                }
            }

            WriteAscii(PrintableString, value);
        }

        /// <summary>IA5String (7-bit ASCII); other characters are rejected with <see cref="PkiError.Unsupported"/>.</summary>
        public void WriteIA5String(string value)
        {
            WriteIA5String(IA5String, value);
        }

        /// <summary>IA5 text under another tag, e.g. a GeneralName dNSName [2] = 0x82 or URI [6] = 0x86 (RFC 5280 §4.2.1.6).</summary>
        public void WriteIA5String(byte tag, string value)
        {
            WriteAscii(tag, value);
        }

        /// <summary>True for the characters X.680 §41.4 allows in a PrintableString.</summary>
        public static bool IsPrintable(char c)
        {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                return true;
            }

            switch (c)
            {
                case ' ':
                case '\'':
                case '(':
                case ')':
                case '+':
                case ',':
                case '-':
                case '.':
                case '/':
                case ':':
                case '=':
                case '?':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Bytes of <paramref name="value"/> in UTF-8; a lone surrogate throws <see cref="PkiError.BadValue"/>.</summary>
        public static int Utf8Length(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            int n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    n += 1;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF)
                {
                    if (i + 1 >= value.Length || value[i + 1] < 0xDC00 || value[i + 1] > 0xDFFF)
                    {
                        throw new PkiException(PkiError.BadValue, i, "unpaired UTF-16 surrogate in a UTF8String");
                    }

                    n += 4;
                    i++;
                }
                else if (c >= 0xDC00 && c <= 0xDFFF)
                {
                    throw new PkiException(PkiError.BadValue, i, "unpaired UTF-16 surrogate in a UTF8String");
                }
                else
                {
                    n += 3;
                }
            }

            return n;
        }

        private void WriteAscii(byte tag, string value)
        {
            CheckTag(tag);
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            int n = value.Length;
            for (int i = 0; i < n; i++)
            {
                if (value[i] > 0x7F)
                {
                    throw new PkiException(PkiError.Unsupported, i, "non-ASCII character in an IA5String or PrintableString");
                }
            }

            int at = Reserve(HeaderLength(n) + n);
            if (_buffer == null)
            {
                return;
            }

            int p = at + HeaderLength(n);
            for (int i = 0; i < n; i++)
            {
                _buffer[p + i] = (byte)value[i];
            }

            _position = p;
            WriteHeader(tag, n);
        }

        private void WritePrimitive(byte tag, byte[] data, int offset, int count)
        {
            int at = Reserve(HeaderLength(count) + count);
            if (_buffer == null)
            {
                return;
            }

            int p = at + HeaderLength(count);
            Array.Copy(data, offset, _buffer, p, count);
            _position = p;
            WriteHeader(tag, count);
        }

        private void WriteByte(byte value)
        {
            int at = Reserve(1);
            if (_buffer != null)
            {
                _buffer[at] = value;
            }
        }

        // Claims size bytes in front of the written data and returns where they start; throws before any change
        // when they do not fit, so a refused write leaves the buffer and the position untouched.
        private int Reserve(int size)
        {
            if (_buffer != null && size > _position - _limit)
            {
                throw new PkiException(
                    PkiError.TooLarge,
                    -1,
                    "DER output needs " + size + " more bytes, " + (_position - _limit) + " left");
            }

            _position -= size;
            return _position;
        }

        private int ContentSince(int mark)
        {
            int content = Length - mark;
            if (mark < 0 || content < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(mark), "mark is not an earlier Length of this writer");
            }

            return content;
        }

        private static int IntegerContentLength(byte[] value, int offset, int count)
        {
            int significant = SignificantLength(value, offset, count);
            if (significant == 0)
            {
                return 1;   // zero = 02 01 00
            }

            return (value[offset + count - significant] & 0x80) != 0 ? significant + 1 : significant;
        }

        // Bytes left after stripping leading zeros (0 when the value is zero).
        private static int SignificantLength(byte[] value, int offset, int count)
        {
            int i = 0;
            while (i < count && value[offset + i] == 0)
            {
                i++;
            }

            return count - i;
        }

        private static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the data");
            }
        }

        private static void CheckTag(byte tag)
        {
            if ((tag & HighTagNumber) == HighTagNumber)
            {
                throw new ArgumentException("high-tag-number form is not written", nameof(tag));
            }
        }
    }
}
