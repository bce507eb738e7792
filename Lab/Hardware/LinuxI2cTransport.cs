using System.Device.I2c;
using Atecc608Driver;

namespace Lab.Hardware;

/// <summary>
/// <see cref="IAtecc608Transport"/> over a Linux I2C bus (/dev/i2c-N) with dotnet/iot's System.Device.I2c, so the
/// portable driver runs against a real ATECC608 on a Raspberry Pi-class gateway.
/// </summary>
/// <remarks>
/// Linux's i2c-dev reports a NACK as an <see cref="IOException"/> (EREMOTEIO/ENXIO); it is mapped back to
/// <see cref="TransportStatus.NotAcknowledged"/> because the driver polls on it. The bus clock is fixed by the
/// kernel (device tree, typically 100 kHz on a Pi), which the wake pulse needs: the eight zero bits of the
/// general-call address at 100 kHz hold SDA low for 80 µs ≥ tWLO 60 µs (facts/atecc608.md §1.3, §12.1).
/// </remarks>
public sealed class LinuxI2cTransport : IAtecc608Transport, IDisposable
{
    private readonly I2cDevice _chip;
    private readonly I2cDevice _generalCall;

    /// <summary>Opens <c>/dev/i2c-{busId}</c> for the chip at the 7-bit <paramref name="address"/>.</summary>
    public LinuxI2cTransport(int busId, int address)
    {
        _chip = I2cDevice.Create(new I2cConnectionSettings(busId, address));
        _generalCall = I2cDevice.Create(new I2cConnectionSettings(busId, 0x00));
    }

    /// <summary>Parses "/dev/i2c-1" or "/dev/i2c-1:0x35" (address defaults to 0x60, a blank ATECC608).</summary>
    public static LinuxI2cTransport Open(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string path = device;
        int address = 0x60;
        int colon = device.LastIndexOf(':');
        if (colon > 0)
        {
            path = device[..colon];
            address = Convert.ToInt32(device[(colon + 1)..], 16);
        }

        const string Prefix = "/dev/i2c-";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !int.TryParse(path.AsSpan(Prefix.Length), out int bus))
        {
            throw new ArgumentException($"expected /dev/i2c-N[:address], got '{device}'", nameof(device));
        }

        return new LinuxI2cTransport(bus, address);
    }

    public TransportStatus Write(byte[] buffer, int offset, int count) => Transfer(() => _chip.Write(buffer.AsSpan(offset, count)));

    public TransportStatus Read(byte[] buffer, int offset, int count) => Transfer(() => _chip.Read(buffer.AsSpan(offset, count)));

    public TransportStatus SendWake()
    {
        // Nobody acknowledges the general call; the NACK is the expected outcome.
        Transfer(() => _generalCall.WriteByte(0x00));
        return TransportStatus.Ok;
    }

    public void Delay(int microseconds)
    {
        if (microseconds <= 0)
        {
            return;
        }

        // Thread.Sleep rounds to the scheduler tick; spin for sub-millisecond waits such as tWHI.
        if (microseconds < 2000)
        {
            var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(50);
            }

            return;
        }

        Thread.Sleep(TimeSpan.FromMicroseconds(microseconds));
    }

    public void Dispose()
    {
        _chip.Dispose();
        _generalCall.Dispose();
    }

    private static TransportStatus Transfer(Action transfer)
    {
        try
        {
            transfer();
            return TransportStatus.Ok;
        }
        catch (IOException)
        {
            return TransportStatus.NotAcknowledged;
        }
    }
}
