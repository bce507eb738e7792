namespace Atecc608Driver.Config
{
    /// <summary>
    /// One result of <see cref="KeySlotCheck"/>: its severity, the rule of facts/atecc608.md §5.4 (R1–R9) and a
    /// sentence for a field engineer.
    /// </summary>
    public sealed class KeySlotFinding
    {
        /// <summary>Creates a finding.</summary>
        public KeySlotFinding(KeySlotSeverity severity, int rule, string message)
        {
            Severity = severity;
            Rule = rule;
            Message = message;
        }

        /// <summary>Error or warning.</summary>
        public KeySlotSeverity Severity { get; }

        /// <summary>The rule number, 1–9 for R1–R9.</summary>
        public int Rule { get; }

        /// <summary>What is wrong and why it matters.</summary>
        public string Message { get; }

        /// <summary>True for <see cref="KeySlotSeverity.Error"/>.</summary>
        public bool IsError
        {
            get { return Severity == KeySlotSeverity.Error; }
        }

        /// <summary>"error R3: …" or "warning R7: …".</summary>
        public override string ToString()
        {
            return (IsError ? "error R" : "warning R") + Rule + ": " + Message;
        }
    }
}
