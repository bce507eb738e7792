namespace DeviceAgent.Lifecycle
{
    /// <summary>Uniform random numbers for backoff jitter (the chip's Random command on the board).</summary>
    public interface IRandomSource
    {
        /// <summary>A uniformly distributed 32-bit value.</summary>
        uint NextUInt32();
    }
}
