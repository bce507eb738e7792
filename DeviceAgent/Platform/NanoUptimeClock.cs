using System;
using System.Threading;
using DeviceAgent.Cloud;
using DeviceAgent.Lifecycle;

namespace DeviceAgent.Platform
{
    /// <summary>Uptime from <c>Environment.TickCount64</c> (nanoFramework.Runtime.Native) and waits by <c>Thread.Sleep</c> (board only; thin).</summary>
    public sealed class NanoUptimeClock : IUptimeClock, IDelay
    {
        /// <inheritdoc />
        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        /// <inheritdoc />
        public void Wait(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
