using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>Each injected fault does what it says, once (or the given number of times), and then stops.</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly SimulatedAtecc608 chip = new(seed: 5);
    private readonly FrameHost host;

    public FaultInjectionTests() => host = new FrameHost(chip);

    public void Dispose() => chip.Dispose();

    [Fact]
    public void NackNextTransactions_NacksExactlyThatMany_WithoutEffect()
    {
        host.Wake();
        chip.Faults.NackNextTransactions(3);

        Assert.Equal(TransportStatus.NotAcknowledged, host.Send(Opcode.Counter, 0x01, 0));
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[4], 0, 4));
        Assert.Equal(TransportStatus.NotAcknowledged, host.WriteWordAddress(WordAddress.Reset));
        Assert.False(chip.Faults.AnyPending);

        byte[] wake = new byte[4];
        Assert.Equal(TransportStatus.Ok, host.WriteWordAddress(WordAddress.Reset));
        Assert.Equal(TransportStatus.Ok, chip.Read(wake, 0, 4));
        Assert.True(Packet.IsWakeResponse(wake, 0));
        host.WriteWordAddress(WordAddress.Sleep);
        Assert.Equal([0, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 0));
    }

    [Fact]
    public void CorruptNextResponseCrc_HostSeesResponseCrcError_ThenRecovers()
    {
        host.Wake();
        chip.Faults.CorruptNextResponseCrc();
        host.Send(Opcode.Info, 0x00, 0);

        byte[] group = host.ReceiveRaw();
        var e = Assert.Throws<Atecc608Exception>(() => Packet.CheckResponse(group, 0, group.Length, Opcode.Info));
        Assert.Equal(Atecc608Error.ResponseCrc, e.Error);

        host.Send(Opcode.Info, 0x00, 0);
        Assert.Equal(7, host.Receive(Opcode.Info).Length);
    }

    [Fact]
    public void ReplaceNextStatus_ReturnsThatStatus_AndCommandIsNotExecuted()
    {
        chip.Faults.ReplaceNextStatus((byte)Atecc608Status.EccFault);

        Assert.Equal(0x05, host.Status(Opcode.Counter, 0x01, 0));

        Assert.Equal([1, 0, 0, 0], host.Data(Opcode.Counter, 0x01, 0));
    }

    [Fact]
    public void IgnoreNextWakes_ChipStaysAsleepForThatManyWakes()
    {
        chip.Faults.IgnoreNextWakes(2);

        for (int i = 0; i < 2; i++)
        {
            chip.SendWake();
            chip.Delay(1500);
            Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[4], 0, 4));
            Assert.Equal(ChipPowerState.Asleep, chip.State);
        }

        Assert.Equal([0x04, 0x11, 0x33, 0x43], host.Wake());
    }

    [Fact]
    public void ExpireWatchdogAfterNextCommand_ResponseReadable_ThenVolatileStateLost()
    {
        host.Provision(keySlot: 0);
        chip.Faults.ExpireWatchdogAfterNextCommand();
        host.Wake();
        host.Send(Opcode.Nonce, 0x43, 0, new byte[32]);

        Assert.Equal(0x00, host.Receive(Opcode.Nonce)[1]);
        Assert.Equal(TransportStatus.NotAcknowledged, host.WriteWordAddress(WordAddress.Idle));
        Assert.Equal(ChipPowerState.Asleep, chip.State);
        Assert.Equal(0x0F, host.Status(Opcode.Sign, 0xA0, 0));
    }

    [Fact]
    public void PowerLossAfterCommand_NonVolatileKept_NextBusCallThrows_ThenChipAsleep()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] digest = SHA256.HashData("before the brown-out"u8);
        chip.Faults.PowerLossAfterCommand(2);

        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x43, 0, digest)); // command 1
        host.Wake();
        host.Send(Opcode.Counter, 0x01, 0);                              // command 2, then power fails
        chip.Delay(50_000);
        Assert.Throws<SimulatedPowerLossException>(() => host.WriteWordAddress(WordAddress.Reset));

        Assert.Equal(ChipPowerState.Asleep, chip.State);
        Assert.Equal([1, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 0));   // the increment was committed
        Assert.Equal(0x0F, host.Status(Opcode.Sign, 0xA0, 0));           // the digest was not kept
        Assert.True(FrameHost.DotNetVerifies(publicKey, digest, host.SignDigest(0, digest)));
    }

    [Fact]
    public void Clear_DisarmsEveryFault()
    {
        chip.Faults.NackNextTransactions(5);
        chip.Faults.IgnoreNextWakes(5);
        chip.Faults.CorruptNextResponseCrc();
        chip.Faults.ReplaceNextStatus(0xEE);
        chip.Faults.ExpireWatchdogAfterNextCommand();
        chip.Faults.PowerLossAfterCommand(1);
        Assert.True(chip.Faults.AnyPending);

        chip.Faults.Clear();

        Assert.False(chip.Faults.AnyPending);
        Assert.Equal([0x00, 0x00, 0x60, 0x03], host.Data(Opcode.Info, 0x00, 0));
        Assert.Equal([0x00, 0x00, 0x60, 0x03], host.Data(Opcode.Info, 0x00, 0));
    }
}
