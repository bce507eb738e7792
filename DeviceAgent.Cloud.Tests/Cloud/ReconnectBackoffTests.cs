using DeviceAgent.Cloud;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>Capped exponential backoff with full jitter, from deterministic random inputs.</summary>
    [TestClass]
    public class ReconnectBackoffTests
    {
        [TestMethod]
        public void NoFailure_NoWait()
        {
            Assert.AreEqual(0, ReconnectBackoff.DelayMs(0, 0xFFFFFFFF));
        }

        [TestMethod]
        public void Ceiling_DoublesUpToTheCap()
        {
            int[] expected = { 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
            for (int failures = 1; failures <= expected.Length; failures++)
            {
                Assert.AreEqual(expected[failures - 1], ReconnectBackoff.DelayMs(failures, 0xFFFFFFFF), "max");
                Assert.AreEqual(0, ReconnectBackoff.DelayMs(failures, 0), "min");
            }

            Assert.AreEqual(ReconnectBackoff.CapMs, ReconnectBackoff.DelayMs(1000, 0xFFFFFFFF), "large");
        }

        [TestMethod]
        public void Jitter_SpreadsUniformlyOverTheInterval()
        {
            // 16 evenly spaced random values over [0, 2^32): the waits step evenly across [0, ceiling]
            int previous = -1;
            for (uint i = 0; i < 16; i++)
            {
                int wait = ReconnectBackoff.DelayMs(4, i << 28);
                Assert.AreEqual((int)(16001L * i / 16), wait, "step");
                Assert.IsTrue(wait > previous, "rising");
                previous = wait;
            }

            Assert.AreEqual(8000, ReconnectBackoff.DelayMs(4, 0x80000000), "middle");
        }
    }
}
