namespace DeviceAgent.Cloud
{
    /// <summary>A message the broker delivered to one of our subscriptions.</summary>
    public sealed class MqttInbound
    {
        /// <summary>A message on <paramref name="topic"/> with <paramref name="payload"/>.</summary>
        public MqttInbound(string topic, byte[] payload)
        {
            Topic = topic;
            Payload = payload;
        }

        /// <summary>The topic it was published to.</summary>
        public string Topic { get; }

        /// <summary>The payload (never null; may be empty).</summary>
        public byte[] Payload { get; }
    }
}
