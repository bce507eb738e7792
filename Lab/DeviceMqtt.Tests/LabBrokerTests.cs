using DeviceAgent.Cloud;

namespace Lab.DeviceMqtt.Tests;

/// <summary>The broker tests against the in-process <see cref="LabBroker"/>, and what only it does: its clock, the client id check, its refusal log.</summary>
public sealed class LabBrokerTests : BrokerTests
{
    /// <summary>On the system clock, like mosquitto, for the shared tests.</summary>
    private protected override async Task<IBrokerUnderTest> StartBrokerAsync(EstLab lab) => await LabBrokerUnderTest.StartAsync(lab.Server);

    /// <summary>.NET's server closes the connection without an alert, so the reason is in the broker's refusal log.</summary>
    private protected override void AssertRefusedBecause(BrokerSetup setup, MqttNetPort port, Refusal why)
    {
        string reason = why switch
        {
            Refusal.UnknownCa => "is not accepted: PartialChain",
            Refusal.Revoked => "is revoked or not registered",
            _ => "is not accepted: NotTimeValid",
        };
        Assert.Contains(reason, setup.Broker.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientIdOtherThanTheCertificatesCn_IsRefusedInConnack()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        MqttConnectOptions options = device.ConnectOptions(setup.Endpoint);
        options.ClientId = "dev-b";

        setup.Connect(port, options, MqttConnectResult.Refused);

        Assert.Contains("ClientIdentifierNotValid", port.LastError, StringComparison.Ordinal);
        Assert.Contains(setup.Broker.Diagnostics.Split('\n'), r => r.Contains("not the certificate's CN 'dev-a'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CertificateExpiredAtTheBrokersClock_IsRefused()
    {
        EstLab lab = await EstLab.StartAsync();
        await using var setup = new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server, lab.Clock));
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        setup.Connect(port, device);
        port.Disconnect();

        setup.Lab.Clock.Advance(TimeSpan.FromDays(31));   // the EST server's default lifetime is 30 days

        setup.Connect(port, device, MqttConnectResult.TlsFailed);
        AssertRefusedBecause(setup, port, Refusal.Expired);
    }

    [Fact]
    public async Task Refusals_SayWhyEachClientWasTurnedAway()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        ChipDevice intruder = setup.Lab.NewDevice("dev-x");
        intruder.Certificate = ForeignCa.IssueFor(intruder, "dev-x");
        using var port = new MqttNetPort();
        setup.Connect(port, intruder, MqttConnectResult.TlsFailed);
        setup.Connect(port, a);
        port.Publish("dev/dev-b/cmd", [1], 0, false);
        port.Subscribe("#", 0);
        port.Disconnect();
        setup.Est.Devices.Revoke("dev-a");
        setup.Connect(port, a, MqttConnectResult.TlsFailed);
        var broker = ((LabBrokerUnderTest)setup.Broker).Broker;

        Assert.Collection(
            broker.Refusals,
            r => Assert.Contains("'dev-x'", r, StringComparison.Ordinal),
            r => Assert.Contains("PUBLISH by 'dev-a' to 'dev/dev-b/cmd' dropped", r, StringComparison.Ordinal),
            r => Assert.Contains("SUBSCRIBE by 'dev-a' to '#' refused", r, StringComparison.Ordinal),
            r => Assert.Contains("device 'dev-a' is revoked", r, StringComparison.Ordinal));
        Assert.Equal(1, broker.DroppedPublishes);
    }
}
