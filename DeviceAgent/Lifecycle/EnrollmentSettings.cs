using System;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// The device's EST credentials from its provisioned configuration (never compiled into the image): its id,
    /// the bootstrap secret for /simpleenroll and, for boards whose TLS cannot sign with the chip, the secret that
    /// authenticates /simplereenroll with HTTP Basic instead (docs/design/device-tls.md).
    /// </summary>
    public sealed class EnrollmentSettings
    {
        /// <summary>Settings for <paramref name="deviceId"/> with its bootstrap secret.</summary>
        public EnrollmentSettings(string deviceId, string bootstrapSecret)
        {
            if (deviceId == null || deviceId.Length == 0 || bootstrapSecret == null || bootstrapSecret.Length == 0)
            {
                throw new ArgumentException("device id and bootstrap secret required");
            }

            DeviceId = deviceId;
            BootstrapSecret = bootstrapSecret;
        }

        /// <summary>The device id: EST user-id, certificate CN.</summary>
        public string DeviceId { get; }

        /// <summary>The secret for the first enrollment and for re-bootstrap.</summary>
        public string BootstrapSecret { get; }

        /// <summary>When set, /simplereenroll sends HTTP Basic with this secret instead of a TLS client certificate.</summary>
        public string ReenrollSecret { get; set; }
    }
}
