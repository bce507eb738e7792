using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The names enum values carry in cloud payloads (lower-case, dash-separated). Needed because nanoFramework's
    /// <c>Enum.ToString()</c> gives the number; the names are part of the payload contract (DeviceAgent/README.md).
    /// </summary>
    public static class WireNames
    {
        private static readonly string[] Reports =
        {
            "none", "state-absent", "state-corrupt", "state-recovered", "not-due", "waiting", "window-skipped",
            "budget-too-short", "tier-climbed", "all-tiers-failed", "rejected", "stopped", "backing-off",
            "candidate-failed", "promoted", "policy-applied", "policy-rejected", "unexpected",
        };

        private static readonly string[] Tiers = { "operational", "expired-in-grace", "birth" };

        private static readonly string[] Phases = { "not-due", "due", "urgent", "grace", "lapsed" };

        private static readonly string[] Outcomes = { "none", "in-flight", "issued", "pending", "auth-failed", "rejected", "transient", "malformed" };

        private static readonly string[] JsonErrors =
        {
            "none", "too-large", "unexpected-end", "unexpected-character", "not-an-object", "nested", "too-many-fields",
            "string-too-long", "invalid-escape", "invalid-utf8", "control-character", "invalid-number", "invalid-literal",
            "duplicate-key", "trailing-data",
        };

        private static readonly string[] Rejections =
        {
            "none", "too-large", "malformed", "missing-id", "bad-id", "missing-op", "unknown-op", "unknown-field",
            "wrong-type", "missing-policy", "unexpected-policy", "bad-policy-encoding", "policy-rejected", "duplicate",
            "failed",
        };

        /// <summary>Name of a renewal report.</summary>
        public static string Of(RenewalReport value)
        {
            return Pick(Reports, (int)value);
        }

        /// <summary>Name of a credential tier.</summary>
        public static string Of(CredentialTier value)
        {
            return Pick(Tiers, (int)value);
        }

        /// <summary>Name of a renewal phase.</summary>
        public static string Of(RenewalPhase value)
        {
            return Pick(Phases, (int)value);
        }

        /// <summary>Name of a request outcome.</summary>
        public static string Of(RequestOutcome value)
        {
            return Pick(Outcomes, (int)value);
        }

        /// <summary>Name of a JSON fault.</summary>
        public static string Of(JsonError value)
        {
            return Pick(JsonErrors, (int)value);
        }

        /// <summary>Name of a command rejection.</summary>
        public static string Of(CommandRejection value)
        {
            return Pick(Rejections, (int)value);
        }

        private static string Pick(string[] names, int index)
        {
            return index >= 0 && index < names.Length ? names[index] : "unknown";
        }
    }
}
