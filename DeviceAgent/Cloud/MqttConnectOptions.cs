using DeviceAgent.Est;

namespace DeviceAgent.Cloud
{
    /// <summary>What <see cref="IMqttPort.Connect"/> needs: where, whom to trust, who we are, the will.</summary>
    public sealed class MqttConnectOptions
    {
        /// <summary>Broker host name (also the name its certificate must carry) and port, with explicit trust anchors.</summary>
        public TlsEndpoint Broker { get; set; }

        /// <summary>The device's certificate and chip signer for mutual TLS; null on boards whose TLS cannot sign with the chip.</summary>
        public TlsClientCredential Credential { get; set; }

        /// <summary>The MQTT client id: the device id from the certificate.</summary>
        public string ClientId { get; set; }

        /// <summary>MQTT user name, or null (with mutual TLS the broker takes the identity from the certificate).</summary>
        public string UserName { get; set; }

        /// <summary>MQTT password bytes, or null (boards without mutual TLS put a chip-signed token here).</summary>
        public byte[] Password { get; set; }

        /// <summary>Keep-alive in seconds (MQTT 3.1.1 §3.1.2.10).</summary>
        public int KeepAliveSeconds { get; set; }

        /// <summary>Clean session (MQTT 3.1.1 §3.1.2.4).</summary>
        public bool CleanSession { get; set; }

        /// <summary>Will topic, or null for no will.</summary>
        public string WillTopic { get; set; }

        /// <summary>Will payload.</summary>
        public byte[] WillPayload { get; set; }

        /// <summary>Will retain flag.</summary>
        public bool WillRetain { get; set; }
    }
}
