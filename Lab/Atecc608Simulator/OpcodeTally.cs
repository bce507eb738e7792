namespace Atecc608Simulator;

/// <summary>How often one opcode was received and how much modelled execution time it used.</summary>
/// <param name="Count">Command groups with this opcode that passed the CRC check.</param>
/// <param name="ExecutionMicroseconds">Modelled busy time those commands caused.</param>
public readonly record struct OpcodeTally(int Count, long ExecutionMicroseconds);
