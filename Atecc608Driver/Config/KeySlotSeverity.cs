namespace Atecc608Driver.Config
{
    /// <summary>How much a <see cref="KeySlotFinding"/> matters.</summary>
    public enum KeySlotSeverity
    {
        /// <summary>Works, but worth a look (e.g. the key can be replaced by GenKey).</summary>
        Warning = 1,

        /// <summary>The slot must not hold the device key: it can leak, be cloned, or cannot sign.</summary>
        Error = 2,
    }
}
