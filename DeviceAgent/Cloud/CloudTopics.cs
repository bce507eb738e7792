using System;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The topics of one device, all under <c>dev/&lt;device id&gt;/</c> so that one broker ACL line
    /// (mosquitto: <c>pattern readwrite dev/%u/#</c>) confines each device to its own topics.
    /// </summary>
    public sealed class CloudTopics
    {
        /// <summary>Prefix of every device topic.</summary>
        public const string Prefix = "dev/";

        /// <summary>Longest device id: the CSR's CN limit (Pkcs10Builder.MaxNameLength).</summary>
        public const int MaxDeviceIdLength = 64;

        /// <summary>Topics for <paramref name="deviceId"/> (see <see cref="IsValidDeviceId"/>).</summary>
        public CloudTopics(string deviceId)
        {
            if (!IsValidDeviceId(deviceId))
            {
                throw new ArgumentException("device id must be 1..64 of A-Z a-z 0-9 . _ -", nameof(deviceId));
            }

            DeviceId = deviceId;
            string root = Prefix + deviceId + "/";
            Status = root + "status";
            Telemetry = root + "telemetry";
            Commands = root + "cmd";
            CommandResults = root + "cmd/result";
        }

        /// <summary>The device id (MQTT client id and user name, certificate CN).</summary>
        public string DeviceId { get; }

        /// <summary>Retained status (QoS 1); the will sets it to offline.</summary>
        public string Status { get; }

        /// <summary>Telemetry samples (QoS 0).</summary>
        public string Telemetry { get; }

        /// <summary>Commands from the cloud (subscribed exactly, QoS 1; no wildcard, so our results never loop back).</summary>
        public string Commands { get; }

        /// <summary>One result per command (QoS 1).</summary>
        public string CommandResults { get; }

        /// <summary>
        /// True for 1..64 characters of A-Z, a-z, 0-9, '.', '_', '-': nothing MQTT treats specially in a topic or
        /// an ACL pattern ('/', '+', '#', NUL), nothing JSON must escape.
        /// </summary>
        public static bool IsValidDeviceId(string deviceId)
        {
            if (deviceId == null || deviceId.Length == 0 || deviceId.Length > MaxDeviceIdLength)
            {
                return false;
            }

            for (int i = 0; i < deviceId.Length; i++)
            {
                char c = deviceId[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
