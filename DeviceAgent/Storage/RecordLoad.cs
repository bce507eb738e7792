namespace DeviceAgent.Storage
{
    /// <summary>The outcome of <see cref="RecordStore.Load"/>.</summary>
    public sealed class RecordLoad
    {
        internal RecordLoad(RecordState state, byte[] payload, uint sequence, int copy)
        {
            State = state;
            Payload = payload;
            Sequence = sequence;
            Copy = copy;
        }

        /// <summary>Intact, recovered, absent or corrupt.</summary>
        public RecordState State { get; }

        /// <summary>The newest valid value, or null when absent or corrupt.</summary>
        public byte[] Payload { get; }

        /// <summary>Sequence number of the returned copy (0 when none).</summary>
        public uint Sequence { get; }

        /// <summary>Which copy (0 or 1) was returned, -1 when none.</summary>
        public int Copy { get; }
    }
}
