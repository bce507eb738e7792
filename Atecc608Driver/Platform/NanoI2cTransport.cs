using System;
using System.Device.I2c;
using System.Threading;

namespace Atecc608Driver.Platform
{
    /// <summary>
    /// <see cref="IAtecc608Transport"/> over nanoFramework's System.Device.I2c (board only; thin by design).
    /// </summary>
    /// <remarks>
    /// Both devices run at 100 kHz: the bus speed is global and set by the last-constructed I2cDevice, and the
    /// wake pulse relies on the 8 zero bits of address 0x00 at 100 kHz holding SDA low for about 80 µs
    /// (facts/nanoframework-api.md §1.2–1.3). On ESP32 any NACK, address or data, is reported as
    /// SlaveAddressNotAcknowledged and PartialTransfer is never produced.
    /// </remarks>
    public sealed class NanoI2cTransport : IAtecc608Transport, IDisposable
    {
        /// <summary>7-bit address of a blank ATECC608A/B (config byte 16 = 0xC0).</summary>
        public const int DefaultAddress = 0x60;

        private readonly I2cDevice _chip;
        private readonly I2cDevice _generalCall;
        private readonly byte[] _wakeByte = new byte[1];

        /// <summary>Opens the chip at <paramref name="address"/> on bus <paramref name="busId"/> (1 = I2C1).</summary>
        public NanoI2cTransport(int busId, int address)
        {
            _generalCall = new I2cDevice(new I2cConnectionSettings(busId, 0x00, I2cBusSpeed.StandardMode));
            _chip = new I2cDevice(new I2cConnectionSettings(busId, address, I2cBusSpeed.StandardMode));
        }

        /// <inheritdoc />
        public TransportStatus Write(byte[] buffer, int offset, int count)
        {
            return Map(_chip.Write(new SpanByte(buffer, offset, count)).Status);
        }

        /// <inheritdoc />
        public TransportStatus Read(byte[] buffer, int offset, int count)
        {
            return Map(_chip.Read(new SpanByte(buffer, offset, count)).Status);
        }

        /// <inheritdoc />
        public TransportStatus SendWake()
        {
            // Nobody acknowledges the general-call byte; the NACK is the expected outcome.
            I2cTransferStatus status = _generalCall.Write(new SpanByte(_wakeByte)).Status;
            return status == I2cTransferStatus.ClockStretchTimeout ? TransportStatus.Timeout : TransportStatus.Ok;
        }

        /// <inheritdoc />
        public void Delay(int microseconds)
        {
            // Thread.Sleep has millisecond granularity (and the RTOS tick on ESP32): round up, never down.
            Thread.Sleep((microseconds + 999) / 1000);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _chip.Dispose();
            _generalCall.Dispose();
        }

        private static TransportStatus Map(I2cTransferStatus status)
        {
            switch (status)
            {
                case I2cTransferStatus.FullTransfer: return TransportStatus.Ok;
                case I2cTransferStatus.SlaveAddressNotAcknowledged: return TransportStatus.NotAcknowledged;
                case I2cTransferStatus.ClockStretchTimeout: return TransportStatus.Timeout;
                default: return TransportStatus.BusError;
            }
        }
    }
}
