using System;
using Atecc608Driver;
using DeviceAgent.Pki;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// <see cref="ICsrSource"/> over the ATECC608: CN = device id and a subjectAltName URI <c>urn:dev:&lt;id&gt;</c>
    /// (the names the Lab EST server's policy expects); key usage and EKU are the CA's choice.
    /// </summary>
    public sealed class ChipCsrSource : ICsrSource
    {
        /// <summary>Prefix of the device's URI name.</summary>
        public const string DeviceUrnPrefix = "urn:dev:";

        private readonly Atecc608 _chip;
        private readonly string _deviceId;

        /// <summary>Requests for <paramref name="deviceId"/> signed by <paramref name="chip"/>.</summary>
        public ChipCsrSource(Atecc608 chip, string deviceId)
        {
            if (chip == null)
            {
                throw new ArgumentNullException(nameof(chip));
            }

            if (deviceId == null || deviceId.Length == 0 || deviceId.Length > Pkcs10Builder.MaxNameLength)
            {
                throw new ArgumentException("device id of 1 to 64 characters required", nameof(deviceId));
            }

            _chip = chip;
            _deviceId = deviceId;
        }

        /// <inheritdoc/>
        public byte[] BuildCsr(int keySlot, bool generateKey)
        {
            if (generateKey)
            {
                _chip.GenKeyCreate(keySlot);
            }

            var builder = new Pkcs10Builder(new ChipSigner(_chip, keySlot));
            builder.CommonName = _deviceId;
            builder.AddUri(DeviceUrnPrefix + _deviceId);
            var buffer = new byte[builder.GetMaxLength()];
            int length = builder.Build(buffer, 0, buffer.Length);
            var csr = new byte[length];
            Array.Copy(buffer, 0, csr, 0, length);
            return csr;
        }

        /// <inheritdoc/>
        public IDigestSigner SignerFor(int keySlot)
        {
            return new ChipSigner(_chip, keySlot);
        }
    }
}
