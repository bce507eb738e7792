using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>Save/Load keeps the chip's non-volatile identity and nothing volatile.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("atecc608-sim-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SaveLoad_KeepsKeySerialLocksAndCounters_SignatureVerifiesWithOldPublicKey()
    {
        string path = Path.Combine(directory, "device.json");
        byte[] publicKey;
        byte[] serial;
        using (var original = new SimulatedAtecc608(seed: 6))
        {
            var host = new FrameHost(original);
            publicKey = host.Provision(keySlot: 0)!;
            host.Data(Opcode.Counter, 0x01, 1);
            serial = original.SerialNumber;
            original.Save(path);
        }

        using var reloaded = SimulatedAtecc608.Load(path);
        var again = new FrameHost(reloaded);
        byte[] digest = SHA256.HashData("after reboot"u8);

        Assert.Equal(ChipPowerState.Asleep, reloaded.State);
        Assert.Equal(serial, reloaded.SerialNumber);
        Assert.True(reloaded.IsConfigLocked && reloaded.IsDataLocked);
        Assert.Equal([1, 0, 0, 0], again.Data(Opcode.Counter, 0x00, 1));
        Assert.Equal(publicKey, again.Data(Opcode.GenKey, 0x00, 0));
        Assert.True(FrameHost.DotNetVerifies(publicKey, digest, again.SignDigest(0, digest)));
    }

    [Fact]
    public void SaveLoad_DoesNotKeepVolatileState()
    {
        string path = Path.Combine(directory, "volatile.json");
        using (var original = new SimulatedAtecc608(seed: 7))
        {
            var host = new FrameHost(original);
            host.Provision(keySlot: 0);
            Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x43, 0, new byte[32]));
            original.Save(path);
        }

        using var reloaded = SimulatedAtecc608.Load(path);

        Assert.Equal(0x0F, new FrameHost(reloaded).Status(Opcode.Sign, 0xA0, 0));
    }

    [Fact]
    public void Counter_AtMaximum_IncrementIsExecutionError()
    {
        string path = Path.Combine(directory, "counter.json");
        using (var original = new SimulatedAtecc608(seed: 8))
        {
            original.Save(path);
        }

        JsonNode image = JsonNode.Parse(File.ReadAllText(path))!;
        image["counters"]![0] = 2_097_150;
        File.WriteAllText(path, image.ToJsonString());
        using var chip = SimulatedAtecc608.Load(path);
        var host = new FrameHost(chip);

        Assert.Equal([0xFF, 0xFF, 0x1F, 0x00], host.Data(Opcode.Counter, 0x01, 0));
        Assert.Equal(0x0F, host.Status(Opcode.Counter, 0x01, 0));
        Assert.Equal([0xFF, 0xFF, 0x1F, 0x00], host.Data(Opcode.Counter, 0x00, 0));
    }

    [Theory]
    [InlineData("version", "2")]
    [InlineData("format", "\"something-else\"")]
    [InlineData("otp", "\"00\"")]
    public void Load_WrongVersionFormatOrSize_IsInvalidData(string member, string json)
    {
        string path = Path.Combine(directory, "bad.json");
        using (var original = new SimulatedAtecc608(seed: 9))
        {
            original.Save(path);
        }

        JsonNode image = JsonNode.Parse(File.ReadAllText(path))!;
        image[member] = JsonNode.Parse(json);
        File.WriteAllText(path, image.ToJsonString());

        Assert.Throws<InvalidDataException>(() => SimulatedAtecc608.Load(path));
    }
}
