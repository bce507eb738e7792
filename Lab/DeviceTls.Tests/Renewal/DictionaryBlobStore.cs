using DeviceAgent.Storage;

namespace Lab.DeviceTls.Tests.Renewal;

/// <summary>The board's flash for the integration run: blobs in memory that outlive the device's reboots.</summary>
internal sealed class DictionaryBlobStore : IBlobStore
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public byte[]? Read(string name) => _blobs.TryGetValue(name, out byte[]? blob) ? (byte[])blob.Clone() : null;

    public void Write(string name, byte[] data, int offset, int count)
    {
        Writes++;
        _blobs[name] = data.AsSpan(offset, count).ToArray();
    }
}
