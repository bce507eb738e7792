namespace DeviceAgent.Storage
{
    /// <summary>What <see cref="RecordStore.Load"/> found.</summary>
    public enum RecordState
    {
        /// <summary>Never written: neither copy exists.</summary>
        Absent = 0,

        /// <summary>Both copies valid, or the only copy ever written; the newest is returned.</summary>
        Intact = 1,

        /// <summary>
        /// One copy is damaged (typically a write cut by power loss) and the other valid one is returned. Expected
        /// after a crash; the next save overwrites the damaged copy.
        /// </summary>
        RecoveredFromOtherCopy = 2,

        /// <summary>Data exists but no copy is valid. Reported, never silently replaced by defaults.</summary>
        Corrupt = 3,
    }
}
