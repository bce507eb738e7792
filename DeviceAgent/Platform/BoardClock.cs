using System;
using System.Threading;
using DeviceAgent.Lifecycle;
using DeviceAgent.Renewal;
using nanoFramework.Runtime.Native;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// The system clock and the trusted time (board only; thin). The ESP32 firmware starts SNTP by itself when
    /// Wi-Fi gets an address (facts/nanoframework-api.md §7.3); its answer is an unauthenticated reading that
    /// <see cref="TrustedTime.ObserveSntp"/> accepts only within its plausibility bound. mbedTLS checks certificate
    /// dates against the system clock, so a clock behind the trusted floor (1970 after power-on without SNTP) is set
    /// to the trusted estimate: TLS then works on what the device can prove.
    /// </summary>
    public static class BoardClock
    {
        // The firmware's clock reads 1970 until SNTP (or Rtc) sets it.
        private const int SetYear = 2021;

        /// <summary>Waits up to <paramref name="waitMs"/> for SNTP, feeds it to <paramref name="time"/>, and lifts a lagging system clock.</summary>
        public static void Synchronize(TrustedTime time, IUptimeClock uptime, int waitMs)
        {
            for (int waited = 0; DateTime.UtcNow.Year < SetYear && waited < waitMs; waited += 100)
            {
                Thread.Sleep(100);
            }

            DateTime now = DateTime.UtcNow;
            if (now.Year >= SetYear)
            {
                time.ObserveSntp(now, uptime.UptimeMs);
            }

            DateTime floor = time.Floor(uptime.UptimeMs);
            if (DateTime.UtcNow < floor)
            {
                Rtc.SetSystemTime(time.Estimate(uptime.UptimeMs));
            }
        }
    }
}
