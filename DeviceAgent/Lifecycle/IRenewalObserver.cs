using DeviceAgent.Est;
using DeviceAgent.Renewal;

namespace DeviceAgent.Lifecycle
{
    /// <summary>What the runner did, for a log, a status message or a progress display. Never given secrets.</summary>
    public interface IRenewalObserver
    {
        /// <summary>The engine answered <paramref name="evt"/> with <paramref name="step"/>.</summary>
        void OnStep(RunnerEvent evt, RenewalStep step);

        /// <summary>An EST exchange finished: <paramref name="operation"/> is the path segment (cacerts, simpleenroll, simplereenroll).</summary>
        void OnExchange(string operation, CredentialTier tier, EstOutcome outcome);
    }
}
