using Lab.DeviceTls;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;

namespace Lab.DeviceMqtt;

/// <summary>
/// MQTTnet's client transport factory for the chip-signing TLS connector: each connect gets a fresh
/// <see cref="DeviceTlsChannel"/> under MQTTnet's own packet adapter (framing, packet inspection, statistics).
/// Use it with <c>new MqttClientFactory().CreateMqttClient(new DeviceTlsAdapterFactory(connector))</c> and
/// <see cref="DeviceTlsChannelOptions"/> as the options' <see cref="MqttClientOptions.ChannelOptions"/>.
/// </summary>
public sealed class DeviceTlsAdapterFactory : IMqttClientAdapterFactory
{
    private readonly DeviceTlsConnector _connector;

    /// <summary>A factory whose channels connect through <paramref name="connector"/>.</summary>
    public DeviceTlsAdapterFactory(DeviceTlsConnector connector)
    {
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
    }

    /// <summary>The channel of the latest connect, to tell how it failed.</summary>
    public DeviceTlsChannel? LastChannel { get; private set; }

    /// <inheritdoc />
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not DeviceTlsChannelOptions channelOptions)
        {
            throw new NotSupportedException($"{nameof(DeviceTlsAdapterFactory)} connects only with {nameof(DeviceTlsChannelOptions)}, not {options.ChannelOptions?.GetType().Name ?? "none"}");
        }

        var channel = new DeviceTlsChannel(_connector, channelOptions.Endpoint, channelOptions.Credential);
        LastChannel = channel;
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
