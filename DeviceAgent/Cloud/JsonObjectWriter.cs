namespace DeviceAgent.Cloud
{
    /// <summary>
    /// Writes one flat JSON object (RFC 8259) of string, integer, boolean and null members as UTF-8 into a buffer
    /// allocated once. Strings are escaped per RFC 8259 §7: quote, backslash and control characters; everything
    /// else goes out as UTF-8 (an unpaired surrogate becomes U+FFFD, since UTF-8 cannot carry it). On nanoCLR 1.x a
    /// character beyond U+FFFF reads back as its high surrogate twice (strings are UTF-8 inside), so there it comes
    /// out as two U+FFFD; the device's own payloads are ASCII.
    /// </summary>
    /// <remarks>
    /// Overflow is sticky, not an exception: members that do not fit are dropped and <see cref="End"/> returns -1,
    /// so a payload is either complete or not sent (coreJSON and the Azure SDK for C work the same way).
    /// </remarks>
    public sealed class JsonObjectWriter
    {
        private readonly byte[] _buffer;
        private int _length;
        private int _members;
        private bool _overflow;

        /// <summary>A writer whose payloads hold at most <paramref name="capacity"/> bytes.</summary>
        public JsonObjectWriter(int capacity)
        {
            _buffer = new byte[capacity];
        }

        /// <summary>The buffer (valid up to the length <see cref="End"/> returned).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Starts a new object, discarding anything written before.</summary>
        public void Begin()
        {
            _length = 0;
            _members = 0;
            _overflow = false;
            Put('{');
        }

        /// <summary>A string member; a null value writes <c>null</c>.</summary>
        public void String(string name, string value)
        {
            if (value == null)
            {
                Null(name);
                return;
            }

            Name(name);
            Quoted(value);
        }

        /// <summary>An integer member.</summary>
        public void Number(string name, long value)
        {
            Name(name);
            ulong magnitude;
            if (value < 0)
            {
                Put('-');
                magnitude = (ulong)(-(value + 1)) + 1;   // also right for long.MinValue
            }
            else
            {
                magnitude = (ulong)value;
            }

            // 20 digits hold ulong.MaxValue.
            int digits = 1;
            for (ulong rest = magnitude / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            if (!Room(digits))
            {
                return;
            }

            for (int i = digits - 1; i >= 0; i--)
            {
                _buffer[_length + i] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }

            _length += digits;
        }

        /// <summary>A boolean member.</summary>
        public void Bool(string name, bool value)
        {
            Name(name);
            Ascii(value ? "true" : "false");
        }

        /// <summary>A null member.</summary>
        public void Null(string name)
        {
            Name(name);
            Ascii("null");
        }

        /// <summary>Closes the object: its length in bytes, or -1 when something did not fit.</summary>
        public int End()
        {
            Put('}');
            return _overflow ? -1 : _length;
        }

        /// <summary>A copy of the finished payload, or null when it did not fit.</summary>
        public byte[] ToArray()
        {
            if (_overflow)
            {
                return null;
            }

            var copy = new byte[_length];
            System.Array.Copy(_buffer, copy, _length);
            return copy;
        }

        private void Name(string name)
        {
            if (_members++ > 0)
            {
                Put(',');
            }

            Quoted(name);
            Put(':');
        }

        private void Quoted(string text)
        {
            Put('"');
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\')
                {
                    Put('\\');
                    Put(c);
                }
                else if (c < 0x20)
                {
                    Control(c);
                }
                else if (c < 0x80)
                {
                    Put(c);
                }
                else if (c < 0x800)
                {
                    Put((char)(0xC0 | (c >> 6)));
                    Put((char)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
                    Put((char)(0xF0 | (cp >> 18)));
                    Put((char)(0x80 | ((cp >> 12) & 0x3F)));
                    Put((char)(0x80 | ((cp >> 6) & 0x3F)));
                    Put((char)(0x80 | (cp & 0x3F)));
                }
                else
                {
                    int cp = c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c;   // unpaired surrogate
                    Put((char)(0xE0 | (cp >> 12)));
                    Put((char)(0x80 | ((cp >> 6) & 0x3F)));
                    Put((char)(0x80 | (cp & 0x3F)));
                }
            }

            Put('"');
        }

        // RFC 8259 §7: the two-character escapes where they exist, \u00XX otherwise.
        private void Control(char c)
        {
            Put('\\');
            switch (c)
            {
                case '\b': Put('b'); return;
                case '\f': Put('f'); return;
                case '\n': Put('n'); return;
                case '\r': Put('r'); return;
                case '\t': Put('t'); return;
            }

            Put('u');
            Put('0');
            Put('0');
            Put(Hex(c >> 4));
            Put(Hex(c & 0xF));
        }

        private static char Hex(int nibble)
        {
            return (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        private void Ascii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put(text[i]);
            }
        }

        private bool Room(int count)
        {
            if (_overflow || _length > _buffer.Length - count)
            {
                _overflow = true;
                return false;
            }

            return true;
        }

        private void Put(char b)
        {
            if (Room(1))
            {
                _buffer[_length++] = (byte)b;
            }
        }
    }
}
