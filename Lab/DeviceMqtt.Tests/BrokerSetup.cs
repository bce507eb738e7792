using DeviceAgent.Cloud;
using DeviceAgent.Est;
using Lab.EstServer;

namespace Lab.DeviceMqtt.Tests;

/// <summary>One test's Lab EST server and the broker under test, configured with that server's CA.</summary>
internal sealed class BrokerSetup : IAsyncDisposable
{
    public BrokerSetup(EstLab lab, IBrokerUnderTest broker)
    {
        Lab = lab;
        Broker = broker;
    }

    public EstLab Lab { get; }

    public IBrokerUnderTest Broker { get; }

    /// <summary>The broker at 127.0.0.1, trusting only the Lab root (its certificate comes from the EST server's CA).</summary>
    public TlsEndpoint Endpoint => new("127.0.0.1", Broker.Port, [Lab.Server.RootCertificate.RawData]);

    public EstServerHost Est => Lab.Server;

    /// <summary>Connects <paramref name="port"/> as <paramref name="device"/>; asserts the result and shows why otherwise.</summary>
    public void Connect(MqttNetPort port, ChipDevice device, MqttConnectResult expected = MqttConnectResult.Accepted) =>
        Connect(port, device.ConnectOptions(Endpoint), expected);

    public void Connect(MqttNetPort port, MqttConnectOptions options, MqttConnectResult expected)
    {
        MqttConnectResult result = port.Connect(options);
        Assert.True(result == expected, $"{options.ClientId}: expected {expected}, got {result} ({port.LastError})\nbroker: {Broker.Diagnostics}");
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Lab.DisposeAsync();
    }
}
