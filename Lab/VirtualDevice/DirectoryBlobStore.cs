using Atecc608Simulator;
using DeviceAgent.Storage;

namespace Lab.VirtualDevice;

/// <summary>
/// The virtual device's flash: one file per blob in a directory, so a device survives the demo's reboots and a
/// rerun with the same --state-dir. A power cut can be armed at a write: that write leaves a torn file (half the
/// new bytes) and throws <see cref="SimulatedPowerLossException"/>, as the simulated chip does when it loses power.
/// </summary>
internal sealed class DirectoryBlobStore : IBlobStore
{
    private readonly string _directory;
    private int _writesUntilCut;

    public DirectoryBlobStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public int Writes { get; private set; }

    /// <summary>Cuts power during the <paramref name="n"/>-th write from now.</summary>
    public void CutPowerAtWrite(int n) => _writesUntilCut = n;

    public byte[]? Read(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void Write(string name, byte[] data, int offset, int count)
    {
        Writes++;
        if (_writesUntilCut > 0 && --_writesUntilCut == 0)
        {
            File.WriteAllBytes(PathOf(name), data.AsSpan(offset, count / 2).ToArray());
            throw new SimulatedPowerLossException();
        }

        File.WriteAllBytes(PathOf(name), data.AsSpan(offset, count).ToArray());
    }

    private string PathOf(string name) => Path.Combine(_directory, name + ".bin");
}
