namespace DeviceAgent.Pki
{
    /// <summary>Why DER, X.509, PKCS#10 or PKCS#7 input was rejected; carried by <see cref="PkiException"/>.</summary>
    public enum PkiError
    {
        /// <summary>A length runs past the end of the input or of its enclosing element.</summary>
        Truncated = 1,

        /// <summary>A tag other than the structure requires at that position, or a high-tag-number form.</summary>
        UnexpectedTag = 2,

        /// <summary>A length not in DER's minimal definite form (or longer than the reader supports).</summary>
        BadLength = 3,

        /// <summary>BER indefinite length where only DER is accepted.</summary>
        IndefiniteLength = 4,

        /// <summary>Nesting deeper than the reader's bound.</summary>
        TooDeep = 5,

        /// <summary>Bytes left over after a complete element.</summary>
        TrailingData = 6,

        /// <summary>An INTEGER, BOOLEAN, BIT STRING or OID whose content breaks its DER rules.</summary>
        BadValue = 7,

        /// <summary>A UTCTime or GeneralizedTime not in RFC 5280's form.</summary>
        BadTime = 8,

        /// <summary>Well formed but outside what this device supports (algorithm, curve, critical extension).</summary>
        Unsupported = 9,

        /// <summary>The caller's output buffer or a stated size limit is too small.</summary>
        TooLarge = 10,

        /// <summary>A signature, chain link, name or validity check failed.</summary>
        VerificationFailed = 11,
    }
}
