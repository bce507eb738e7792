using System;
using System.Threading;
using Atecc608Driver;
using Atecc608Driver.Platform;

namespace DeviceAgent
{
    /// <summary>
    /// Firmware entry point. For now it proves the board path end to end: it wakes the ATECC608 on I2C1 and
    /// checks the wake reply's framing and CRC. The agent (enrolment, renewal, MQTT) builds on this.
    /// </summary>
    public static class Program
    {
        // I2C bus 1; the chip's factory address (facts/atecc608.md §1.1). Boards with Trust&GO parts use 0x35.
        private const int I2cBus = 1;

        // tWHI: the chip needs 1.5 ms after the wake pulse before it answers (facts/atecc608.md §1.3).
        private const int WakeDelayMicroseconds = 1500;

        public static void Main()
        {
            Console.WriteLine("DeviceAgent starting");
            using (var transport = new NanoI2cTransport(I2cBus, NanoI2cTransport.DefaultAddress))
            {
                var reply = new byte[Packet.StatusResponseLength];
                transport.SendWake();
                transport.Delay(WakeDelayMicroseconds);
                TransportStatus status = transport.Read(reply, 0, reply.Length);
                if (status != TransportStatus.Ok)
                {
                    Console.WriteLine("ATECC608: no answer to wake (bus status " + (int)status + ")");
                }
                else if (!Packet.IsWakeResponse(reply, 0))
                {
                    Console.WriteLine("ATECC608: unexpected wake reply");
                }
                else
                {
                    Console.WriteLine("ATECC608: awake, wake reply and CRC valid");
                }

                // Put the chip back to sleep: the wake pulse started its watchdog.
                reply[0] = (byte)WordAddress.Sleep;
                transport.Write(reply, 0, 1);
            }

            Thread.Sleep(Timeout.Infinite);
        }
    }
}
