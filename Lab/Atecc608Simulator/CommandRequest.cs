using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>A command group that passed the count and CRC checks (facts/atecc608.md §2.1).</summary>
internal readonly record struct CommandRequest(Opcode Opcode, byte Param1, ushort Param2, byte[] Data)
{
    /// <summary>Parses a group whose count and CRC were already checked.</summary>
    public static CommandRequest Parse(byte[] group, int offset, int count) => new(
        (Opcode)group[offset + 1],
        group[offset + 2],
        (ushort)(group[offset + 3] | (group[offset + 4] << 8)),
        group.AsSpan(offset + 5, count - Packet.MinCommandLength).ToArray());
}
