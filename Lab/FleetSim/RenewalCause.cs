namespace Lab.FleetSim;

/// <summary>Why a certificate was issued to a device, as the simulation classifies it when the device accepts it.</summary>
internal enum RenewalCause
{
    /// <summary>The device held no certificate yet (bootstrap enrollment).</summary>
    Enrollment = 0,

    /// <summary>Due by the renewal policy (the jittered due point, urgency, grace).</summary>
    Scheduled = 1,

    /// <summary>Sent while the device's time was unknown (after a power cut without SNTP): the engine treats that as due.</summary>
    ClockLoss = 2,

    /// <summary>Asked for by a cloud command (the mass rekey).</summary>
    Command = 3,
}
