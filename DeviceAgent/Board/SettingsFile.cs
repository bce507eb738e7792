using DeviceAgent.Pki;

namespace DeviceAgent.Board
{
    /// <summary>
    /// Reads the provisioning file: <c>key=value</c> lines of printable ASCII (LF or CRLF; blank lines and lines
    /// starting with <c>#</c> ignored), each key at most once, no unknown keys, anchors as one-line base64 DER. The
    /// keys are listed in DeviceAgent/README.md ("Board"); <c>est.label</c>, <c>est.reenroll</c>,
    /// <c>wifi.password</c> and the <c>i2c.*</c> keys are optional. Strict, so a typo stops provisioning with the
    /// line it is on instead of leaving a device that fails later for no visible reason.
    /// </summary>
    public static class SettingsFile
    {
        /// <summary>Largest file read: two 1.5 KB anchors in base64 and the rest.</summary>
        public const int MaxLength = 8192;

        private static readonly string[] Keys =
        {
            "wifi.ssid", "wifi.password", "device.id", "est.host", "est.port", "est.label", "est.anchor", "est.bootstrap",
            "est.reenroll", "mqtt.host", "mqtt.port", "mqtt.anchor", "i2c.bus", "i2c.sda", "i2c.scl", "i2c.address",
        };

        // Keys every file must give.
        private static readonly string[] Required = { "wifi.ssid", "device.id", "est.host", "est.anchor", "est.bootstrap", "mqtt.host", "mqtt.anchor" };

        /// <summary>The validated settings in <paramref name="text"/>[offset .. offset+count); throws <see cref="SettingsException"/>.</summary>
        public static DeviceSettings Parse(byte[] text, int offset, int count)
        {
            if (text == null || offset < 0 || count < 0 || offset > text.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (count > MaxLength)
            {
                throw new SettingsException(0, "provisioning file larger than " + MaxLength + " bytes");
            }

            var settings = new DeviceSettings();
            var seen = new bool[Keys.Length];
            int line = 0;
            int at = offset;
            int end = offset + count;
            while (at < end)
            {
                line++;
                int stop = at;
                while (stop < end && text[stop] != '\n')
                {
                    stop++;
                }

                int last = stop > at && text[stop - 1] == '\r' ? stop - 1 : stop;
                ParseLine(text, at, last, line, settings, seen);
                at = stop + 1;
            }

            for (int i = 0; i < Required.Length; i++)
            {
                if (!seen[IndexOf(Required[i])])
                {
                    throw new SettingsException(0, Required[i] + " is missing");
                }
            }

            settings.Validate();
            return settings;
        }

        private static void ParseLine(byte[] text, int start, int end, int line, DeviceSettings s, bool[] seen)
        {
            if (start == end || text[start] == '#')
            {
                return;
            }

            int equals = -1;
            for (int i = start; i < end; i++)
            {
                if (text[i] < 0x20 || text[i] > 0x7E)
                {
                    throw new SettingsException(line, "only printable ASCII is allowed");
                }

                if (equals < 0 && text[i] == '=')
                {
                    equals = i;
                }
            }

            if (equals < 0)
            {
                throw new SettingsException(line, "expected key=value");
            }

            string key = Ascii(text, start, equals);
            string value = Ascii(text, equals + 1, end);
            int index = IndexOf(key);
            if (index < 0)
            {
                throw new SettingsException(line, "unknown key '" + key + "'");
            }

            if (seen[index])
            {
                throw new SettingsException(line, key + " given twice");
            }

            seen[index] = true;
            switch (index)
            {
                case 0: s.WifiSsid = value; break;
                case 1: s.WifiPassword = value; break;
                case 2: s.DeviceId = value; break;
                case 3: s.EstHost = value; break;
                case 4: s.EstPort = Number(value, line); break;
                case 5: s.EstLabel = value; break;
                case 6: s.EstAnchor = Der(value, line); break;
                case 7: s.BootstrapSecret = value; break;
                case 8: s.ReenrollSecret = value.Length == 0 ? null : value; break;
                case 9: s.BrokerHost = value; break;
                case 10: s.BrokerPort = Number(value, line); break;
                case 11: s.BrokerAnchor = Der(value, line); break;
                case 12: s.I2cBus = Number(value, line); break;
                case 13: s.SdaPin = Number(value, line); break;
                case 14: s.SclPin = Number(value, line); break;
                default: s.ChipAddress = Number(value, line); break;
            }
        }

        private static int IndexOf(string key)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Ascii(byte[] text, int start, int end)
        {
            var chars = new char[end - start];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)text[start + i];
            }

            return new string(chars);
        }

        // Decimal, or hex with 0x; at most 5 digits (every number here fits in 16 bits).
        private static int Number(string value, int line)
        {
            bool hex = value.Length > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
            int start = hex ? 2 : 0;
            if (value.Length == start || value.Length - start > 5)
            {
                throw new SettingsException(line, "expected a number");
            }

            int result = 0;
            for (int i = start; i < value.Length; i++)
            {
                char c = value[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    throw new SettingsException(line, "expected a number");
                }

                result = (result * (hex ? 16 : 10)) + digit;
            }

            return result;
        }

        private static byte[] Der(string base64, int line)
        {
            try
            {
                int length = Base64.DecodedLength(base64, 0, base64.Length, false);
                if (length > DeviceSettings.MaxAnchorLength)
                {
                    throw new SettingsException(line, "certificate larger than " + DeviceSettings.MaxAnchorLength + " bytes");
                }

                var der = new byte[length];
                Base64.Decode(base64, 0, base64.Length, false, der, 0, length);
                return der;
            }
            catch (PkiException)
            {
                throw new SettingsException(line, "expected one line of base64 (DER certificate)");
            }
        }
    }
}
