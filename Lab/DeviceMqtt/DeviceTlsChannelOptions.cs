using DeviceAgent.Est;
using MQTTnet;

namespace Lab.DeviceMqtt;

/// <summary>
/// MQTTnet channel options that select <see cref="DeviceTlsChannel"/>: where the broker is and whom to trust
/// (<see cref="TlsEndpoint"/>), and the device's certificate with its chip signer (<see cref="TlsClientCredential"/>).
/// Put them in <see cref="MqttClientOptions.ChannelOptions"/> of a client made with <see cref="DeviceTlsAdapterFactory"/>.
/// </summary>
public sealed class DeviceTlsChannelOptions : IMqttClientChannelOptions
{
    /// <summary>Options for <paramref name="endpoint"/>, presenting <paramref name="credential"/> (or no client certificate).</summary>
    public DeviceTlsChannelOptions(TlsEndpoint endpoint, TlsClientCredential? credential)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Credential = credential;
    }

    /// <summary>Broker host (also the name its certificate must carry), port and explicit trust anchors.</summary>
    public TlsEndpoint Endpoint { get; }

    /// <summary>The device certificate chain and chip signer, or null for server-authenticated TLS only.</summary>
    public TlsClientCredential? Credential { get; }

    /// <summary>
    /// MQTTnet's own TLS settings do not apply (the connector does TLS with its own rules: explicit anchors, host
    /// name, TLS 1.2/1.3); this says only that the transport is encrypted.
    /// </summary>
    public MqttClientTlsOptions TlsOptions { get; } = new() { UseTls = true };

    /// <inheritdoc />
    public override string ToString() => $"device TLS {Endpoint.Host}:{Endpoint.Port}{(Credential is null ? string.Empty : " with a chip-signed client certificate")}";
}
