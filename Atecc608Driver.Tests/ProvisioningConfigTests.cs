using DeviceAgent.Tests;
using System.Collections;
using Atecc608Driver.Config;
using Atecc608Driver.Provisioning;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// This product's intended configuration, applied to the real blank ATECC608B image (facts §13.4), and the
    /// recognition of pre-provisioned Microchip parts by their OTP code (facts §10.5).
    /// </summary>
    [TestClass]
    public class ProvisioningConfigTests
    {
        [TestMethod]
        public void IntendedFor_Blank608B_KeepsFactoryBytes()
        {
            ConfigZone blank = ConfigZoneTests.Blank608B();

            ConfigZone intended = DeviceConfiguration.IntendedFor(blank);

            Assert.AreEqual(Hex.Format(blank.SerialNumber, 0, 9), Hex.Format(intended.SerialNumber, 0, 9));
            Assert.AreEqual(blank.I2cAddress, intended.I2cAddress);
            Assert.AreEqual(Hex.Format(blank.RevNum, 0, 4), Hex.Format(intended.RevNum, 0, 4));
            Assert.AreEqual(blank.LockConfig, intended.LockConfig);
        }

        [TestMethod]
        public void IntendedFor_IdentitySlot_IsPermanentSecretExternalSignP256()
        {
            ConfigZone intended = DeviceConfiguration.IntendedFor(ConfigZoneTests.Blank608B());

            SlotConfig slot = intended.GetSlotConfig(DeviceConfiguration.IdentityKeySlot);
            KeyConfig key = intended.GetKeyConfig(DeviceConfiguration.IdentityKeySlot);
            Assert.IsTrue(slot.IsSecret);
            Assert.IsFalse(slot.EncryptRead);
            Assert.IsTrue(slot.ExternalSignAllowed);
            Assert.IsFalse(slot.GenKeyAllowed, "the identity key must be permanent once the data zone is locked");
            Assert.IsFalse(slot.PrivWriteAllowed, "no host-made key may be written");
            Assert.IsTrue(key.Private);
            Assert.IsTrue(key.PubInfo);
            Assert.AreEqual(4, (int)key.KeyType);
        }

        [TestMethod]
        public void IntendedFor_OnceLocked_PassesEveryKeySlotRule()
        {
            ConfigZone intended = DeviceConfiguration.IntendedFor(ConfigZoneTests.Blank608B());
            intended.LockConfig = ConfigZone.LockedValue;
            intended.LockValue = ConfigZone.LockedValue;

            ArrayList findings = KeySlotCheck.Check(intended, DeviceConfiguration.IdentityKeySlot);

            Assert.AreEqual(0, findings.Count, findings.Count > 0 ? findings[0].ToString() : string.Empty);
            Assert.IsTrue(KeySlotCheck.IsAcceptable(KeySlotCheck.Check(intended, DeviceConfiguration.FirstRekeySlot, KeySlotOptions.KeyRotation)));
            Assert.IsFalse(KeySlotCheck.IsAcceptable(intended, DeviceConfiguration.CertificateSlot));
        }

        [TestMethod]
        public void IntendedFor_UnusedSecretSlots_CanNeverBeReadOrWritten()
        {
            ConfigZone intended = DeviceConfiguration.IntendedFor(ConfigZoneTests.Blank608B());

            for (int slot = DeviceConfiguration.LastRekeySlot + 1; slot < DeviceConfiguration.CertificateSlot; slot++)
            {
                SlotConfig config = intended.GetSlotConfig(slot);
                Assert.IsTrue(config.IsSecret, "slot " + slot);
                Assert.AreEqual(8, (int)config.WriteConfig, "slot " + slot + " WriteConfig Never");
            }
        }

        [TestMethod]
        public void IntendedFor_DiffersFromTrustAndGo_SoATngPartIsNeverMistakenForOurs()
        {
            ConfigZone tng = ConfigZoneTests.TngTls();

            ArrayList differences = tng.CompareWritable(DeviceConfiguration.IntendedFor(tng));

            Assert.IsTrue(differences.Count > 0);
        }

        [TestMethod]
        [DataRow("wdNxAjae", "Trust&GO TLS", 0)]
        [DataRow("KQp2ZkD8", "Trust&GO TLS", 0)]
        [DataRow("MKMwyhP1", "TrustFLEX TLS", 0)]
        [DataRow("jsMu7iYO", "Trust&GO LoRaWAN", 1)]
        public void TrustPlatformPart_KnownOtpCode_IsRecognised(string code, string name, int keySlot)
        {
            var otp = new byte[32];
            for (int i = 0; i < code.Length; i++)
            {
                otp[i] = (byte)code[i];
            }

            TrustPlatformPart part = TrustPlatformPart.Identify(otp, 0);

            Assert.IsNotNull(part);
            Assert.AreEqual(name, part.Name);
            Assert.AreEqual(keySlot, part.IdentityKeySlot);
        }

        [TestMethod]
        public void TrustPlatformPart_UnknownOrShortOtp_IsNotAPart()
        {
            Assert.IsNull(TrustPlatformPart.Identify(new byte[32], 0));
            Assert.IsNull(TrustPlatformPart.Identify(new byte[] { (byte)'w', (byte)'d' }, 0));
            Assert.IsNull(TrustPlatformPart.Identify(null, 0));
        }
    }
}
