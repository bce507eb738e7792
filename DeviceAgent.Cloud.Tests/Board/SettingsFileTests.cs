using System;
using DeviceAgent.Board;
using DeviceAgent.Storage;
using DeviceAgent.Tests.Cloud;
using DeviceAgent.Tests.Est;
using DeviceAgent.Tests.Storage;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Board
{
    /// <summary>The provisioning file and the settings record it becomes.</summary>
    [TestClass]
    public class SettingsFileTests
    {
        private static string File()
        {
            return File("sensor-7");
        }

        private static string File(string id)
        {
            string anchor = Convert.ToBase64String(EstFixtures.Root1());
            return "# lab board\r\nwifi.ssid=Lab Net\r\nwifi.password=pass word\r\ndevice.id=" + id + "\r\n\r\nest.host=est.example\r\n"
                + "est.port=8443\r\nest.anchor=" + anchor + "\r\nest.bootstrap=s3cret\r\nmqtt.host=mqtt.example\r\nmqtt.anchor=" + anchor + "\n";
        }

        private static DeviceSettings Parse(string text)
        {
            byte[] bytes = Text.Bytes(text);
            return SettingsFile.Parse(bytes, 0, bytes.Length);
        }

        private static string Refusal(string text)
        {
            try
            {
                Parse(text);
            }
            catch (SettingsException e)
            {
                return e.Message;
            }

            return "accepted";
        }

        [TestMethod]
        public void Parse_ReadsEveryField_DefaultsTheWiring()
        {
            DeviceSettings s = Parse(File());

            Assert.AreEqual("Lab Net", s.WifiSsid);
            Assert.AreEqual("pass word", s.WifiPassword);
            Assert.AreEqual("sensor-7", s.DeviceId);
            Assert.AreEqual("est.example", s.EstHost);
            Assert.AreEqual(8443, s.EstPort, "est port");
            Assert.AreEqual(8883, s.BrokerPort, "mqtt port");
            Assert.AreEqual(EstFixtures.Root1().Length, s.EstAnchor.Length, "anchor");
            Assert.IsNull(s.ReenrollSecret, "no reenroll");
            Assert.AreEqual(1, s.I2cBus, "bus");
            Assert.AreEqual(16, s.SdaPin, "sda");
            Assert.AreEqual(17, s.SclPin, "scl");
            Assert.AreEqual(0x35, s.ChipAddress, "address");
        }

        [TestMethod]
        public void Parse_Wiring_DecimalAndHex()
        {
            DeviceSettings s = Parse(File() + "i2c.sda=21\ni2c.scl=22\ni2c.address=0x60\nest.reenroll=r\n");

            Assert.AreEqual(21, s.SdaPin, "sda");
            Assert.AreEqual(22, s.SclPin, "scl");
            Assert.AreEqual(0x60, s.ChipAddress, "address");
            Assert.AreEqual("r", s.ReenrollSecret);
        }

        [TestMethod]
        [DataRow("colour=red\n", "line 12: unknown key 'colour'")]
        [DataRow("est.host=x\n", "line 12: est.host given twice")]
        [DataRow("i2c.bus\n", "line 12: expected key=value")]
        [DataRow("i2c.sda=1x\n", "line 12: expected a number")]
        [DataRow("i2c.sda=123456\n", "line 12: expected a number")]
        [DataRow("est.label=caf\u00e9\n", "line 12: only printable ASCII is allowed")]
        [DataRow("i2c.bus=3\n", "i2c.bus must be 1..2")]
        [DataRow("i2c.scl=16\n", "i2c.sda and i2c.scl must differ")]
        public void Parse_RefusesWithTheLine(string extra, string message)
        {
            Assert.AreEqual(message, Refusal(File() + extra));
        }

        [TestMethod]
        public void Parse_RefusesMissingKeys_BadAnchor_BadId()
        {
            Assert.AreEqual("mqtt.anchor is missing", Refusal("wifi.ssid=a\ndevice.id=d\nest.host=h\nest.anchor=MAA=\nest.bootstrap=b\nmqtt.host=m\n"));
            Assert.AreEqual("line 1: expected one line of base64 (DER certificate)", Refusal("est.anchor=MA=A\n"));
            Assert.IsTrue(Refusal(File("sensor/7")).IndexOf("device.id") == 0, "id");
        }

        [TestMethod]
        public void Record_RoundTrips_ThroughTheRecordStore()
        {
            DeviceSettings s = Parse(File() + "est.reenroll=again\n");
            var records = new RecordStore(new MemoryBlobStore());

            Assert.IsNull(DeviceSettings.Load(records), "none yet");
            s.Save(records);
            DeviceSettings back = DeviceSettings.Load(records);

            Assert.IsNotNull(back, "loaded");
            Assert.AreEqual(Hex.Format(s.Encode(), 0, 16), Hex.Format(back.Encode(), 0, 16), "same");
            Assert.AreEqual(s.Encode().Length, back.Encode().Length, "length");
            Assert.AreEqual("again", back.ReenrollSecret);
            Assert.AreEqual("mqtt.example", back.BrokerHost);
        }

        [TestMethod]
        public void Decode_RefusesTruncatedOrForeignRecords()
        {
            byte[] record = Parse(File()).Encode();

            Assert.IsNull(DeviceSettings.Decode(record, 0, record.Length - 1), "truncated");
            Assert.IsNull(DeviceSettings.Decode(new byte[] { 2, 0, 0 }, 0, 3), "version");
            record[1] = 0xFF;   // ssid length beyond the record
            Assert.IsNull(DeviceSettings.Decode(record, 0, record.Length), "length");
        }
    }
}
