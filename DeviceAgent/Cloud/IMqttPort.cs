namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The MQTT port: one MQTT 3.1.1 session over TLS to the broker. The board adapter wraps nanoFramework.M2Mqtt
    /// (<c>Platform/</c>); the desktop adapter wraps MQTTnet over the chip-signing TLS connector (<c>Lab/</c>).
    /// Everything above it (topics, payloads, commands, reconnects) is portable and tested in nanoCLR.
    /// </summary>
    /// <remarks>
    /// Contract: calls come from one thread. <see cref="Connect"/> replaces any open session. Received messages are
    /// queued by the adapter (bounded: it drops and counts what does not fit) and handed out by <see cref="Poll"/>,
    /// so portable code never runs on the adapter's receive thread. No method throws for network or broker
    /// failures: they are results.
    /// </remarks>
    public interface IMqttPort
    {
        /// <summary>True while the session is open (the adapter notices a closed connection on its next I/O or keep-alive).</summary>
        bool IsConnected { get; }

        /// <summary>Opens TLS and sends CONNECT; waits for CONNACK up to the adapter's timeout.</summary>
        MqttConnectResult Connect(MqttConnectOptions options);

        /// <summary>Publishes (QoS 0 or 1); false when the session is closed or the publish failed.</summary>
        bool Publish(string topic, byte[] payload, int qos, bool retain);

        /// <summary>Subscribes (QoS 0 or 1); false when the session is closed or the broker refused.</summary>
        bool Subscribe(string topicFilter, int qos);

        /// <summary>The oldest received message, or null when none is queued.</summary>
        MqttInbound Poll();

        /// <summary>Sends DISCONNECT (the broker then does not publish the will) and closes the connection.</summary>
        void Disconnect();
    }
}
