using Atecc608Simulator;
using DeviceAgent.Storage;

namespace Lab.Tests.Lifecycle;

/// <summary>
/// Flash in memory that survives reboots, with a power cut armed at the n-th write: that write leaves a torn blob
/// (the first half of the new bytes, as a cut in the middle of a page program would) and throws
/// <see cref="SimulatedPowerLossException"/>, the same exception the simulated chip throws, so one handler models
/// the board losing power wherever it happens.
/// </summary>
internal sealed class PowerCutBlobStore : IBlobStore
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    /// <summary>Writes so far.</summary>
    public int Writes { get; private set; }

    /// <summary>The write (1-based, counted from the start) that is cut; 0 for none.</summary>
    public int CutAtWrite { get; set; }

    public byte[]? Read(string name) => _blobs.TryGetValue(name, out byte[]? blob) ? (byte[])blob.Clone() : null;

    public void Write(string name, byte[] data, int offset, int count)
    {
        Writes++;
        if (Writes == CutAtWrite)
        {
            _blobs[name] = data.AsSpan(offset, count / 2).ToArray();
            throw new SimulatedPowerLossException();
        }

        _blobs[name] = data.AsSpan(offset, count).ToArray();
    }
}
