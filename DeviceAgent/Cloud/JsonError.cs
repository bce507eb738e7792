namespace DeviceAgent.Cloud
{
    /// <summary>Why <see cref="JsonObjectReader"/> refused a payload (RFC 8259 plus our limits).</summary>
    public enum JsonError
    {
        /// <summary>Read.</summary>
        None = 0,

        /// <summary>More bytes than <see cref="JsonObjectReader.MaxPayload"/>.</summary>
        TooLarge = 1,

        /// <summary>The input ended inside the object (or was empty).</summary>
        UnexpectedEnd = 2,

        /// <summary>A byte the grammar does not allow here.</summary>
        UnexpectedCharacter = 3,

        /// <summary>The top-level value is not an object.</summary>
        NotAnObject = 4,

        /// <summary>A value is an object or an array: only a flat object (depth 1) is read.</summary>
        Nested = 5,

        /// <summary>More members than <see cref="JsonObjectReader.MaxFields"/>.</summary>
        TooManyFields = 6,

        /// <summary>A name, string or number longer than <see cref="JsonObjectReader.MaxStringLength"/> characters.</summary>
        StringTooLong = 7,

        /// <summary>A backslash escape RFC 8259 §7 does not define, bad hex, or an unpaired surrogate.</summary>
        InvalidEscape = 8,

        /// <summary>Bytes that are not well-formed UTF-8 (RFC 3629: overlong, surrogates, above U+10FFFF, truncated).</summary>
        InvalidUtf8 = 9,

        /// <summary>An unescaped control character (below U+0020) inside a string.</summary>
        ControlCharacter = 10,

        /// <summary>A number that breaks the RFC 8259 §6 grammar (leading zero, lone '-', missing digits).</summary>
        InvalidNumber = 11,

        /// <summary>Not exactly <c>true</c>, <c>false</c> or <c>null</c>.</summary>
        InvalidLiteral = 12,

        /// <summary>A member name seen twice (RFC 8259 §4 leaves it undefined; we refuse).</summary>
        DuplicateKey = 13,

        /// <summary>Something other than whitespace after the closing brace.</summary>
        TrailingData = 14,
    }
}
