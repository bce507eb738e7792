namespace Atecc608Driver
{
    /// <summary>The three memory zones, as Read/Write param1 bits 1:0 encode them (facts/atecc608.md §3.3, §4).</summary>
    public enum Zone : byte
    {
        /// <summary>128-byte configuration zone; always readable.</summary>
        Config = 0x00,

        /// <summary>64-byte one-time-programmable zone.</summary>
        Otp = 0x01,

        /// <summary>Data slots 0–15.</summary>
        Data = 0x02,
    }
}
