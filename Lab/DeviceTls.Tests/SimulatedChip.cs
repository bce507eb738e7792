using Atecc608Driver.Provisioning;
using Atecc608Simulator;
using DeviceAgent.Pki;

namespace Lab.DeviceTls.Tests;

/// <summary>A simulated ATECC608B provisioned as the device does it, and the signer over its key slot.</summary>
internal sealed class SimulatedChip : IDisposable
{
    public SimulatedChip(int seed)
    {
        Simulator = new SimulatedAtecc608(seed);
        var chip = new Atecc608Driver.Atecc608(Simulator);
        ProvisioningResult identity = new Provisioner(chip).Run();
        Signer = new ChipSigner(chip, identity.KeySlot);
        PublicKey = identity.PublicKey;
    }

    public SimulatedAtecc608 Simulator { get; }

    public ChipSigner Signer { get; }

    public byte[] PublicKey { get; }

    /// <summary>Sign commands the chip has executed so far.</summary>
    public int SignCount => Simulator.Account.CountOf(Atecc608Driver.Opcode.Sign);

    /// <summary>An EST request body for <paramref name="deviceId"/>: CN = id, SAN URI urn:dev:id, signed by the chip.</summary>
    public byte[] CsrBase64(string deviceId)
    {
        var builder = new Pkcs10Builder(Signer) { CommonName = deviceId };
        builder.AddUri("urn:dev:" + deviceId);
        var body = new byte[4096];
        int length = builder.BuildBase64(body, 0, body.Length);
        return body.AsSpan(0, length).ToArray();
    }

    public void Dispose() => Simulator.Dispose();
}
