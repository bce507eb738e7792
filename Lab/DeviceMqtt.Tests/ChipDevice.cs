using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Cloud;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using Lab.DeviceTls;
using Lab.EstServer;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// A device on a simulated ATECC608B, provisioned as the firmware does it, that enrolls and renews at the Lab EST
/// server through the portable <see cref="EstClient"/> over the chip-signing <see cref="DeviceTlsConnector"/>, and
/// connects to a broker with its certificate and the chip as signer. No private key object exists for it.
/// </summary>
internal sealed class ChipDevice : IDisposable
{
    public ChipDevice(string id, int seed)
    {
        Id = id;
        Simulator = new SimulatedAtecc608(seed);
        Chip = new Atecc608Driver.Atecc608(Simulator);
        ProvisioningResult identity = new Provisioner(Chip).Run();
        KeySlot = identity.KeySlot;
        Signer = new ChipSigner(Chip, KeySlot);
    }

    public string Id { get; }

    public SimulatedAtecc608 Simulator { get; }

    public Atecc608Driver.Atecc608 Chip { get; }

    public int KeySlot { get; }

    public ChipSigner Signer { get; }

    /// <summary>The current certificate (DER), or null before enrollment.</summary>
    public byte[]? Certificate { get; set; }

    /// <summary>Sign commands the chip has executed: one per handshake that presents the certificate.</summary>
    public int SignCount => Simulator.Account.CountOf(Atecc608Driver.Opcode.Sign);

    public TlsClientCredential Credential => new([Certificate ?? throw new InvalidOperationException($"{Id} has no certificate")], Signer);

    /// <summary>/cacerts, then /simpleenroll with the bootstrap secret; <paramref name="time"/> is the device's trusted time.</summary>
    public void Enroll(EstServerHost est, string secret, DateTime time)
    {
        EstClient client = Client(est, time);
        client.SetBasicCredentials(Id, secret);
        byte[] csr = new ChipCsrSource(Chip, Id).BuildCsr(KeySlot, generateKey: false);
        EstOutcome outcome = client.SimpleEnroll(csr, 0, csr.Length, time, time);
        Assert.True(outcome.Kind == EstOutcomeKind.Success, $"{Id} enroll: {outcome.Kind} {outcome.HttpStatus} {outcome.Message}");
        Certificate = outcome.Certificate;
    }

    /// <summary>/simplereenroll authenticated by the current certificate in TLS (the chip signs the handshake).</summary>
    public void Reenroll(EstServerHost est, DateTime time)
    {
        EstClient client = Client(est, time);
        client.ClientCredential = Credential;
        byte[] csr = new ChipCsrSource(Chip, Id).BuildCsr(KeySlot, generateKey: false);
        EstOutcome outcome = client.SimpleReenroll(csr, 0, csr.Length, time, time);
        Assert.True(outcome.Kind == EstOutcomeKind.Success, $"{Id} re-enroll: {outcome.Kind} {outcome.HttpStatus} {outcome.Message}");
        Certificate = outcome.Certificate;
    }

    /// <summary>CONNECT as this device (client id = its id) to <paramref name="broker"/> with its certificate.</summary>
    public MqttConnectOptions ConnectOptions(TlsEndpoint broker) => new()
    {
        Broker = broker,
        Credential = Credential,
        ClientId = Id,
        KeepAliveSeconds = 30,
        CleanSession = true,
    };

    public void Dispose() => Simulator.Dispose();

    private EstClient Client(EstServerHost est, DateTime time)
    {
        var anchors = new TrustAnchorStore();
        anchors.AddProvisioned(est.RootCertificate.RawData);
        var client = new EstClient(new DeviceTlsConnector(), "127.0.0.1", est.Port, anchors, Signer);
        EstOutcome caCerts = client.CaCerts(time, time);
        Assert.True(caCerts.Kind == EstOutcomeKind.Success, $"{Id} cacerts: {caCerts.Kind} {caCerts.Message}");
        return client;
    }
}
