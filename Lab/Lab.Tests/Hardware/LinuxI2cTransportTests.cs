using Lab.Hardware;

namespace Lab.Tests.Hardware;

/// <summary>
/// The device-name parsing of the Linux I2C adapter. The transfers themselves need a real /dev/i2c-N and an
/// ATECC608 on it, which CI does not have; they are exercised with --real-chip on such a machine.
/// </summary>
public class LinuxI2cTransportTests
{
    [Theory]
    [InlineData("/dev/i2c")]
    [InlineData("/dev/i2c-x")]
    [InlineData("i2c-1")]
    [InlineData("/dev/spidev0.0")]
    public void Open_MalformedDeviceName_IsRejectedWithTheExpectedForm(string device)
    {
        var e = Assert.Throws<ArgumentException>(() => LinuxI2cTransport.Open(device));
        Assert.Contains("/dev/i2c-N[:address]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BusWithoutDeviceNode_FailsWithIOErrorNotAHang()
    {
        // Bus 250 does not exist on any machine here; opening it must fail fast and say so.
        Exception e = Assert.ThrowsAny<Exception>(() => LinuxI2cTransport.Open("/dev/i2c-250:0x35"));
        Assert.True(e is IOException or UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException or PlatformNotSupportedException, e.GetType().Name);
    }
}
