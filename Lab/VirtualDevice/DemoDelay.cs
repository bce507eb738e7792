using DeviceAgent.Cloud;

namespace Lab.VirtualDevice;

/// <summary>
/// Waiting inside a wake: the demo's clock moves by the wait (the device's uptime is read from it), and a little
/// real time passes so the broker can deliver; more while the cloud has a command in flight for this device.
/// </summary>
internal sealed class DemoDelay(VirtualClock clock, Func<bool> commandInFlight) : IDelay
{
    public void Wait(int milliseconds)
    {
        clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Thread.Sleep(commandInFlight() ? 25 : 1);
    }
}
