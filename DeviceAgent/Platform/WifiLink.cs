using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// Joins the provisioned Wi-Fi network with DHCP through System.Device.Wifi's helper (board only; thin). The
    /// helper would wait forever without a token (facts/nanoframework-api.md §7.3), so the join is bounded.
    /// </summary>
    public static class WifiLink
    {
        /// <summary>True once an IP address was obtained within <paramref name="timeoutMs"/>.</summary>
        public static bool Connect(string ssid, string password, int timeoutMs)
        {
            using (var timeout = new CancellationTokenSource(timeoutMs))
            {
                // requiresDateTime false: the clock is judged by TrustedTime (BoardClock), not by the helper's "year >= 2021"
                return WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
            }
        }

        /// <summary>Leaves the network before deep sleep.</summary>
        public static void Disconnect()
        {
            WifiNetworkHelper.Disconnect();
        }
    }
}
