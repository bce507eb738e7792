namespace Atecc608Simulator;

/// <summary>What the simulated chip is doing at the current modelled time (facts/atecc608.md §1.5, §1.6).</summary>
public enum ChipPowerState
{
    /// <summary>Power-on state and after sleep or watchdog expiry: volatile state gone, every transaction NACKed.</summary>
    Asleep,

    /// <summary>Wake pulse seen; the chip NACKs until tWHI has passed.</summary>
    Waking,

    /// <summary>Awake and ready: transactions are acknowledged.</summary>
    Awake,

    /// <summary>Executing a command: transactions are NACKed until the modelled execution time has passed.</summary>
    Busy,

    /// <summary>Idle: volatile state kept, watchdog stopped, every transaction NACKed until the next wake.</summary>
    Idle,
}
