namespace DeviceAgent.Cloud
{
    /// <summary>Waiting, as a port: <c>Thread.Sleep</c> on the board, a clock moved by hand in tests.</summary>
    public interface IDelay
    {
        /// <summary>Returns after <paramref name="milliseconds"/> (the uptime clock has moved by as much).</summary>
        void Wait(int milliseconds);
    }
}
