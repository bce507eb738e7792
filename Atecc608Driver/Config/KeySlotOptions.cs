using System;

namespace Atecc608Driver.Config
{
    /// <summary>
    /// Slot properties the caller configured on purpose, so <see cref="KeySlotCheck"/> does not report them
    /// (facts/atecc608.md §5.4 R7, R9).
    /// </summary>
    [Flags]
    public enum KeySlotOptions
    {
        /// <summary>Nothing deliberate: the key is meant to be permanent and freely usable.</summary>
        None = 0,

        /// <summary>The key is to be rotated with GenKey (R7): GenKey allowed and the slot unlocked are intended.</summary>
        KeyRotation = 1,

        /// <summary>LimitedUse (Counter0-limited key use) is intended (R9).</summary>
        LimitedUse = 2,

        /// <summary>PersistentDisable (use only while the persistent latch is set) is intended (R9).</summary>
        PersistentDisable = 4,
    }
}
