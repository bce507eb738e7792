using System.Diagnostics;
using System.Text;
using DeviceAgent.Cloud;
using Lab.DeviceTls;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// LabBroker's second login (docs/design/device-tls.md, "MQTT"): a board whose TLS cannot sign with the chip connects
/// over server-authenticated TLS with user name = client id = device id and a chip-signed token as password, through
/// the portable <see cref="CloudSession"/> in token mode. The broker checks rules 1–4 against the same trust as a
/// client certificate, and the ACL follows the id.
/// </summary>
public sealed class ChipTokenLoginTests
{
    [Fact]
    public async Task BoardWithoutChipBackedTls_LogsInWithAToken_AndUsesOnlyItsOwnTopics()
    {
        EstLab lab = await EstLab.StartAsync();
        await using var setup = new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server, lab.Clock));
        LabBroker broker = ((LabBrokerUnderTest)setup.Broker).Broker;
        TokenBoard board = TokenBoard.Enrolled(lab, "dev-t");
        var published = new List<string>();
        broker.Published += (id, topic, _) =>
        {
            lock (published)
            {
                published.Add($"{id} {topic}");
            }
        };
        using var port = new MqttNetPort();
        var session = new CloudSession(port, setup.Endpoint, "dev-t", "lab-1.0", chipTokenLogin: true) { Runner = board.Runner };
        int signs = board.Device.SignCount;

        MqttConnectResult result = session.Connect();

        Assert.True(result == MqttConnectResult.Accepted, $"{result} ({port.LastError})\nbroker: {setup.Broker.Diagnostics}");
        DeviceTlsConnection tls = port.Connection!;
        Assert.False(tls.ClientCertificateSent);            // no TLS client credential: the login is the token
        Assert.Equal(signs + 1, board.Device.SignCount);    // the chip signed the token, once
        Assert.True(session.PublishStatus(), port.LastError);   // session subscribed to dev/dev-t/cmd at connect
        await broker.PublishAsync("dev/dev-t/cmd", "ping"u8.ToArray());
        MqttInbound? command = Receive(port);
        Assert.NotNull(command);
        Assert.Equal("dev/dev-t/cmd", command.Topic);
        Assert.True(port.Publish("dev/dev-a/cmd", [1], 1, false), port.LastError);   // PUBACK, but dropped
        Assert.False(port.Subscribe("dev/dev-a/#", 1));
        Assert.Equal(1, broker.DroppedPublishes);
        lock (published)
        {
            Assert.Equal(["dev-t dev/dev-t/status"], published);
        }

        session.Disconnect();
    }

    [Fact]
    public async Task TokenForAnotherDevice_IsRefused()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        setup.Lab.EnrolledDevice("dev-b");
        using var port = new MqttNetPort();

        // dev-a's valid token under dev-b's name: the token's id is not the user name.
        setup.Connect(port, Login(setup, "dev-b", Token(a, "dev-a")), MqttConnectResult.Refused);
        Assert.Contains("BadUserNameOrPassword", port.LastError, StringComparison.Ordinal);
        // a token built for "dev-b" around dev-a's certificate: the CN is not the user name.
        setup.Connect(port, Login(setup, "dev-b", Token(a, "dev-b")), MqttConnectResult.Refused);
        Assert.Contains("NotAuthorized", port.LastError, StringComparison.Ordinal);
        // dev-a's own login under client id dev-b.
        MqttConnectOptions options = Login(setup, "dev-a", Token(a, "dev-a"));
        options.ClientId = "dev-b";
        setup.Connect(port, options, MqttConnectResult.Refused);
        Assert.Contains("ClientIdentifierNotValid", port.LastError, StringComparison.Ordinal);

        AssertRefusals(
            setup,
            "CONNECT 'dev-b': chip token refused: its id 'dev-a' is not the user name",
            "CONNECT 'dev-b': chip token refused: its certificate's CN 'dev-a' is not the user name",
            "CONNECT 'dev-b': the client id is not the user name 'dev-a'");
    }

    [Fact]
    public async Task TokenOutsideTheFiveMinuteWindow_IsRefused()
    {
        EstLab lab = await EstLab.StartAsync();
        await using var setup = new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server, lab.Clock));
        ChipDevice a = lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();
        setup.Connect(port, Login(setup, "dev-a", Token(a, "dev-a", at: lab.Clock.GetUtcNow().AddMinutes(-4))), MqttConnectResult.Accepted);
        port.Disconnect();
        byte[] token = Token(a, "dev-a", at: lab.Clock.GetUtcNow());

        lab.Clock.Advance(TimeSpan.FromMinutes(10));   // the broker's clock; the token is 10 minutes old

        setup.Connect(port, Login(setup, "dev-a", token), MqttConnectResult.Refused);
        Assert.Contains("BadUserNameOrPassword", port.LastError, StringComparison.Ordinal);
        setup.Connect(port, Login(setup, "dev-a", Token(a, "dev-a", at: lab.Clock.GetUtcNow().AddMinutes(6))), MqttConnectResult.Refused);
        AssertRefusals(setup, "s from the broker's clock", "s from the broker's clock");
    }

    [Fact]
    public async Task TokenNotSignedByTheCertificatesKey_IsRefused()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        ChipDevice thief = setup.Lab.NewDevice("dev-a");   // another chip that copied dev-a's certificate
        thief.Certificate = a.Certificate;
        using var port = new MqttNetPort();

        setup.Connect(port, Login(setup, "dev-a", Token(thief, "dev-a")), MqttConnectResult.Refused);

        Assert.Contains("BadUserNameOrPassword", port.LastError, StringComparison.Ordinal);
        AssertRefusals(setup, "signature does not verify with the certificate's key");
    }

    [Fact]
    public async Task RevokedDevice_AndCertificateFromAnotherCa_AreRefused()
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        setup.Lab.EnrolledDevice("dev-b");
        ChipDevice intruder = setup.Lab.NewDevice("dev-b");   // its own key, certified as "dev-b" by a foreign CA
        intruder.Certificate = ForeignCa.IssueFor(intruder, "dev-b");
        using var port = new MqttNetPort();
        setup.Est.Devices.Revoke("dev-a");

        setup.Connect(port, Login(setup, "dev-a", Token(a, "dev-a")), MqttConnectResult.Refused);
        Assert.Contains("NotAuthorized", port.LastError, StringComparison.Ordinal);
        setup.Connect(port, Login(setup, "dev-b", Token(intruder, "dev-b")), MqttConnectResult.Refused);
        Assert.Contains("NotAuthorized", port.LastError, StringComparison.Ordinal);

        AssertRefusals(setup, "device 'dev-a' is revoked or not registered", "is not accepted: PartialChain");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("dev-a.1700000000.AAAA")]
    [InlineData("dev-a.17e8.{cert}.{sig}")]
    [InlineData("dev-a.{now}.{cert}.{sig}=")]
    [InlineData("dev-a.{now}.{cert}.{sig}.x")]
    [InlineData("dev-a.{now}.{cert}.AAAA")]
    [InlineData("dev-a.{now}.AAAA.{sig}")]
    public async Task MalformedToken_IsRefused(string shape)
    {
        await using BrokerSetup setup = await StartAsync();
        ChipDevice a = setup.Lab.EnrolledDevice("dev-a");
        string[] good = Encoding.ASCII.GetString(Token(a, "dev-a")).Split('.');
        string token = shape.Replace("{now}", good[1], StringComparison.Ordinal).Replace("{cert}", good[2], StringComparison.Ordinal)
            .Replace("{sig}", good[3], StringComparison.Ordinal);
        using var port = new MqttNetPort();

        setup.Connect(port, Login(setup, "dev-a", Encoding.ASCII.GetBytes(token)), MqttConnectResult.Refused);

        Assert.Contains("BadUserNameOrPassword", port.LastError, StringComparison.Ordinal);
        Assert.Single(((LabBrokerUnderTest)setup.Broker).Broker.Refusals);
    }

    [Fact]
    public async Task MutualTlsOnlyBroker_RefusesAValidToken()
    {
        EstLab lab = await EstLab.StartAsync();
        await using var setup = new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server, allowChipTokenLogin: false));
        ChipDevice a = lab.EnrolledDevice("dev-a");
        using var port = new MqttNetPort();

        setup.Connect(port, Login(setup, "dev-a", Token(a, "dev-a")), MqttConnectResult.TlsFailed);
        setup.Connect(port, a, MqttConnectResult.Accepted);   // its certificate in TLS still is

        AssertRefusals(setup, "TLS: no client certificate");
    }

    private static async Task<BrokerSetup> StartAsync()
    {
        EstLab lab = await EstLab.StartAsync();
        return new BrokerSetup(lab, await LabBrokerUnderTest.StartAsync(lab.Server));
    }

    /// <summary>The token <paramref name="device"/>'s chip signs for <paramref name="id"/> around its current certificate.</summary>
    private static byte[] Token(ChipDevice device, string id, DateTimeOffset? at = null) =>
        ChipToken.Build(id, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), device.Certificate!, device.Signer);

    /// <summary>CONNECT over server-authenticated TLS (no client credential) as client id = user name = <paramref name="id"/>.</summary>
    private static MqttConnectOptions Login(BrokerSetup setup, string id, byte[] token) => new()
    {
        Broker = setup.Endpoint,
        ClientId = id,
        UserName = id,
        Password = token,
        KeepAliveSeconds = 30,
        CleanSession = true,
    };

    private static void AssertRefusals(BrokerSetup setup, params string[] expected)
    {
        IReadOnlyList<string> refusals = ((LabBrokerUnderTest)setup.Broker).Broker.Refusals;
        Assert.True(refusals.Count == expected.Length, string.Join("\n", refusals));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Contains(expected[i], refusals[i], StringComparison.Ordinal);
        }
    }

    private static MqttInbound? Receive(MqttNetPort port)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(5))
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
