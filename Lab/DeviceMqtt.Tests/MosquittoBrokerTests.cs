using DeviceAgent.Cloud;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// The broker tests against a real mosquitto (Debian package) per test: <c>require_certificate true</c>,
/// <c>use_identity_as_username true</c>, <c>pattern readwrite dev/%u/#</c>, the Lab root and issuing CA as
/// <c>cafile</c>, the EST server's TLS certificate, and its CRL as <c>crlfile</c> (re-read on SIGHUP after a revocation).
/// </summary>
public sealed class MosquittoBrokerTests : BrokerTests
{
    private protected override async Task<IBrokerUnderTest> StartBrokerAsync(EstLab lab) => new MosquittoUnderTest(await Mosquitto.StartAsync(lab));

    /// <summary>mosquitto (OpenSSL) names the reason in its TLS alert; its own log says only "certificate verify failed".</summary>
    private protected override void AssertRefusedBecause(BrokerSetup setup, MqttNetPort port, Refusal why)
    {
        string alert = why switch
        {
            Refusal.UnknownCa => "unknown_ca(48)",
            Refusal.Revoked => "certificate_revoked(44)",   // from the CRL: nothing else tells mosquitto
            _ => "certificate_expired(45)",
        };
        Assert.Contains($"the server sent the alert {alert}", port.LastError, StringComparison.Ordinal);
        Mosquitto mosquitto = ((MosquittoUnderTest)setup.Broker).Process;
        Assert.True(mosquitto.WaitForLog("certificate verify failed", TimeSpan.FromSeconds(5)), mosquitto.Log);
    }

    [Fact]
    public async Task Mosquitto_IsInstalled_AndStartsWithTheGeneratedConfiguration()
    {
        await using BrokerSetup setup = await SetUpAsync();
        Mosquitto mosquitto = ((MosquittoUnderTest)setup.Broker).Process;

        Assert.StartsWith("mosquitto version 2.", Mosquitto.Version(), StringComparison.Ordinal);
        Assert.Contains("require_certificate true", mosquitto.Configuration(), StringComparison.Ordinal);
        Assert.Contains("use_identity_as_username true", mosquitto.Configuration(), StringComparison.Ordinal);
        Assert.Contains($"Opening ipv4 listen socket on port {mosquitto.Port}", mosquitto.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mosquitto_AcceptsAnyClientId_TheAclFollowsTheCertificatesCn()
    {
        await using BrokerSetup setup = await SetUpAsync();
        ChipDevice device = setup.Lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        MqttConnectOptions options = device.ConnectOptions(setup.Endpoint);
        options.ClientId = "dev-b";   // LabBroker refuses this in CONNACK; mosquitto has no such check

        setup.Connect(port, options, MqttConnectResult.Accepted);
        Assert.True(port.Subscribe("dev/dev-b/#", 1), port.LastError);   // granted, but dev-a (the username) may not read it
        Assert.True(port.Subscribe("dev/dev-a/#", 1), port.LastError);
        Assert.True(port.Publish("dev/dev-b/status", "as-b"u8.ToArray(), 1, false), port.LastError);
        Assert.True(port.Publish("dev/dev-a/status", "as-a"u8.ToArray(), 1, false), port.LastError);

        MqttInbound? first = Receive(port);
        Assert.Equal("dev/dev-a/status", first?.Topic);
        Mosquitto mosquitto = ((MosquittoUnderTest)setup.Broker).Process;
        Assert.True(mosquitto.WaitForLog("as dev-b (p2, c1, k30, u'dev-a')", TimeSpan.FromSeconds(5)), mosquitto.Log);
    }
}
