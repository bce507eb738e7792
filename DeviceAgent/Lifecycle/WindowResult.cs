using DeviceAgent.Est;
using DeviceAgent.Renewal;

namespace DeviceAgent.Lifecycle
{
    /// <summary>What one connectivity window achieved (<see cref="RenewalRunner.RunWindow"/>).</summary>
    public sealed class WindowResult
    {
        /// <summary>EST enrollment requests sent (/simpleenroll, /simplereenroll).</summary>
        public int Requests { get; internal set; }

        /// <summary>/cacerts requests sent.</summary>
        public int CaCertsRequests { get; internal set; }


        /// <summary>True when a new certificate became current in this window.</summary>
        public bool Promoted { get; internal set; }

        /// <summary>The last enrollment outcome, or <see cref="EstOutcomeKind.Success"/> with <see cref="Requests"/> 0 when none was sent.</summary>
        public EstOutcomeKind LastOutcome { get; internal set; }

        /// <summary>The engine's last report in the window.</summary>
        public RenewalReport Report { get; internal set; }


        /// <summary>A chip error stopped the window (the engine's state is unchanged by it).</summary>
        public bool ChipFailed { get; internal set; }
    }
}
