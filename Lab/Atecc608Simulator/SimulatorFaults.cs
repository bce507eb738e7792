namespace Atecc608Simulator;

/// <summary>
/// Fault injection for the simulated chip: each fault is armed here and consumed by the bus traffic that
/// triggers it, so tests can drive every error path a host driver claims to handle.
/// </summary>
public sealed class SimulatorFaults
{
    private int nackTransactions;
    private int ignoredWakes;
    private bool corruptCrc;
    private bool corruptCrcPersistent;
    private byte? replacementStatus;
    private bool watchdogExpiry;
    private int commandsUntilPowerLoss;

    /// <summary>True while any fault is armed and not yet consumed.</summary>
    public bool AnyPending => nackTransactions > 0 || ignoredWakes > 0 || corruptCrc || replacementStatus.HasValue
        || watchdogExpiry || commandsUntilPowerLoss > 0;

    /// <summary>The next <paramref name="count"/> reads or writes are NACKed and have no effect.</summary>
    public void NackNextTransactions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        nackTransactions = count;
    }

    /// <summary>
    /// The next command response (not the wake reply) arrives with a wrong CRC. By default the corruption is on
    /// the wire, as bus noise is: only the first read of the CRC byte is wrong, and re-reading the response gives
    /// good bytes. With <paramref name="persistent"/> the chip's stored response itself is wrong, so every read is.
    /// </summary>
    public void CorruptNextResponseCrc(bool persistent = false)
    {
        corruptCrc = true;
        corruptCrcPersistent = persistent;
    }

    /// <summary>
    /// The next command is not executed; its response is a status group carrying <paramref name="status"/>
    /// (e.g. 0x05 ECC fault, 0x11 after-wake, 0xEE watchdog). It still costs its execution time.
    /// </summary>
    public void ReplaceNextStatus(byte status) => replacementStatus = status;

    /// <summary>The next <paramref name="count"/> wake pulses that should wake the chip leave it asleep (or idle).</summary>
    public void IgnoreNextWakes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ignoredWakes = count;
    }

    /// <summary>
    /// The watchdog expires right after the next command: its response can still be polled for and read (reads
    /// and read-pointer resets work), but the chip falls asleep (volatile state lost) before the host's next
    /// command, idle, sleep or wake; that write is NACKed.
    /// </summary>
    public void ExpireWatchdogAfterNextCommand() => watchdogExpiry = true;

    /// <summary>
    /// Power fails right after the <paramref name="commandNumber"/>-th command from now has executed (1 = the
    /// next one): its non-volatile effects are kept, volatile state and the response are lost, the host's next
    /// Write, Read or SendWake throws <see cref="SimulatedPowerLossException"/> and the chip is asleep afterwards.
    /// </summary>
    public void PowerLossAfterCommand(int commandNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(commandNumber);
        commandsUntilPowerLoss = commandNumber;
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        nackTransactions = 0;
        ignoredWakes = 0;
        corruptCrc = false;
        corruptCrcPersistent = false;
        replacementStatus = null;
        watchdogExpiry = false;
        commandsUntilPowerLoss = 0;
    }

    internal bool TakeNack() => Take(ref nackTransactions);

    internal bool TakeIgnoredWake() => Take(ref ignoredWakes);

    internal bool TakeCrcCorruption(out bool persistent)
    {
        persistent = corruptCrcPersistent;
        return Take(ref corruptCrc);
    }

    internal bool TakeWatchdogExpiry() => Take(ref watchdogExpiry);

    internal byte? TakeReplacementStatus()
    {
        byte? status = replacementStatus;
        replacementStatus = null;
        return status;
    }

    /// <summary>Counts one executed command; true when power fails after it.</summary>
    internal bool TakePowerLoss() => commandsUntilPowerLoss > 0 && --commandsUntilPowerLoss == 0;

    private static bool Take(ref int counter)
    {
        if (counter <= 0)
        {
            return false;
        }

        counter--;
        return true;
    }

    private static bool Take(ref bool flag)
    {
        bool was = flag;
        flag = false;
        return was;
    }
}
