using NativeGC = nanoFramework.Runtime.Native.GC;

namespace DeviceAgent.Tests
{
    /// <summary>The free managed heap in nanoCLR, for heap measurements (shared/nanoframework/README.md).</summary>
    internal static class FreeHeap
    {
        /// <summary>
        /// Collects until the free heap stops growing, then returns it: objects an earlier test left behind (finalizers,
        /// the launcher's own garbage) can take more than one collection, and would make a difference negative.
        /// </summary>
        public static uint Settle()
        {
            uint free = NativeGC.Run(true);
            for (int i = 0; i < 5; i++)
            {
                uint again = NativeGC.Run(true);
                if (again == free)
                {
                    break;
                }

                free = again;
            }

            return free;
        }
    }
}
