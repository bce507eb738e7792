namespace Lab.FleetSim;

/// <summary>What happens to the whole fleet at once.</summary>
internal enum ScenarioEventKind
{
    /// <summary>The EST server becomes unreachable.</summary>
    OutageStart = 0,

    /// <summary>The EST server is back.</summary>
    OutageEnd = 1,

    /// <summary>The cloud sends Rekey to every device; the server allows rekey from now on.</summary>
    RekeyCampaign = 2,

    /// <summary>Root CA rollover (new root and issuing CA, links in /cacerts).</summary>
    RootRollover = 3,

    /// <summary>The old root is retired.</summary>
    RetireOldRoot = 4,

    /// <summary>One device of a revocation sample is revoked.</summary>
    Revocation = 5,
}

/// <summary>A scheduled event; <see cref="Day"/> is the scenario day it belongs to, <see cref="Device"/> the device concerned or -1 for all.</summary>
internal sealed record ScenarioEvent(ScenarioEventKind Kind, int Day, int Device = -1);
