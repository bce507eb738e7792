using System;

namespace DeviceAgent.Board
{
    /// <summary>A provisioning file or settings value the device refuses; <see cref="Line"/> says where (0: not from a file).</summary>
    public sealed class SettingsException : Exception
    {
        /// <summary>Refusal at <paramref name="line"/> (1-based; 0 when not from a file).</summary>
        public SettingsException(int line, string message)
            : base(line > 0 ? "line " + line + ": " + message : message)
        {
            Line = line;
        }

        /// <summary>1-based line of the provisioning file, or 0.</summary>
        public int Line { get; }
    }
}
