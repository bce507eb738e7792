namespace DeviceAgent.Storage
{
    /// <summary>
    /// The storage port: named blobs in non-volatile memory (flash files on the board, files on desktop).
    /// </summary>
    /// <remarks>
    /// Contract: <see cref="Write"/> replaces the blob; a power cut during it may leave the blob absent, empty,
    /// truncated or partly old and partly new, but never touches other blobs. <see cref="RecordStore"/> builds
    /// crash-safe records on top by writing two blobs alternately. Names are short ASCII identifiers.
    /// </remarks>
    public interface IBlobStore
    {
        /// <summary>The blob's bytes, or null when it does not exist.</summary>
        byte[] Read(string name);

        /// <summary>Creates or replaces the blob with <paramref name="count"/> bytes of <paramref name="data"/>.</summary>
        void Write(string name, byte[] data, int offset, int count);
    }
}
