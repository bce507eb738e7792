namespace DeviceAgent.Cloud
{
    /// <summary>
    /// Reads one flat JSON object (RFC 8259) from UTF-8 bytes, strictly and within fixed limits: at most
    /// <see cref="MaxPayload"/> bytes, <see cref="MaxFields"/> members, <see cref="MaxStringLength"/> characters per
    /// name or value, depth 1 (a member value that is an object or array is refused). Duplicate names, trailing
    /// bytes, bad escapes, unpaired surrogates, malformed UTF-8 and unescaped control characters are refused with a
    /// <see cref="JsonError"/> and the byte offset where it was found. Nothing is allocated for a refused payload
    /// except the strings of members read before the fault.
    /// </summary>
    /// <remarks>
    /// The limits are for cloud commands: the largest valid one is about 150 bytes (a 32-character id and a
    /// 48-character base64 policy), so 512 bytes, 8 members and 128 characters leave room for new fields while
    /// bounding what a hostile or broken publisher can make the device allocate. Not thread-safe; reuse one reader.
    /// </remarks>
    public sealed class JsonObjectReader
    {
        /// <summary>Largest payload read.</summary>
        public const int MaxPayload = 512;

        /// <summary>Most members in the object.</summary>
        public const int MaxFields = 8;

        /// <summary>Longest name, string value (UTF-16 characters after unescaping) or number text.</summary>
        public const int MaxStringLength = 128;

        private readonly string[] _names = new string[MaxFields];
        private readonly string[] _values = new string[MaxFields];
        private readonly JsonKind[] _kinds = new JsonKind[MaxFields];
        private readonly char[] _chars = new char[MaxStringLength];
        private byte[] _data;
        private int _pos;
        private int _end;
        private int _count;
        private string _text;

        /// <summary>Members read by the last successful <see cref="Read"/>.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Offset (from the start of the payload) of the byte where the last <see cref="Read"/> failed.</summary>
        public int ErrorOffset { get; private set; }

        /// <summary>Name of member <paramref name="index"/>.</summary>
        public string NameAt(int index)
        {
            return _names[index];
        }

        /// <summary>Kind of member <paramref name="index"/>'s value.</summary>
        public JsonKind KindAt(int index)
        {
            return _kinds[index];
        }

        /// <summary>Value of member <paramref name="index"/>: the string, the number's text, or null for literals.</summary>
        public string ValueAt(int index)
        {
            return _values[index];
        }

        /// <summary>Index of the member named <paramref name="name"/>, or -1.</summary>
        public int IndexOf(string name)
        {
            if (name == null)
            {
                return -1;   // never compare with null: nanoCLR's string equality crashes on a null operand
            }

            for (int i = 0; i < _count; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Reads the object in <paramref name="data"/>[offset .. offset+count); <see cref="JsonError.None"/> when it is valid.</summary>
        public JsonError Read(byte[] data, int offset, int count)
        {
            for (int i = 0; i < _count; i++)
            {
                _names[i] = null;
                _values[i] = null;
            }

            _count = 0;
            ErrorOffset = 0;
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                return JsonError.UnexpectedEnd;
            }

            if (count > MaxPayload)
            {
                ErrorOffset = MaxPayload;
                return JsonError.TooLarge;
            }

            _data = data;
            _pos = offset;
            _end = offset + count;
            JsonError error = ReadObject();
            if (error == JsonError.None)
            {
                SkipWhitespace();
                if (_pos < _end)
                {
                    error = JsonError.TrailingData;
                }
            }

            if (error != JsonError.None)
            {
                ErrorOffset = _pos - offset;
                _count = 0;
            }

            _data = null;
            return error;
        }

        private JsonError ReadObject()
        {
            SkipWhitespace();
            if (_pos >= _end)
            {
                return JsonError.UnexpectedEnd;
            }

            if (_data[_pos] != '{')
            {
                return JsonError.NotAnObject;
            }

            _pos++;
            SkipWhitespace();
            if (_pos < _end && _data[_pos] == '}')
            {
                _pos++;
                return JsonError.None;
            }

            while (true)
            {
                JsonError error = ReadMember();
                if (error != JsonError.None)
                {
                    return error;
                }

                SkipWhitespace();
                if (_pos >= _end)
                {
                    return JsonError.UnexpectedEnd;
                }

                byte b = _data[_pos++];
                if (b == '}')
                {
                    return JsonError.None;
                }

                if (b != ',')
                {
                    _pos--;
                    return JsonError.UnexpectedCharacter;
                }

                SkipWhitespace();
            }
        }

        private JsonError ReadMember()
        {
            if (_pos >= _end)
            {
                return JsonError.UnexpectedEnd;
            }

            if (_data[_pos] != '"')
            {
                return JsonError.UnexpectedCharacter;
            }

            int nameAt = _pos;
            JsonError error = ReadString();
            if (error != JsonError.None)
            {
                return error;
            }

            string name = _text;
            if (IndexOf(name) >= 0)
            {
                _pos = nameAt;
                return JsonError.DuplicateKey;
            }

            if (_count == MaxFields)
            {
                _pos = nameAt;
                return JsonError.TooManyFields;
            }

            SkipWhitespace();
            if (_pos >= _end)
            {
                return JsonError.UnexpectedEnd;
            }

            if (_data[_pos] != ':')
            {
                return JsonError.UnexpectedCharacter;
            }

            _pos++;
            SkipWhitespace();
            if (_pos >= _end)
            {
                return JsonError.UnexpectedEnd;
            }

            JsonKind kind;
            byte b = _data[_pos];
            if (b == '"')
            {
                kind = JsonKind.String;
                error = ReadString();
            }
            else if (b == '-' || (b >= '0' && b <= '9'))
            {
                kind = JsonKind.Number;
                error = ReadNumber();
            }
            else if (b == 't')
            {
                kind = JsonKind.True;
                error = ReadLiteral("true");
            }
            else if (b == 'f')
            {
                kind = JsonKind.False;
                error = ReadLiteral("false");
            }
            else if (b == 'n')
            {
                kind = JsonKind.Null;
                error = ReadLiteral("null");
            }
            else if (b == '{' || b == '[')
            {
                return JsonError.Nested;
            }
            else
            {
                return JsonError.UnexpectedCharacter;
            }

            if (error != JsonError.None)
            {
                return error;
            }

            _names[_count] = name;
            _kinds[_count] = kind;
            _values[_count] = kind == JsonKind.String || kind == JsonKind.Number ? _text : null;
            _count++;
            return JsonError.None;
        }

        // At the opening quote; leaves _text and _pos after the closing quote.
        private JsonError ReadString()
        {
            _pos++;
            int n = 0;
            while (true)
            {
                if (_pos >= _end)
                {
                    return JsonError.UnexpectedEnd;
                }

                int b = _data[_pos];
                if (b == '"')
                {
                    _pos++;
                    _text = new string(_chars, 0, n);
                    return JsonError.None;
                }

                int cp;
                if (b == '\\')
                {
                    JsonError error = ReadEscape(out cp);
                    if (error != JsonError.None)
                    {
                        return error;
                    }
                }
                else if (b < 0x20)
                {
                    return JsonError.ControlCharacter;
                }
                else if (b < 0x80)
                {
                    cp = b;
                    _pos++;
                }
                else
                {
                    cp = ReadUtf8();
                    if (cp < 0)
                    {
                        return JsonError.InvalidUtf8;
                    }
                }

                int needed = cp > 0xFFFF ? 2 : 1;
                if (n + needed > MaxStringLength)
                {
                    return JsonError.StringTooLong;
                }

                if (cp > 0xFFFF)
                {
                    cp -= 0x10000;
                    _chars[n++] = (char)(0xD800 + (cp >> 10));
                    _chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    _chars[n++] = (char)cp;
                }
            }
        }

        // At the backslash; RFC 8259 §7. A \u surrogate must be a high one followed by an escaped low one.
        private JsonError ReadEscape(out int cp)
        {
            cp = 0;
            if (_pos + 1 >= _end)
            {
                _pos = _end;
                return JsonError.UnexpectedEnd;
            }

            int at = _pos;
            byte e = _data[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case (byte)'"': cp = '"'; return JsonError.None;
                case (byte)'\\': cp = '\\'; return JsonError.None;
                case (byte)'/': cp = '/'; return JsonError.None;
                case (byte)'b': cp = '\b'; return JsonError.None;
                case (byte)'f': cp = '\f'; return JsonError.None;
                case (byte)'n': cp = '\n'; return JsonError.None;
                case (byte)'r': cp = '\r'; return JsonError.None;
                case (byte)'t': cp = '\t'; return JsonError.None;
                case (byte)'u': break;
                default:
                    _pos = at;
                    return JsonError.InvalidEscape;
            }

            int unit = Hex4();
            if (unit < 0)
            {
                _pos = at;
                return _pos + 6 > _end ? JsonError.UnexpectedEnd : JsonError.InvalidEscape;
            }

            if (unit >= 0xDC00 && unit <= 0xDFFF)
            {
                _pos = at;
                return JsonError.InvalidEscape;
            }

            if (unit >= 0xD800 && unit <= 0xDBFF)
            {
                if (_pos + 1 >= _end || _data[_pos] != '\\' || _data[_pos + 1] != 'u')
                {
                    _pos = at;
                    return JsonError.InvalidEscape;
                }

                _pos += 2;
                int low = Hex4();
                if (low < 0xDC00 || low > 0xDFFF)
                {
                    _pos = at;
                    return JsonError.InvalidEscape;
                }

                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }

            cp = unit;
            return JsonError.None;
        }

        private int Hex4()
        {
            if (_pos + 4 > _end)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int b = _data[_pos + i];
                int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return -1;
                }

                value = (value << 4) | digit;
            }

            _pos += 4;
            return value;
        }

        // RFC 3629 §4: the shortest form only, no surrogates, nothing above U+10FFFF. -1 (with _pos at the lead byte) when malformed.
        private int ReadUtf8()
        {
            int b = _data[_pos];
            int more;
            int cp;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                more = 1;
                cp = b & 0x1F;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                more = 2;
                cp = b & 0x0F;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                more = 3;
                cp = b & 0x07;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return -1;
            }

            if (_pos + more >= _end)
            {
                return -1;
            }

            for (int i = 1; i <= more; i++)
            {
                int c = _data[_pos + i];
                if (c < low || c > high)
                {
                    return -1;
                }

                low = 0x80;
                high = 0xBF;
                cp = (cp << 6) | (c & 0x3F);
            }

            _pos += more + 1;
            return cp;
        }

        // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        private JsonError ReadNumber()
        {
            int start = _pos;
            if (_data[_pos] == '-')
            {
                _pos++;
            }

            if (_pos >= _end || !Digit(_data[_pos]))
            {
                return _pos >= _end ? JsonError.UnexpectedEnd : JsonError.InvalidNumber;
            }

            if (_data[_pos] == '0')
            {
                _pos++;
                if (_pos < _end && Digit(_data[_pos]))
                {
                    return JsonError.InvalidNumber;
                }
            }
            else
            {
                SkipDigits();
            }

            if (_pos < _end && _data[_pos] == '.')
            {
                _pos++;
                if (_pos >= _end || !Digit(_data[_pos]))
                {
                    return _pos >= _end ? JsonError.UnexpectedEnd : JsonError.InvalidNumber;
                }

                SkipDigits();
            }

            if (_pos < _end && (_data[_pos] == 'e' || _data[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _end && (_data[_pos] == '+' || _data[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos >= _end || !Digit(_data[_pos]))
                {
                    return _pos >= _end ? JsonError.UnexpectedEnd : JsonError.InvalidNumber;
                }

                SkipDigits();
            }

            int length = _pos - start;
            if (length > MaxStringLength)
            {
                _pos = start;
                return JsonError.StringTooLong;
            }

            for (int i = 0; i < length; i++)
            {
                _chars[i] = (char)_data[start + i];
            }

            _text = new string(_chars, 0, length);
            return JsonError.None;
        }

        private JsonError ReadLiteral(string literal)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                if (_pos >= _end)
                {
                    return JsonError.UnexpectedEnd;
                }

                if (_data[_pos] != literal[i])
                {
                    return JsonError.InvalidLiteral;
                }

                _pos++;
            }

            return JsonError.None;
        }

        private void SkipDigits()
        {
            while (_pos < _end && Digit(_data[_pos]))
            {
                _pos++;
            }
        }

        private static bool Digit(byte b)
        {
            return b >= '0' && b <= '9';
        }

        // RFC 8259 §2: space, tab, LF, CR only.
        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte b = _data[_pos];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
                {
                    return;
                }

                _pos++;
            }
        }
    }
}
