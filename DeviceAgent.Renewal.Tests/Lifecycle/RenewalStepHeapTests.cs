using System;
using DeviceAgent.Tests.Est;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Lifecycle
{
    /// <summary>
    /// Issue #6's heap benchmark: one full renewal inside nanoCLR, from a wake (the agent rebuilt from flash) through
    /// the CSR build, the request, the response's parsing and validation, and the candidate, state and certificate
    /// writes, with the chip and the TLS transport scripted. The step's budget (24 KB) is what it needs beyond the
    /// woken agent (EST client, engine, anchors), which the board holds between windows anyway. The peak is the lowest free heap sampled at every port
    /// call (<see cref="HeapProbe"/>); the in-memory flash's bytes are subtracted (on the board they are in flash).
    /// This host is 64-bit: object headers and references cost up to 2x an ESP32's, so the figures are upper bounds.
    /// </summary>
    [TestClass]
    public class RenewalStepHeapTests
    {
        private const int Budget = 24 * 1024;

        [TestMethod]
        public void OneRenewalStep_PeakHeapAboveTheAgent_Under24KB()
        {
            RunnerRig enrolled = RenewalRunnerTests.Enrolled();
            var rig = new RunnerRig();
            rig.Flash = enrolled.Flash;
            rig.Now = enrolled.Now.AddDays(100);
            rig.Tls.Add(Ok(P7(EstFixtures.Leaf())));   // the server's bytes: made before the measurement
            enrolled = null;

            uint before = FreeHeap.Settle();
            int flashBefore = rig.Flash.TotalBytes();
            HeapProbe.Reset();
            HeapProbe.On = true;
            rig.Boot();
            HeapProbe.On = false;
            uint booted = FreeHeap.Settle();
            HeapProbe.Reset();
            HeapProbe.On = true;
            rig.Runner.RenewNow();
            bool promoted = rig.Runner.RunWindow(30000).Promoted;
            HeapProbe.On = false;
            int flashGrowth = rig.Flash.TotalBytes() - flashBefore;

            int agent = (int)(before - booted);
            int peak = (int)(before - HeapProbe.MinFree) - flashGrowth;
            int step = peak - agent;
            OutputHelper.WriteLine("Renewal heap: agent after wake " + agent + " B; one renewal step " + step +
                " B above it at its peak, " + peak + " B in all (" + HeapProbe.Samples + " samples at the ports; flash bytes excluded " +
                flashGrowth + " B; 64-bit host)");
            Assert.IsTrue(promoted, "renewed");
            Assert.IsTrue(HeapProbe.Samples >= 8, "samples");
            Assert.IsTrue(step < Budget, "step " + step);
        }
    }
}
