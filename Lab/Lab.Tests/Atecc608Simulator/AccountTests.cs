using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>The benchmark account counts what crossed the bus and the modelled time it took.</summary>
public sealed class AccountTests : IDisposable
{
    private readonly SimulatedAtecc608 chip = new(seed: 10);
    private readonly FrameHost host;

    public AccountTests() => host = new FrameHost(chip);

    public void Dispose() => chip.Dispose();

    [Fact]
    public void Account_CountsTransactionsBytesAndCommandsPerOpcode()
    {
        chip.Account.Reset();
        long before = chip.NowMicroseconds;

        host.Data(Opcode.Info, 0x00, 0);
        host.Data(Opcode.Info, 0x00, 0);
        host.Status(Opcode.SelfTest, 0x3B, 0);

        SimulatorAccount account = chip.Account;
        Assert.Equal(3, account.Wakes);
        Assert.Equal(2, account.CountOf(Opcode.Info));
        Assert.Equal(1, account.CountOf(Opcode.SelfTest));
        Assert.Equal(3, account.Commands);
        Assert.Equal(150_000, account.ByOpcode[Opcode.SelfTest].ExecutionMicroseconds);
        Assert.Equal(150_000 + (2 * 3_000), account.ExecutionMicroseconds);
        // Per command: wake read 4, count 1, rest; writes: command 8, reset 1, idle 1 (plus NACKed polls).
        Assert.Equal((3 * 4) + (2 * (1 + 6)) + (1 + 3), account.BytesRead);
        Assert.Equal(3 * (8 + 1 + 1), account.BytesWritten);
        Assert.True(account.NotAcknowledged > 0);
        Assert.Equal(account.NotAcknowledged + (3 * 6), account.Transactions);
        Assert.Equal(chip.NowMicroseconds - before, account.ElapsedMicroseconds);
        Assert.Equal(account.ElapsedMicroseconds, account.BusMicroseconds + account.DelayMicroseconds);
    }

    [Fact]
    public void AccountReset_ZeroesEverything()
    {
        host.Data(Opcode.Info, 0x00, 0);

        chip.Account.Reset();

        Assert.Equal(0, chip.Account.Transactions);
        Assert.Equal(0, chip.Account.BytesRead);
        Assert.Equal(0, chip.Account.ElapsedMicroseconds);
        Assert.Empty(chip.Account.ByOpcode);
    }
}
