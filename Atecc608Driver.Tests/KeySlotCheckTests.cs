using DeviceAgent.Tests;
using System;
using System.Collections;
using Atecc608Driver.Config;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// The key-slot validator (facts/atecc608.md §5.4 R1–R9) on the real configurations of §13.3 (ATECC608A-TNGTLS)
    /// and §13.4 (blank ATECC608B), and on single-bit changes of them.
    /// </summary>
    [TestClass]
    public class KeySlotCheckTests
    {
        [TestMethod]
        public void TngTlsSlot0_PassesEveryRule()
        {
            ArrayList findings = KeySlotCheck.Check(ConfigZoneTests.TngTls(), 0);

            Assert.AreEqual(string.Empty, Summary(findings));
            Assert.IsTrue(KeySlotCheck.IsAcceptable(findings));
            Assert.IsTrue(KeySlotCheck.IsAcceptable(ConfigZoneTests.TngTls(), 0));
        }

        [TestMethod]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        public void TngTlsSecondaryKeys_AreAcceptableWithGenKeyWarning(int slot)
        {
            ArrayList findings = KeySlotCheck.Check(ConfigZoneTests.TngTls(), slot);

            Assert.AreEqual("W7", Summary(findings));
            Assert.IsTrue(KeySlotCheck.IsAcceptable(findings));
            Assert.IsTrue(((KeySlotFinding)findings[0]).Message.IndexOf("lock the slot") > 0);
        }

        [TestMethod]
        public void TngTlsSecondaryKey_SlotLocked_HasNoWarning()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            zone.SetSlotLocked(2, true);

            Assert.AreEqual(string.Empty, Summary(KeySlotCheck.Check(zone, 2)));
        }

        [TestMethod]
        public void TngTlsSlot1_InternalSignOnly_IsRejected()
        {
            ArrayList findings = KeySlotCheck.Check(ConfigZoneTests.TngTls(), 1);

            Assert.AreEqual("E5", Summary(findings));
            Assert.IsFalse(KeySlotCheck.IsAcceptable(findings));
        }

        [TestMethod]
        public void Blank608BSlot0_AcceptedOnlyAfterDataLock()
        {
            // §13.4: config locked, data zone still unlocked (byte 86 = 0x55).
            ConfigZone zone = ConfigZoneTests.Blank608B();
            ArrayList findings = KeySlotCheck.Check(zone, 0);
            Assert.AreEqual("E1 W7", Summary(findings));
            Assert.IsFalse(KeySlotCheck.IsAcceptable(findings));

            zone.LockValue = ConfigZone.LockedValue;
            findings = KeySlotCheck.Check(zone, 0);
            Assert.AreEqual("W7", Summary(findings));
            Assert.IsTrue(KeySlotCheck.IsAcceptable(findings));

            zone.SetSlotLocked(0, true);
            Assert.AreEqual(string.Empty, Summary(KeySlotCheck.Check(zone, 0)));
        }

        [TestMethod]
        public void Blank608B_FullyUnlocked_ReportsBothLocks()
        {
            ConfigZone zone = ConfigZoneTests.Blank608B();
            zone.LockConfig = ConfigZone.UnlockedValue;

            ArrayList findings = KeySlotCheck.Check(zone, 0);

            Assert.AreEqual("E1 E1 W7", Summary(findings));
            Assert.IsTrue(((KeySlotFinding)findings[0]).Message.IndexOf("config zone not locked") == 0);
            Assert.IsTrue(((KeySlotFinding)findings[1]).Message.IndexOf("data zone not locked") == 0);
        }

        [TestMethod]
        public void Blank608BSlot8_AsKeySlot_IsRejectedEvenWhenLocked()
        {
            // SlotConfig 0x0000 (clear read, always writable), KeyConfig 0x003C (data): fine for data, not for a key.
            ConfigZone zone = ConfigZoneTests.Blank608B();
            zone.LockValue = ConfigZone.LockedValue;

            ArrayList findings = KeySlotCheck.Check(zone, 8);

            Assert.AreEqual("E2 E2 E3 E5 E6", Summary(findings));
            Assert.IsFalse(KeySlotCheck.IsAcceptable(findings));
            Assert.AreEqual("error R3: slot 8 SlotConfig 0x0000 has IsSecret = 0: the key could be read in clear",
                findings[2].ToString());
        }

        [TestMethod]
        [DataRow(0x0080, "E3")]   // IsSecret cleared: readable in clear
        [DataRow(0x0040, "E3")]   // EncryptRead set: readable encrypted
        [DataRow(0x00C0, "E3 E3")]
        [DataRow(0x4000, "E4")]   // PrivWrite allowed: clones
        [DataRow(0x0001, "E5")]   // external Sign off
        [DataRow(0x0020, "E9")]   // LimitedUse
        [DataRow(0x2000, "W7")]   // GenKey allowed, KeyConfig not lockable
        public void TngTlsSlot0_WithSlotConfigBitFlipped_IsReported(int flip, string expected)
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            SlotConfig slot = zone.GetSlotConfig(0);
            slot.Raw = (ushort)(slot.Raw ^ flip);
            zone.SetSlotConfig(0, slot);

            ArrayList findings = KeySlotCheck.Check(zone, 0);

            Assert.AreEqual(expected, Summary(findings));
            Assert.AreEqual(expected[0] == 'W', KeySlotCheck.IsAcceptable(findings));
        }

        [TestMethod]
        [DataRow(0x0001, "E2")]   // Private cleared
        [DataRow(0x0010, "E2")]   // KeyType 4 → 0
        [DataRow(0x0002, "E6")]   // PubInfo cleared
        [DataRow(0x1000, "E9")]   // PersistentDisable
        [DataRow(0x2000, "")]     // RFU bit: not a rule
        public void TngTlsSlot0_WithKeyConfigBitFlipped_IsReported(int flip, string expected)
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            KeyConfig key = zone.GetKeyConfig(0);
            key.Raw = (ushort)(key.Raw ^ flip);
            zone.SetKeyConfig(0, key);

            Assert.AreEqual(expected, Summary(KeySlotCheck.Check(zone, 0)));
        }

        [TestMethod]
        public void SecretEncryptReadAndPrivWrite_AreErrorsEvenWithEveryOption()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            SlotConfig slot = zone.GetSlotConfig(0);
            slot.IsSecret = false;
            slot.EncryptRead = true;
            slot.PrivWriteAllowed = true;
            zone.SetSlotConfig(0, slot);
            KeySlotOptions all = KeySlotOptions.KeyRotation | KeySlotOptions.LimitedUse | KeySlotOptions.PersistentDisable;

            ArrayList findings = KeySlotCheck.Check(zone, 0, all);

            Assert.AreEqual("E3 E3 E4 W7", Summary(findings));
            Assert.IsFalse(KeySlotCheck.IsAcceptable(findings));
        }

        [TestMethod]
        public void DeliberateOptions_SilenceR7AndR9()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            SlotConfig slot = zone.GetSlotConfig(2);
            slot.LimitedUse = true;
            zone.SetSlotConfig(2, slot);
            KeyConfig key = zone.GetKeyConfig(2);
            key.PersistentDisable = true;
            zone.SetKeyConfig(2, key);

            Assert.AreEqual("W7 E9 E9", Summary(KeySlotCheck.Check(zone, 2)));
            Assert.AreEqual(string.Empty, Summary(KeySlotCheck.Check(zone, 2,
                KeySlotOptions.KeyRotation | KeySlotOptions.LimitedUse | KeySlotOptions.PersistentDisable)));
        }

        [TestMethod]
        public void KeyRotation_OnPermanentOrLockedSlot_Warns()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();

            Assert.AreEqual("W7", Summary(KeySlotCheck.Check(zone, 0, KeySlotOptions.KeyRotation)));

            zone.SetSlotLocked(3, true);
            ArrayList findings = KeySlotCheck.Check(zone, 3, KeySlotOptions.KeyRotation);
            Assert.AreEqual("W7", Summary(findings));
            Assert.IsTrue(((KeySlotFinding)findings[0]).Message.IndexOf("cannot be rotated") > 0);
        }

        [TestMethod]
        public void ReqAuth_WithSecretAuthKey_Warns_WithReadableAuthKey_Fails()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();
            KeyConfig key = zone.GetKeyConfig(0);
            key.ReqAuth = true;
            key.AuthKey = 6;                  // TNGTLS slot 6: SlotConfig 0x0F8F, secret
            zone.SetKeyConfig(0, key);
            Assert.AreEqual("W8", Summary(KeySlotCheck.Check(zone, 0)));

            key.AuthKey = 8;                  // TNGTLS slot 8: SlotConfig 0x0F0F, readable
            zone.SetKeyConfig(0, key);
            Assert.AreEqual("E8", Summary(KeySlotCheck.Check(zone, 0)));

            key.AuthKey = 5;                  // slot 5 made secret but encrypt-readable
            zone.SetKeyConfig(0, key);
            SlotConfig authSlot = zone.GetSlotConfig(5);
            authSlot.EncryptRead = true;
            zone.SetSlotConfig(5, authSlot);
            Assert.AreEqual("E8", Summary(KeySlotCheck.Check(zone, 0)));
        }

        [TestMethod]
        public void Finding_ToString_GivesSeverityRuleAndSentence()
        {
            var error = new KeySlotFinding(KeySlotSeverity.Error, 4, "x");
            var warning = new KeySlotFinding(KeySlotSeverity.Warning, 7, "y");

            Assert.AreEqual("error R4: x", error.ToString());
            Assert.AreEqual("warning R7: y", warning.ToString());
            Assert.IsTrue(error.IsError);
            Assert.IsFalse(warning.IsError);
        }

        [TestMethod]
        public void Check_BadArguments_Throw()
        {
            ConfigZone zone = ConfigZoneTests.TngTls();

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => KeySlotCheck.Check(zone, 16));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => KeySlotCheck.Check(zone, -1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => KeySlotCheck.Check(null, 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => KeySlotCheck.IsAcceptable(null));
        }

        /// <summary>"E3 W7": one token per finding, E/W and the rule number, in order.</summary>
        private static string Summary(ArrayList findings)
        {
            string text = string.Empty;
            for (int i = 0; i < findings.Count; i++)
            {
                var finding = (KeySlotFinding)findings[i];
                text += (i == 0 ? string.Empty : " ") + (finding.IsError ? "E" : "W") + finding.Rule;
            }

            return text;
        }
    }
}
