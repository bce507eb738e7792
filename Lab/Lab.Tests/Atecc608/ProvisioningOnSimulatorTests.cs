using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Driver.Config;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608;

/// <summary>
/// Provisioning a simulated blank ATECC608B: the happy path, a power cut before every single command, a chip
/// locked with someone else's configuration, and a pre-provisioned Trust&amp;GO part.
/// </summary>
public class ProvisioningOnSimulatorTests
{
    [Fact]
    public void BlankChip_IsProvisioned_ThenReRunChangesNothing()
    {
        using var sim = new SimulatedAtecc608(seed: 1);
        var chip = new Atecc608Driver.Atecc608(sim);

        ProvisioningResult first = new Provisioner(chip).Run();

        Assert.Equal(ProvisioningOutcome.Provisioned, first.Outcome);
        Assert.Equal(Provisioner.CustomPart, first.Part);
        Assert.True(sim.IsConfigLocked);
        Assert.True(sim.IsDataLocked);
        Assert.Equal(sim.SerialNumber, first.SerialNumber);
        AssertKeyWorks(chip, first);

        byte[] configBefore = sim.GetConfigZone();
        int changesBefore = Changes(sim);
        int signsBefore = sim.Account.CountOf(Opcode.Sign);
        ProvisioningResult second = new Provisioner(chip).Run();

        Assert.Equal(ProvisioningOutcome.AlreadyProvisioned, second.Outcome);
        Assert.Equal(first.PublicKey, second.PublicKey);
        Assert.Equal(configBefore, sim.GetConfigZone());
        Assert.Equal(changesBefore, Changes(sim));
        Assert.Equal(signsBefore, sim.Account.CountOf(Opcode.Sign));   // the boot-time re-run does no self-check
    }

    [Fact]
    public void PowerCutBeforeAnyCommand_ReRunCompletesWithAWorkingKey()
    {
        int commands;
        using (var reference = new SimulatedAtecc608(seed: 2))
        {
            new Provisioner(new Atecc608Driver.Atecc608(reference)).Run();
            commands = (int)reference.Account.Commands;
        }

        Assert.True(commands > 10, $"a clean run takes {commands} commands");
        for (int cut = 1; cut <= commands; cut++)
        {
            using var sim = new SimulatedAtecc608(seed: 2);
            sim.Faults.PowerLossAfterCommand(cut);
            Assert.Throws<SimulatedPowerLossException>(() => new Provisioner(new Atecc608Driver.Atecc608(sim)).Run());
            sim.PowerCycle();

            var chip = new Atecc608Driver.Atecc608(sim);
            ProvisioningResult result = new Provisioner(chip).Run();

            Assert.True(sim.IsConfigLocked && sim.IsDataLocked, $"cut after command {cut}");
            Assert.NotEqual(ProvisioningOutcome.PreProvisioned, result.Outcome);
            AssertKeyWorks(chip, result);
        }
    }

    [Fact]
    public void ChipLockedWithAnotherConfiguration_IsRefusedAndLeftUntouched()
    {
        using var sim = new SimulatedAtecc608(seed: 3);
        var chip = new Atecc608Driver.Atecc608(sim);
        ConfigZone other = chip.ReadConfigZone();
        other.SetSlotConfig(0, new SlotConfig(0x0080));   // secret, but external Sign not allowed
        WriteAndLock(chip, other);
        byte[] lockedImage = sim.GetConfigZone();

        var e = Assert.Throws<ProvisioningException>(() => new Provisioner(chip).Run());

        Assert.Equal(ProvisioningError.UnexpectedLockedConfiguration, e.Error);
        Assert.Contains(e.Details.Cast<string>(), d => d.StartsWith("slot 0 SlotConfig", StringComparison.Ordinal));
        Assert.Contains("slot 0 SlotConfig", e.Message, StringComparison.Ordinal);
        Assert.False(sim.IsDataLocked);
        Assert.Equal(lockedImage, sim.GetConfigZone());
        Assert.Equal(0, sim.Account.CountOf(Opcode.GenKey));
    }

    [Fact]
    public void TrustAndGoPart_IsUsedAsItIs()
    {
        using var sim = new SimulatedAtecc608(seed: 4);
        var chip = new Atecc608Driver.Atecc608(sim);
        ConfigZone tng = ConfigZone.Decode(Convert.FromHexString(TngTlsConfig), 0);
        ConfigZone image = chip.ReadConfigZone();
        byte[] tngBytes = tng.ToArray();
        byte[] mine = image.ToArray();
        Array.Copy(tngBytes, 16, mine, 16, 68);     // everything writable, keep serial and revision
        Array.Copy(tngBytes, 88, mine, 88, 40);
        WriteAndLock(chip, ConfigZone.Decode(mine, 0));
        byte[] factoryKey = chip.GenKeyCreate(0);
        var otp = new byte[32];
        "KQp2ZkD8"u8.CopyTo(otp);
        chip.Write(Zone.Otp, 0, otp, 0, 32);
        chip.LockDataZone();
        int changesBefore = Changes(sim);

        ProvisioningResult result = new Provisioner(chip).Run();

        Assert.Equal(ProvisioningOutcome.PreProvisioned, result.Outcome);
        Assert.Equal("Trust&GO TLS", result.Part);
        Assert.Equal(0, result.KeySlot);
        Assert.Equal(factoryKey, result.PublicKey);
        Assert.Equal(changesBefore, Changes(sim));
    }

    // facts/atecc608.md §13.3: a real ATECC608A-TNGTLS config zone.
    private static readonly string TngTlsConfig = string.Concat(
        "01 23 CF E1 00 00 60 02 EF 17 F0 B0 01 01 29 00 6A 00 00 01 85 00 82 00 85 20 85 20 85 20 8F 46 ",
        "8F 0F 9F 8F 0F 0F 8F 0F 0F 8F 0F 8F 0F 8F 0F 0F 0D 1F 0F 0F FF FF FF FF 00 00 00 00 FF FF FF FF ",
        "00 00 00 00 00 00 03 F7 00 69 76 00 00 00 00 00 00 00 00 00 00 00 00 00 FF FF 0E 60 00 00 00 00 ",
        "53 00 53 00 73 00 73 00 73 00 38 00 7C 00 1C 00 3C 00 1A 00 1C 00 10 00 1C 00 30 00 12 00 30 00").Replace(" ", "", StringComparison.Ordinal);

    private static void WriteAndLock(Atecc608Driver.Atecc608 chip, ConfigZone zone)
    {
        byte[] bytes = zone.ToArray();
        for (int word = 4; word < 32; word++)
        {
            if (word != 21)
            {
                chip.Write(Zone.Config, Atecc608Driver.Atecc608.ConfigAddress(word / 8, word % 8), bytes, word * 4, 4);
            }
        }

        chip.LockConfigZone(Crc16.Compute(chip.ReadConfigZone().ToArray(), 0, ConfigZone.Size));
    }

    private static void AssertKeyWorks(Atecc608Driver.Atecc608 chip, ProvisioningResult identity)
    {
        Assert.Equal(identity.PublicKey, chip.GetPublicKey(identity.KeySlot));
        byte[] digest = SHA256.HashData(identity.SerialNumber);
        using ECDsa verifier = P256.FromPublicKey(identity.PublicKey);
        Assert.True(verifier.VerifyHash(digest, chip.SignDigest(identity.KeySlot, digest)));
    }

    /// <summary>
    /// Commands that write non-volatile state. GenKey is left out: its public-key mode only reads, and a new key
    /// would show as a changed public key, which the tests compare.
    /// </summary>
    private static int Changes(SimulatedAtecc608 sim) =>
        sim.Account.CountOf(Opcode.Write) + sim.Account.CountOf(Opcode.Lock) + sim.Account.CountOf(Opcode.UpdateExtra);
}
