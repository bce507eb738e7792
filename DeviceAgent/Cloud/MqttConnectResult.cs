namespace DeviceAgent.Cloud
{
    /// <summary>How <see cref="IMqttPort.Connect"/> ended.</summary>
    public enum MqttConnectResult
    {
        /// <summary>CONNACK 0: the session is open.</summary>
        Accepted = 0,

        /// <summary>The broker answered CONNACK with a refusal (bad credentials, not authorized, …).</summary>
        Refused = 1,

        /// <summary>The TLS handshake failed: server not trusted, name mismatch, or our certificate refused.</summary>
        TlsFailed = 2,

        /// <summary>No connection or no CONNACK in time.</summary>
        TransportFailed = 3,

        /// <summary>The adapter cannot present this kind of credential (e.g. a chip-held key on stock firmware).</summary>
        NotSupported = 4,
    }
}
