using Atecc608Simulator;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using Xunit.Abstractions;

namespace Lab.Tests.Lifecycle;

/// <summary>
/// Issue #6's crash-safety run: a full lifecycle (bootstrap enrollment, a renewal answered 202 then 200 with the
/// same CSR, a rekey on a spare slot, a renewal on the rekeyed slot, each promoted after a trial connect) is replayed
/// once per cut point, with the power cut at that point: every flash write (leaving a torn blob) and every gap
/// between two chip commands. After each cut the board reboots and must still hold a usable certificate and key if
/// it held one before, or be enrolling with the birth credential if it never did; then it must finish the lifecycle.
/// </summary>
public sealed class CrashSafetySweepTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private static readonly DateTime Start = new(2027, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, Action<VirtualBoard> Run)[] Lifecycle =
    [
        ("boot", b => b.Boot()),
        ("bootstrap window", b => b.Window()),
        ("idle before due", b => { b.AdvanceToDue(); b.Runner.Idle(); }),
        ("202 window", b => { b.Est.Pending = true; b.Window(); }),
        ("approved window", b => { b.Est.Pending = false; b.Now += TimeSpan.FromSeconds(b.Est.RetryAfterSeconds + 60); b.Window(); }),
        ("rekey command", b => b.Runner.Rekey()),
        ("rekey window", b => b.Window()),
        ("renewal window", b => { b.AdvanceToDue(); b.Window(); }),
    ];

    [Fact]
    public void Uncut_Lifecycle_GoesThroughEveryPhase()
    {
        using var board = new VirtualBoard(Start, Lifetime);
        var slots = new List<int>();
        foreach ((string _, Action<VirtualBoard> run) in Lifecycle)
        {
            run(board);
            if (board.UsableCertificate() is not null)
            {
                slots.Add(board.Runner.Credentials.LoadCurrent().KeySlot);
            }
        }

        Assert.True(board.Settled());
        Assert.Equal(4, board.Est.Enrollments);                 // bootstrap, approved renewal, rekey, renewal
        Assert.Equal(4, board.Runner.Engine.State.Promotions);
        Assert.Equal(1, board.Runner.Engine.State.Renewals - 3); // four issued in all
        Assert.Equal([0, 0, 0, 0, 0, 1, 1], slots);               // the rekey moved the key from slot 0 to slot 1
    }

    [Fact]
    public void PowerCut_AtEveryFlashWriteAndBetweenEveryChipCommand_LeavesAUsableIdentity()
    {
        (int writes, long commands) = CountCutPoints();
        int tried = 0;
        for (int k = 1; k <= writes; k++)
        {
            Sweep(board => board.Flash.CutAtWrite = k, "flash write " + k);
            tried++;
        }

        for (int k = 1; k <= commands; k++)
        {
            Sweep(board => board.Simulator.Faults.PowerLossAfterCommand(k), "after chip command " + k);
            tried++;
        }

        output.WriteLine($"cut points tried: {tried} ({writes} flash writes, {commands} chip commands) over one lifecycle");
        Assert.True(writes > 20 && commands > 40, $"too few cut points ({writes}, {commands}): the lifecycle did not run");
    }

    private static (int Writes, long Commands) CountCutPoints()
    {
        using var board = new VirtualBoard(Start, Lifetime);
        long before = board.Simulator.Account.Commands;
        foreach ((string _, Action<VirtualBoard> run) in Lifecycle)
        {
            run(board);
        }

        return (board.Flash.Writes, board.Simulator.Account.Commands - before);
    }

    private static void Sweep(Action<VirtualBoard> arm, string where)
    {
        using var board = new VirtualBoard(Start, Lifetime);
        arm(board);
        bool held = false;
        bool cut = false;
        foreach ((string name, Action<VirtualBoard> run) in Lifecycle)
        {
            try
            {
                run(board);
            }
            catch (SimulatedPowerLossException)
            {
                Assert.False(cut, where + ": a second cut");
                cut = true;
                board.Boot();
                Certificate? after = board.UsableCertificate();
                if (held)
                {
                    Assert.True(after is not null, $"{where} (in {name}): the certificate was lost");
                }
                else if (after is null)
                {
                    Assert.Equal(CredentialTier.Birth, board.Runner.Engine.State.Tier);
                }
            }

            held |= board.Runner.CurrentCredential() is not null;   // no chip command: the cut may still be ahead
        }

        Assert.True(cut, where + ": the cut never happened");

        // The interrupted step (a window, a command) may be lost, as a real one would be: the device catches up in
        // the following days' windows.
        board.Est.Pending = false;
        for (int day = 0; day < 40 && !board.Settled(); day++)
        {
            board.Now += TimeSpan.FromDays(1);
            board.Runner.Idle();
            board.Window();
        }

        Assert.True(board.Settled(), where + ": did not settle; last report " + board.Runner.Status().LastOutcome);
        Assert.NotNull(board.UsableCertificate());
    }
}
