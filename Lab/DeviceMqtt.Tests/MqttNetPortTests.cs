using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Cloud;
using DeviceAgent.Est;
using Lab.DeviceTls;

namespace Lab.DeviceMqtt.Tests;

/// <summary>The port's own behaviour against the in-process broker: connect results, the bounded queue, the session's end.</summary>
public sealed class MqttNetPortTests
{
    [Fact]
    public void Connect_WithNothingListening_IsTransportFailed()
    {
        using var device = new ChipDevice("dev-a", 1);
        device.Certificate = ForeignCa.IssueFor(device, "dev-a");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var mqtt = new MqttNetPort();
        int signs = device.SignCount;

        MqttConnectResult result = mqtt.Connect(device.ConnectOptions(new TlsEndpoint("127.0.0.1", port, [device.Certificate])));

        Assert.Equal(MqttConnectResult.TransportFailed, result);
        Assert.Contains("TCP connection to 127.0.0.1", mqtt.LastError, StringComparison.Ordinal);
        Assert.Equal(signs, device.SignCount);
        Assert.False(mqtt.IsConnected);
    }

    [Fact]
    public async Task Connect_ToABrokerOutsideTheTrustAnchors_IsTlsFailed_BeforeTheChipSigns()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        byte[] otherRoot = ForeignCa.IssueFor(device, "someone");   // any certificate the broker's does not chain to
        using var mqtt = new MqttNetPort();
        int signs = device.SignCount;

        setup.Connect(mqtt, device.ConnectOptions(new TlsEndpoint("127.0.0.1", setup.Broker.Port, [otherRoot])), MqttConnectResult.TlsFailed);

        Assert.Contains("is not trusted", mqtt.LastError, StringComparison.Ordinal);
        Assert.Equal(signs, device.SignCount);
    }

    [Fact]
    public async Task Poll_HoldsAtMostTheQueueCapacity_AndCountsWhatItDropped()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var mqtt = new MqttNetPort(queueCapacity: 2);
        setup.Connect(mqtt, device);
        Assert.True(mqtt.Subscribe("dev/dev-a/cmd", 1), mqtt.LastError);

        for (byte i = 0; i < 5; i++)
        {
            Assert.True(mqtt.Publish("dev/dev-a/cmd", [i], 1, false), mqtt.LastError);
        }

        var waited = Stopwatch.StartNew();
        while (mqtt.Dropped < 3 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }

        Assert.Equal(3, mqtt.Dropped);
        Assert.Equal([0], mqtt.Poll()!.Payload);
        Assert.Equal([1], mqtt.Poll()!.Payload);
        Assert.Null(mqtt.Poll());
        Assert.True(mqtt.IsConnected);
    }

    [Fact]
    public async Task BrokerGoingAway_EndsTheSession_AndCallsFailWithoutThrowing()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var mqtt = new MqttNetPort();
        setup.Connect(mqtt, device);

        await setup.Broker.DisposeAsync();
        var waited = Stopwatch.StartNew();
        while (mqtt.IsConnected && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }

        Assert.False(mqtt.IsConnected);
        Assert.False(mqtt.Publish("dev/dev-a/status", [1], 1, false));
        Assert.False(mqtt.Subscribe("dev/dev-a/cmd", 1));
        Assert.Null(mqtt.Poll());
        mqtt.Disconnect();
    }

    [Fact]
    public async Task Connect_WithoutAClientCertificate_IsRefusedAtTls_ByAMutualTlsOnlyBroker()
    {
        EstLab lab = await EstLab.StartAsync();
        await using var setup = new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server, allowChipTokenLogin: false));
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var mqtt = new MqttNetPort();
        MqttConnectOptions options = device.ConnectOptions(setup.Endpoint);
        options.Credential = null;
        options.UserName = "dev-a";
        options.Password = "not-a-certificate"u8.ToArray();

        setup.Connect(mqtt, options, MqttConnectResult.TlsFailed);
        Assert.Contains("TLS: no client certificate", setup.Broker.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceSide_HoldsNoPrivateKeyOrCertificateObject()
    {
        // The device side of this assembly: the port and its transport. (LabBroker is the broker side and holds its own key.)
        Type[] deviceSide = [typeof(MqttNetPort), typeof(DeviceTlsChannel), typeof(DeviceTlsChannelOptions), typeof(DeviceTlsAdapterFactory)];
        Type[] forbidden = [typeof(AsymmetricAlgorithm), typeof(X509Certificate), typeof(X509Certificate2Collection)];

        var holders = deviceSide
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => forbidden.Any(b => b.IsAssignableFrom(f.FieldType)))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();

        Assert.Empty(holders);
        Assert.DoesNotContain(typeof(MqttNetPort).Assembly.GetReferencedAssemblies(), a => a.Name == "Atecc608Simulator");
    }

    private static async Task<BrokerSetup> StartAsync()
    {
        EstLab lab = await EstLab.StartAsync();
        return new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server));
    }
}
