namespace Atecc608Simulator;

/// <summary>
/// Thrown by the simulator's next bus call after an injected power loss
/// (<see cref="SimulatorFaults.PowerLossAfterCommand"/>), so a test can model the host MCU losing power with the
/// chip. The chip keeps its non-volatile state and is asleep afterwards, as after a power cycle.
/// </summary>
public class SimulatedPowerLossException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulatedPowerLossException()
        : base("simulated power loss: the host and the simulated ATECC608 lost power")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SimulatedPowerLossException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public SimulatedPowerLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
