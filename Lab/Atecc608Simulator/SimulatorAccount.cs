using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>
/// What a host cost the simulated chip since the last <see cref="Reset"/>: I2C transactions, bytes, modelled
/// time and commands per opcode. For benchmarks of driver strategies (polling interval, idle vs sleep, bus speed).
/// </summary>
public sealed class SimulatorAccount
{
    private readonly Func<long> clock;
    private readonly Dictionary<Opcode, OpcodeTally> byOpcode = [];
    private long startedAt;

    internal SimulatorAccount(Func<long> clock)
    {
        this.clock = clock;
        startedAt = clock();
    }

    /// <summary>I2C reads and writes, acknowledged or not (wake pulses are counted in <see cref="Wakes"/>).</summary>
    public long Transactions { get; private set; }

    /// <summary>Transactions the chip did not acknowledge (asleep, idle, waking, busy, or an injected NACK).</summary>
    public long NotAcknowledged { get; private set; }

    /// <summary>Wake pulses sent.</summary>
    public long Wakes { get; private set; }

    /// <summary>Bytes written in acknowledged writes, word-address bytes included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Bytes read in acknowledged reads.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Command groups the chip received (including ones rejected for CRC or framing).</summary>
    public long Commands { get; private set; }

    /// <summary>Modelled time spent on the bus (transactions and wake pulses).</summary>
    public long BusMicroseconds { get; private set; }

    /// <summary>Modelled time the host spent in <see cref="SimulatedAtecc608.Delay"/>.</summary>
    public long DelayMicroseconds { get; private set; }

    /// <summary>Modelled busy time of all commands received.</summary>
    public long ExecutionMicroseconds { get; private set; }

    /// <summary>Modelled time since the last reset (or since the simulator was created).</summary>
    public long ElapsedMicroseconds => clock() - startedAt;

    /// <summary>Per opcode: count and execution time.</summary>
    public IReadOnlyDictionary<Opcode, OpcodeTally> ByOpcode => byOpcode;

    /// <summary>How many commands with <paramref name="opcode"/> were received.</summary>
    public int CountOf(Opcode opcode) => byOpcode.TryGetValue(opcode, out OpcodeTally tally) ? tally.Count : 0;

    /// <summary>Zeroes every figure and restarts <see cref="ElapsedMicroseconds"/> from now.</summary>
    public void Reset()
    {
        Transactions = 0;
        NotAcknowledged = 0;
        Wakes = 0;
        BytesWritten = 0;
        BytesRead = 0;
        Commands = 0;
        BusMicroseconds = 0;
        DelayMicroseconds = 0;
        ExecutionMicroseconds = 0;
        byOpcode.Clear();
        startedAt = clock();
    }

    /// <summary>One line for a benchmark log.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Transactions} transactions ({NotAcknowledged} NACKed), {Wakes} wakes, {BytesWritten} B written, {BytesRead} B read, {Commands} commands, {ElapsedMicroseconds} µs modelled");

    internal void RecordTransaction(bool acknowledged, int bytesWritten, int bytesRead, long busMicroseconds)
    {
        Transactions++;
        if (!acknowledged)
        {
            NotAcknowledged++;
        }

        BytesWritten += bytesWritten;
        BytesRead += bytesRead;
        BusMicroseconds += busMicroseconds;
    }

    internal void RecordWake(long busMicroseconds)
    {
        Wakes++;
        BusMicroseconds += busMicroseconds;
    }

    internal void RecordDelay(long microseconds) => DelayMicroseconds += microseconds;

    internal void RecordCommand(Opcode? opcode, long executionMicroseconds)
    {
        Commands++;
        ExecutionMicroseconds += executionMicroseconds;
        if (opcode is Opcode op)
        {
            OpcodeTally tally = byOpcode.GetValueOrDefault(op);
            byOpcode[op] = new OpcodeTally(tally.Count + 1, tally.ExecutionMicroseconds + executionMicroseconds);
        }
    }
}
