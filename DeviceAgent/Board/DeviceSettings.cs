using DeviceAgent.Cloud;
using DeviceAgent.Storage;

namespace DeviceAgent.Board
{
    /// <summary>
    /// The board's provisioned configuration: Wi-Fi, the EST server and its trust anchor, the device id and its
    /// secrets, the MQTT broker and its anchor, the secure element's wiring. Never compiled into the image: it is
    /// imported once from a provisioning file (<see cref="SettingsFile"/>, DeviceAgent/README.md "Board") into the
    /// crash-safe record <see cref="RecordName"/>, and read from there at every boot.
    /// </summary>
    /// <remarks>
    /// Text fields are printable ASCII (the device has no text encoder for anything else; hosts, ids and secrets
    /// need no more). The record is at most about 4 KB: two anchors of <see cref="MaxAnchorLength"/> and the strings.
    /// </remarks>
    public sealed class DeviceSettings
    {
        /// <summary>Record name in the <see cref="RecordStore"/>.</summary>
        public const string RecordName = "settings";

        /// <summary>Encoding version.</summary>
        public const byte FormatVersion = 1;

        /// <summary>Largest trust anchor (a root CA certificate, DER).</summary>
        public const int MaxAnchorLength = 1536;

        /// <summary>Longest host name (RFC 1035 §2.3.4).</summary>
        public const int MaxHostLength = 253;

        /// <summary>Longest secret (bootstrap, re-enrollment, Wi-Fi password is 64 by 802.11).</summary>
        public const int MaxSecretLength = 128;

        /// <summary>ESP32-WROOM-32SE wiring of its on-module ATECC608 (esp-cryptoauthlib's defaults): I2C1, SDA GPIO16, SCL GPIO17.</summary>
        public const int DefaultI2cBus = 1, DefaultSdaPin = 16, DefaultSclPin = 17;

        /// <summary>The WROOM-32SE's Trust&amp;GO part answers at 0x35 (a blank ATECC608 at 0x60).</summary>
        public const int DefaultChipAddress = 0x35;

        /// <summary>Settings with the board defaults and nothing else.</summary>
        public DeviceSettings()
        {
            EstPort = 443;
            BrokerPort = 8883;
            I2cBus = DefaultI2cBus;
            SdaPin = DefaultSdaPin;
            SclPin = DefaultSclPin;
            ChipAddress = DefaultChipAddress;
            EstLabel = string.Empty;
            WifiPassword = string.Empty;
        }

        /// <summary>Wi-Fi network name (1..32).</summary>
        public string WifiSsid { get; set; }

        /// <summary>Wi-Fi passphrase (0..64; empty for an open network).</summary>
        public string WifiPassword { get; set; }

        /// <summary>Device id: certificate CN, EST user, MQTT client id (<see cref="CloudTopics.IsValidDeviceId"/>).</summary>
        public string DeviceId { get; set; }

        /// <summary>EST server host name (also the name its certificate must carry).</summary>
        public string EstHost { get; set; }

        /// <summary>EST server port.</summary>
        public int EstPort { get; set; }

        /// <summary>EST label (RFC 7030 §3.2.2), empty for none.</summary>
        public string EstLabel { get; set; }

        /// <summary>The EST trust anchor (DER).</summary>
        public byte[] EstAnchor { get; set; }

        /// <summary>Secret for the first enrollment and re-bootstrap (HTTP Basic).</summary>
        public string BootstrapSecret { get; set; }

        /// <summary>Secret for /simplereenroll over HTTP Basic (boards whose TLS cannot sign with the chip), or null.</summary>
        public string ReenrollSecret { get; set; }

        /// <summary>MQTT broker host name.</summary>
        public string BrokerHost { get; set; }

        /// <summary>MQTT broker port.</summary>
        public int BrokerPort { get; set; }

        /// <summary>The broker's trust anchor (DER).</summary>
        public byte[] BrokerAnchor { get; set; }

        /// <summary>I2C bus of the ATECC608 (1 or 2).</summary>
        public int I2cBus { get; set; }

        /// <summary>SDA GPIO.</summary>
        public int SdaPin { get; set; }

        /// <summary>SCL GPIO.</summary>
        public int SclPin { get; set; }

        /// <summary>7-bit I2C address of the ATECC608.</summary>
        public int ChipAddress { get; set; }

        /// <summary>The settings saved in <paramref name="records"/>, or null when none are (or the record is damaged beyond both copies).</summary>
        public static DeviceSettings Load(RecordStore records)
        {
            RecordLoad load = records.Load(RecordName);
            if (load.State == RecordState.Absent || load.State == RecordState.Corrupt)
            {
                return null;
            }

            return Decode(load.Payload, 0, load.Payload.Length);
        }

        /// <summary>Saves the settings (validated first).</summary>
        public void Save(RecordStore records)
        {
            byte[] data = Encode();
            records.Save(RecordName, data, 0, data.Length);
        }

        /// <summary>Throws <see cref="SettingsException"/> naming the first field out of bounds.</summary>
        public void Validate()
        {
            Text(WifiSsid, 1, 32, "wifi.ssid");
            Text(WifiPassword, 0, 64, "wifi.password");
            if (!CloudTopics.IsValidDeviceId(DeviceId))
            {
                throw new SettingsException(0, "device.id must be 1..64 of A-Z a-z 0-9 . _ -");
            }

            Text(EstHost, 1, MaxHostLength, "est.host");
            Text(EstLabel, 0, 64, "est.label");
            Text(BootstrapSecret, 1, MaxSecretLength, "est.bootstrap");
            if (ReenrollSecret != null)
            {
                Text(ReenrollSecret, 1, MaxSecretLength, "est.reenroll");
            }

            Text(BrokerHost, 1, MaxHostLength, "mqtt.host");
            Range(EstPort, 1, 65535, "est.port");
            Range(BrokerPort, 1, 65535, "mqtt.port");
            Anchor(EstAnchor, "est.anchor");
            Anchor(BrokerAnchor, "mqtt.anchor");
            Range(I2cBus, 1, 2, "i2c.bus");
            Range(SdaPin, 0, 39, "i2c.sda");
            Range(SclPin, 0, 39, "i2c.scl");
            Range(ChipAddress, 0x08, 0x77, "i2c.address");
            if (SdaPin == SclPin)
            {
                throw new SettingsException(0, "i2c.sda and i2c.scl must differ");
            }
        }

        /// <summary>The record payload: version, then each field in a fixed order (strings and DER with a 16-bit length, little-endian).</summary>
        public byte[] Encode()
        {
            Validate();
            var data = new byte[RecordStore.MaxPayload];
            int at = 0;
            data[at++] = FormatVersion;
            at = PutText(data, at, WifiSsid);
            at = PutText(data, at, WifiPassword);
            at = PutText(data, at, DeviceId);
            at = PutText(data, at, EstHost);
            at = Put16(data, at, EstPort);
            at = PutText(data, at, EstLabel);
            at = PutBytes(data, at, EstAnchor);
            at = PutText(data, at, BootstrapSecret);
            at = PutText(data, at, ReenrollSecret ?? string.Empty);
            at = PutText(data, at, BrokerHost);
            at = Put16(data, at, BrokerPort);
            at = PutBytes(data, at, BrokerAnchor);
            data[at++] = (byte)I2cBus;
            data[at++] = (byte)SdaPin;
            data[at++] = (byte)SclPin;
            data[at++] = (byte)ChipAddress;
            var result = new byte[at];
            System.Array.Copy(data, result, at);
            return result;
        }

        /// <summary>Decodes and validates a record payload; null for anything else (a damaged or foreign record).</summary>
        public static DeviceSettings Decode(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 1 || offset > data.Length - count || data[offset] != FormatVersion)
            {
                return null;
            }

            var reader = new Reader(data, offset + 1, offset + count);
            var s = new DeviceSettings();
            s.WifiSsid = reader.Text();
            s.WifiPassword = reader.Text();
            s.DeviceId = reader.Text();
            s.EstHost = reader.Text();
            s.EstPort = reader.U16();
            s.EstLabel = reader.Text();
            s.EstAnchor = reader.Bytes();
            s.BootstrapSecret = reader.Text();
            string reenroll = reader.Text();
            s.ReenrollSecret = reenroll != null && reenroll.Length > 0 ? reenroll : null;
            s.BrokerHost = reader.Text();
            s.BrokerPort = reader.U16();
            s.BrokerAnchor = reader.Bytes();
            s.I2cBus = reader.U8();
            s.SdaPin = reader.U8();
            s.SclPin = reader.U8();
            s.ChipAddress = reader.U8();
            if (!reader.Ok || !reader.AtEnd)
            {
                return null;
            }

            try
            {
                s.Validate();
            }
            catch (SettingsException)
            {
                return null;
            }

            return s;
        }

        /// <summary>True for printable ASCII (0x20..0x7E).</summary>
        public static bool IsPrintableAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < 0x20 || text[i] > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        private static void Text(string value, int min, int max, string name)
        {
            if (value == null || value.Length < min || value.Length > max || !IsPrintableAscii(value))
            {
                throw new SettingsException(0, name + " must be " + min + ".." + max + " printable ASCII characters");
            }
        }

        private static void Range(int value, int min, int max, string name)
        {
            if (value < min || value > max)
            {
                throw new SettingsException(0, name + " must be " + min + ".." + max);
            }
        }

        private static void Anchor(byte[] der, string name)
        {
            // a DER SEQUENCE; the chain code parses it fully when it is used
            if (der == null || der.Length < 2 || der.Length > MaxAnchorLength || der[0] != 0x30)
            {
                throw new SettingsException(0, name + " must be a DER certificate of at most " + MaxAnchorLength + " bytes");
            }
        }

        private static int PutText(byte[] data, int at, string text)
        {
            at = Put16(data, at, text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                data[at++] = (byte)text[i];
            }

            return at;
        }

        private static int PutBytes(byte[] data, int at, byte[] bytes)
        {
            at = Put16(data, at, bytes.Length);
            System.Array.Copy(bytes, 0, data, at, bytes.Length);
            return at + bytes.Length;
        }

        private static int Put16(byte[] data, int at, int value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
            return at + 2;
        }

        // Reads the fields back; any length past the end turns Ok off and yields empty values.
        private sealed class Reader
        {
            private readonly byte[] _data;
            private readonly int _end;
            private int _at;

            public Reader(byte[] data, int at, int end)
            {
                _data = data;
                _at = at;
                _end = end;
                Ok = true;
            }

            public bool Ok { get; private set; }

            public bool AtEnd
            {
                get { return _at == _end; }
            }

            public int U8()
            {
                if (_at >= _end)
                {
                    Ok = false;
                    return 0;
                }

                return _data[_at++];
            }

            public int U16()
            {
                return U8() | (U8() << 8);
            }

            public string Text()
            {
                int n = U16();
                if (!Ok || n > _end - _at)
                {
                    Ok = false;
                    return string.Empty;
                }

                var chars = new char[n];
                for (int i = 0; i < n; i++)
                {
                    chars[i] = (char)_data[_at++];
                }

                return new string(chars);
            }

            public byte[] Bytes()
            {
                int n = U16();
                if (!Ok || n > _end - _at)
                {
                    Ok = false;
                    return new byte[0];
                }

                var bytes = new byte[n];
                System.Array.Copy(_data, _at, bytes, 0, n);
                _at += n;
                return bytes;
            }
        }
    }
}
