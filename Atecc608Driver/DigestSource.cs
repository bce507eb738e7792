namespace Atecc608Driver
{
    /// <summary>
    /// Where Sign and Verify take the 32-byte digest from, after a pass-through Nonce loaded it
    /// (facts/atecc608.md §3.3, §7.1).
    /// </summary>
    public enum DigestSource : byte
    {
        /// <summary>TempKey (the 508A-compatible path).</summary>
        TempKey = 0,

        /// <summary>The 608's message-digest buffer; the path CryptoAuthLib uses on a 608 and the one known to work for ReqRandom keys.</summary>
        MessageDigestBuffer = 1,
    }
}
