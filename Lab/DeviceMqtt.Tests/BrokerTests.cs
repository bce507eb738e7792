using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceAgent.Cloud;
using Lab.DeviceTls;
using Lab.EstServer;
using Lab.EstServer.Storage;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// What issue #7 asks of a broker in front of the fleet, run against each broker (mosquitto, LabBroker) with devices
/// on simulated ATECC608s enrolled at the Lab EST server, the MQTT port over the chip-signing TLS connector: a
/// certificate from our CA connects; one from another CA, a revoked one and an expired one are refused at TLS; a device
/// cannot use another device's topics; after renewal the device reconnects with the new certificate.
/// </summary>
public abstract class BrokerTests
{
    private static readonly TimeSpan ReceiveLimit = TimeSpan.FromSeconds(5);

    /// <summary>Why a broker turned a certificate away.</summary>
    private protected enum Refusal
    {
        UnknownCa,
        Revoked,
        Expired,
    }

    /// <summary>Starts the broker under test for <paramref name="lab"/>'s CA.</summary>
    private protected abstract Task<IBrokerUnderTest> StartBrokerAsync(EstLab lab);

    /// <summary>Asserts that the broker gave <paramref name="why"/> as the reason (in its alert, or in its own log).</summary>
    private protected abstract void AssertRefusedBecause(BrokerSetup setup, MqttNetPort port, Refusal why);

    [Fact]
    public async Task DeviceWithACertificateFromTheLabCa_Connects_PublishesAndReceivesItsOwnCommandTopic()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        int signs = device.SignCount;

        setup.Connect(port, device);
        DeviceTlsConnection tls = port.Connection!;
        Assert.True(port.Subscribe("dev/dev-a/cmd", 1), port.LastError);
        Assert.True(port.Publish("dev/dev-a/status", "online"u8.ToArray(), 1, false), port.LastError);
        Assert.True(port.Publish("dev/dev-a/cmd", "renew-now"u8.ToArray(), 1, false), port.LastError);
        MqttInbound? command = Receive(port);

        Assert.True(tls.ClientCertificateRequested && tls.ClientCertificateSent);
        Assert.Equal(signs + 1, device.SignCount);   // the chip signed this handshake's CertificateVerify, once
        Assert.NotNull(command);
        Assert.Equal("dev/dev-a/cmd", command.Topic);
        Assert.Equal("renew-now", Encoding.UTF8.GetString(command.Payload));
        Assert.True(port.IsConnected);
        port.Disconnect();
        Assert.False(port.IsConnected);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls13)]
    [InlineData(DeviceTlsVersions.Tls12)]
    public async Task CertificateFromAnotherCa_IsRefusedAtTls_EvenForARegisteredDevicesName(DeviceTlsVersions version)
    {
        await using BrokerSetup setup = await SetUpAsync();
        setup.Lab.EnrolledDevice("dev-a");
        ChipDevice intruder = setup.Lab.NewDevice("dev-a");   // a second chip, its key certified by a foreign CA as "dev-a"
        intruder.Certificate = ForeignCa.IssueFor(intruder, "dev-a");
        using var port = new MqttNetPort(new DeviceTlsConnector { Versions = version });
        int signs = intruder.SignCount;

        setup.Connect(port, intruder, MqttConnectResult.TlsFailed);

        Assert.False(port.IsConnected);
        Assert.Equal(signs + 1, intruder.SignCount);   // it did present the certificate; the broker refused it
        AssertRefusedBecause(setup, port, Refusal.UnknownCa);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls13)]
    [InlineData(DeviceTlsVersions.Tls12)]
    public async Task RevokedDevice_IsRefusedAtTls_WhileOthersStillConnect(DeviceTlsVersions version)
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice revoked = setup.Lab.EnrolledDevice("dev-a");
        ChipDevice other = setup.Lab.EnrolledDevice("dev-b");
        var connector = new DeviceTlsConnector { Versions = version };
        using var port = new MqttNetPort(connector);
        setup.Connect(port, revoked);
        port.Disconnect();

        Assert.True(setup.Est.Devices.Revoke("dev-a"));
        await setup.Broker.AfterRevocationAsync();

        setup.Connect(port, revoked, MqttConnectResult.TlsFailed);
        AssertRefusedBecause(setup, port, Refusal.Revoked);
        using var otherPort = new MqttNetPort(connector);
        setup.Connect(otherPort, other);
    }

    [Fact]
    public async Task Revocation_IsCheckedAtTheHandshake_AnOpenSessionStaysOpenUntilTheDeviceReconnects()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        setup.Connect(port, device);
        Assert.True(port.Subscribe("dev/dev-a/cmd", 1), port.LastError);

        Assert.True(setup.Est.Devices.Revoke("dev-a"));
        await setup.Broker.AfterRevocationAsync();

        Assert.True(port.Publish("dev/dev-a/cmd", "still-open"u8.ToArray(), 1, false), port.LastError);
        Assert.Equal("still-open", Text(Receive(port)));
        port.Disconnect();
        setup.Connect(port, device, MqttConnectResult.TlsFailed);
    }

    [Fact]
    public async Task ExpiredCertificate_IsRefusedAtTls_AndTheRenewedOneIsAccepted()
    {
        // The EST server's clock runs two days behind real time, so a one-hour certificate it issues "now" expired
        // long ago by the brokers' (real) clocks: mosquitto has no other clock to move.
        await using BrokerSetup setup = await SetUpAsync(TimeSpan.FromDays(-2), new EstPolicy { CertificateLifetime = TimeSpan.FromHours(1) });
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using X509Certificate2 expired = X509CertificateLoader.LoadCertificate(device.Certificate!);
        Assert.True(expired.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(-1));
        using var port = new MqttNetPort();

        setup.Connect(port, device, MqttConnectResult.TlsFailed);
        AssertRefusedBecause(setup, port, Refusal.Expired);

        setup.Est.Policy = setup.Est.Policy with { CertificateLifetime = TimeSpan.FromDays(30) };
        device.Reenroll(setup.Est, setup.Lab.Clock.UtcNow);
        setup.Connect(port, device);   // only the new certificate can be the one accepted
    }

    [Fact]
    public async Task Device_CannotPublishOrSubscribeToAnotherDevicesTopics()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        ChipDevice b = setup.Lab.EnrolledDevice("dev-b");
        using var portA = new MqttNetPort();
        using var portB = new MqttNetPort();
        setup.Connect(portA, a);
        setup.Connect(portB, b);
        Assert.True(portB.Subscribe("dev/dev-b/#", 1), portB.LastError);
        Assert.True(portA.Subscribe("dev/dev-a/#", 1), portA.LastError);

        bool subscribedToB = portA.Subscribe("dev/dev-b/#", 1);
        bool subscribedToAll = portA.Subscribe("dev/+/status", 1);
        // QoS 1: the PUBACK comes after the broker has routed (or dropped) the message, so what a publish would deliver
        // is queued before anything published after its PUBACK.
        Assert.True(portA.Publish("dev/dev-b/cmd", "forged"u8.ToArray(), 1, false), portA.LastError);
        Assert.True(portA.Publish("dev/dev-a/status", "own-1"u8.ToArray(), 1, false), portA.LastError);
        MqttInbound? own = Receive(portA);
        Assert.True(portB.Publish("dev/dev-b/status", "b-status"u8.ToArray(), 1, false), portB.LastError);
        MqttInbound? firstAtB = Receive(portB);
        Assert.True(portA.Publish("dev/dev-a/status", "own-2"u8.ToArray(), 1, false), portA.LastError);
        MqttInbound? nextAtA = Receive(portA);

        Assert.Equal(setup.Broker.RefusesForeignSubscriptions, !subscribedToB);
        Assert.Equal(setup.Broker.RefusesForeignSubscriptions, !subscribedToAll);
        Assert.Equal(("dev/dev-a/status", "own-1"), (own?.Topic, Text(own)));
        Assert.Equal(("dev/dev-b/status", "b-status"), (firstAtB?.Topic, Text(firstAtB)));   // A's forged command never arrived
        Assert.Equal(("dev/dev-a/status", "own-2"), (nextAtA?.Topic, Text(nextAtA)));       // nor did B's status reach A
        Assert.Null(portA.Poll());
        Assert.Null(portB.Poll());
        Assert.True(portA.IsConnected && portB.IsConnected);
    }

    [Fact]
    public async Task AfterRenewal_TheDeviceReconnectsWithTheNewCertificate()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        byte[] enrolled = device.Certificate!;
        using var port = new MqttNetPort();
        setup.Connect(port, device);
        Assert.True(port.Publish("dev/dev-a/status", "before"u8.ToArray(), 1, false), port.LastError);
        port.Disconnect();

        device.Reenroll(setup.Est, setup.Lab.Clock.UtcNow);
        IssuedCertificate renewal = setup.Est.Issued.ForDevice("dev-a")[^1];
        int signs = device.SignCount;
        setup.Connect(port, device);

        Assert.NotEqual(enrolled, device.Certificate);
        Assert.Equal(AuthenticationMethods.Certificate, renewal.Authentication);   // /simplereenroll on the old certificate
        Assert.Equal(renewal.CertificateDer.ToArray(), device.Certificate);
        Assert.Equal(signs + 1, device.SignCount);
        Assert.True(port.Connection!.ClientCertificateSent);
        Assert.True(port.Subscribe("dev/dev-a/cmd", 1), port.LastError);
        Assert.True(port.Publish("dev/dev-a/cmd", "after"u8.ToArray(), 1, false), port.LastError);
        Assert.Equal("after", Encoding.UTF8.GetString(Receive(port)?.Payload ?? []));
    }

    private protected async Task<BrokerSetup> SetUpAsync(TimeSpan clockOffset = default, EstPolicy? policy = null)
    {
        EstLab lab = await EstLab.StartAsync(clockOffset, policy);
        try
        {
            return new BrokerSetup(lab, await StartBrokerAsync(lab));
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private static string? Text(MqttInbound? message) => message is null ? null : Encoding.UTF8.GetString(message.Payload);

    /// <summary>The next message <paramref name="port"/> receives within a few seconds, or null.</summary>
    private protected static MqttInbound? Receive(MqttNetPort port)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ReceiveLimit)
        {
            if (port.Poll() is { } message)
            {
                return message;
            }

            Thread.Sleep(5);
        }

        return null;
    }
}
