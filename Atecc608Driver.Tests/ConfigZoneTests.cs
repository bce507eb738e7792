using DeviceAgent.Tests;
using System;
using System.Collections;
using Atecc608Driver;
using Atecc608Driver.Config;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// Config-zone decoding, encoding, comparison and dump against the two real images of facts/atecc608.md:
    /// a locked ATECC608A-TNGTLS (§13.3) and a factory-blank ATECC608B with its config locked (§13.4).
    /// </summary>
    [TestClass]
    public class ConfigZoneTests
    {
        /// <summary>facts/atecc608.md §13.3: real ATECC608A-TNGTLS, both zones locked, CRC 0xE861.</summary>
        internal const string TngTlsImage =
            "01 23 CF E1 00 00 60 02 EF 17 F0 B0 01 01 29 00 6A 00 00 01 85 00 82 00 85 20 85 20 85 20 8F 46 " +
            "8F 0F 9F 8F 0F 0F 8F 0F 0F 8F 0F 8F 0F 8F 0F 0F 0D 1F 0F 0F FF FF FF FF 00 00 00 00 FF FF FF FF " +
            "00 00 00 00 00 00 03 F7 00 69 76 00 00 00 00 00 00 00 00 00 00 00 00 00 FF FF 0E 60 00 00 00 00 " +
            "53 00 53 00 73 00 73 00 73 00 38 00 7C 00 1C 00 3C 00 1A 00 1C 00 10 00 1C 00 30 00 12 00 30 00";

        /// <summary>facts/atecc608.md §13.4: real blank ATECC608B, config locked, data unlocked, byte 85 = B0, CRC 0x88EB.</summary>
        internal const string Blank608BImage =
            "01 23 25 A5 00 00 60 03 47 CA AF 9B EE 61 4D 00 C0 00 00 00 83 20 87 20 8F 20 C4 8F 8F 8F 8F 8F " +
            "9F 8F AF 8F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 AF 8F FF FF FF FF 00 00 00 00 FF FF FF FF " +
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 B0 55 00 FF FF 00 00 00 00 00 00 " +
            "33 00 33 00 33 00 1C 00 1C 00 1C 00 1C 00 1C 00 3C 00 3C 00 3C 00 3C 00 3C 00 3C 00 3C 00 1C 00";

        internal static ConfigZone TngTls()
        {
            return ConfigZone.Decode(Hex.Parse(TngTlsImage), 0);
        }

        internal static ConfigZone Blank608B()
        {
            return ConfigZone.Decode(Hex.Parse(Blank608BImage), 0);
        }

        [TestMethod]
        public void Decode_TngTls_IdentityAddressAndChipMode()
        {
            ConfigZone zone = TngTls();

            Assert.AreEqual("01 23 CF E1 EF 17 F0 B0 01", Hex.Format(zone.SerialNumber, 0, ConfigZone.SerialNumberLength));
            Assert.AreEqual("00 00 60 02", Hex.Format(zone.RevNum, 0, 4));
            Assert.IsFalse(zone.IsAtecc608B);
            Assert.AreEqual(0x35, zone.I2cAddress);
            Assert.IsTrue(zone.I2cEnabled);
            Assert.IsTrue(zone.AesEnabled);
            Assert.AreEqual((byte)0x01, zone.ChipMode);
            Assert.IsTrue(zone.AlternateAddressEnabled);
            Assert.IsFalse(zone.TtlEnabled);
            Assert.IsFalse(zone.WatchdogLong);
            Assert.AreEqual((byte)0x00, zone.ClockDivider);
            Assert.AreEqual((byte)0x00, zone.CountMatch);
        }

        [TestMethod]
        public void Decode_TngTls_LocksOptionsAndCounters()
        {
            ConfigZone zone = TngTls();

            Assert.IsTrue(zone.IsConfigLocked);
            Assert.IsTrue(zone.IsDataLocked);
            Assert.AreEqual((byte)0x00, zone.LockConfig);
            Assert.AreEqual((byte)0x00, zone.LockValue);
            Assert.AreEqual((ushort)0xFFFF, zone.SlotLocked);
            for (int slot = 0; slot < ConfigZone.SlotCount; slot++)
            {
                Assert.IsFalse(zone.IsSlotLocked(slot), "slot " + slot);
            }

            Assert.AreEqual((ushort)0x600E, zone.ChipOptions);
            Assert.AreEqual((ushort)0xF703, zone.SecureBoot);
            Assert.AreEqual((byte)0x00, zone.UseLock);
            Assert.AreEqual((byte)0x00, zone.VolatileKeyPermission);
            Assert.AreEqual((byte)0x00, zone.KdfIvLoc);
            Assert.AreEqual((ushort)0x7669, zone.KdfIvStr);
            Assert.AreEqual((byte)0x00, zone.UserExtra);
            Assert.AreEqual((byte)0x00, zone.UserExtraAdd);
            Assert.AreEqual("FF FF FF FF 00 00 00 00", Hex.Format(zone.Counter0, 0, 8));
            Assert.AreEqual("FF FF FF FF 00 00 00 00", Hex.Format(zone.Counter1, 0, 8));
            for (int i = 0; i < ConfigZone.X509FormatCount; i++)
            {
                Assert.AreEqual((byte)0x00, zone.GetX509Format(i));
            }
        }

        [TestMethod]
        [DataRow(0, 0x0085, 0x0053)]
        [DataRow(1, 0x0082, 0x0053)]
        [DataRow(2, 0x2085, 0x0073)]
        [DataRow(3, 0x2085, 0x0073)]
        [DataRow(4, 0x2085, 0x0073)]
        [DataRow(5, 0x468F, 0x0038)]
        [DataRow(6, 0x0F8F, 0x007C)]
        [DataRow(7, 0x8F9F, 0x001C)]
        [DataRow(8, 0x0F0F, 0x003C)]
        [DataRow(9, 0x0F8F, 0x001A)]
        [DataRow(10, 0x8F0F, 0x001C)]
        [DataRow(11, 0x8F0F, 0x0010)]
        [DataRow(12, 0x8F0F, 0x001C)]
        [DataRow(13, 0x0F0F, 0x0030)]
        [DataRow(14, 0x1F0D, 0x0012)]
        [DataRow(15, 0x0F0F, 0x0030)]
        public void Decode_TngTls_SlotAndKeyConfigMatchFactSheet(int slot, int slotConfig, int keyConfig)
        {
            ConfigZone zone = TngTls();

            Assert.AreEqual((ushort)slotConfig, zone.GetSlotConfig(slot).Raw);
            Assert.AreEqual((ushort)keyConfig, zone.GetKeyConfig(slot).Raw);
        }

        [TestMethod]
        public void Decode_TngTlsSlot0_IsPermanentSecretSigningKey()
        {
            // §5.3: ext sign + ECDH, secret, WriteConfig 0 (permanent); Private, PubInfo, P-256, ReqRandom.
            ConfigZone zone = TngTls();
            SlotConfig slot = zone.GetSlotConfig(0);
            KeyConfig key = zone.GetKeyConfig(0);

            Assert.IsTrue(slot.ExternalSignAllowed);
            Assert.IsFalse(slot.InternalSignAllowed);
            Assert.IsTrue(slot.EcdhAllowed);
            Assert.IsFalse(slot.EcdhResultToNextSlot);
            Assert.IsTrue(slot.IsSecret);
            Assert.IsFalse(slot.EncryptRead);
            Assert.IsFalse(slot.LimitedUse);
            Assert.IsFalse(slot.NoMac);
            Assert.AreEqual(0, slot.WriteConfig);
            Assert.IsFalse(slot.GenKeyAllowed);
            Assert.IsFalse(slot.PrivWriteAllowed);

            Assert.IsTrue(key.Private);
            Assert.IsTrue(key.PubInfo);
            Assert.AreEqual(KeyConfig.KeyTypeP256, key.KeyType);
            Assert.IsFalse(key.Lockable);
            Assert.IsTrue(key.ReqRandom);
            Assert.IsFalse(key.ReqAuth);
            Assert.IsFalse(key.PersistentDisable);
            Assert.AreEqual(0, key.X509Id);
        }

        [TestMethod]
        public void Decode_TngTlsOtherSlots_ReadAsFactSheetDescribes()
        {
            ConfigZone zone = TngTls();

            // Slot 1: internal sign only (attestation key).
            SlotConfig slot1 = zone.GetSlotConfig(1);
            Assert.IsFalse(slot1.ExternalSignAllowed);
            Assert.IsTrue(slot1.InternalSignAllowed);
            Assert.IsFalse(slot1.EcdhAllowed);

            // Slots 2–4: GenKey allowed, individually lockable.
            Assert.IsTrue(zone.GetSlotConfig(3).GenKeyAllowed);
            Assert.IsFalse(zone.GetSlotConfig(3).PrivWriteAllowed);
            Assert.IsTrue(zone.GetKeyConfig(3).Lockable);

            // Slot 5 (0x468F): ReadKey 15, secret, WriteKey 6, WriteConfig 4 = encrypted writes.
            SlotConfig slot5 = zone.GetSlotConfig(5);
            Assert.AreEqual(15, slot5.ReadKey);
            Assert.AreEqual(6, slot5.WriteKey);
            Assert.AreEqual(4, slot5.WriteConfig);
            Assert.AreEqual("encrypted", SlotConfig.DescribeWriteConfig(slot5.WriteConfig));
            Assert.AreEqual(KeyConfig.KeyTypeAes, zone.GetKeyConfig(5).KeyType);

            // Slot 8 (KeyConfig 0x003C): data, lockable; slot 14 (0x0012): public key with PubInfo (validated).
            Assert.AreEqual(KeyConfig.KeyTypeData, zone.GetKeyConfig(8).KeyType);
            Assert.IsFalse(zone.GetKeyConfig(14).Private);
            Assert.IsTrue(zone.GetKeyConfig(14).PubInfo);
            Assert.AreEqual(KeyConfig.KeyTypeP256, zone.GetKeyConfig(14).KeyType);
        }

        [TestMethod]
        public void Decode_Blank608B_MatchesFactSheet()
        {
            ConfigZone zone = Blank608B();

            Assert.AreEqual("01 23 25 A5 47 CA AF 9B EE", Hex.Format(zone.SerialNumber, 0, 9));
            Assert.IsTrue(zone.IsAtecc608B);
            Assert.AreEqual(0x60, zone.I2cAddress);
            Assert.AreEqual((byte)0x00, zone.ChipMode);
            Assert.IsFalse(zone.AlternateAddressEnabled);
            Assert.AreEqual((byte)0xB0, zone.UserExtraAdd);
            Assert.IsTrue(zone.IsConfigLocked);
            Assert.IsFalse(zone.IsDataLocked);
            Assert.AreEqual((byte)ConfigZone.UnlockedValue, zone.LockValue);
            Assert.AreEqual((ushort)0x0000, zone.ChipOptions);

            SlotConfig slot0 = zone.GetSlotConfig(0);
            Assert.AreEqual((ushort)0x2083, slot0.Raw);
            Assert.AreEqual((ushort)0x0033, zone.GetKeyConfig(0).Raw);
            Assert.IsTrue(slot0.ExternalSignAllowed);
            Assert.IsTrue(slot0.InternalSignAllowed);
            Assert.IsTrue(slot0.GenKeyAllowed);
            Assert.IsTrue(zone.GetKeyConfig(0).Lockable);
            Assert.AreEqual((ushort)0x2087, zone.GetSlotConfig(1).Raw);
            Assert.AreEqual((ushort)0x208F, zone.GetSlotConfig(2).Raw);
            Assert.IsTrue(zone.GetSlotConfig(2).EcdhResultToNextSlot);
            Assert.IsTrue(zone.GetSlotConfig(3).EncryptRead);
            Assert.AreEqual((ushort)0x8FAF, zone.GetSlotConfig(15).Raw);

            for (int slot = 8; slot <= 14; slot++)
            {
                Assert.AreEqual((ushort)0x0000, zone.GetSlotConfig(slot).Raw, "slot " + slot);
                Assert.AreEqual((ushort)0x003C, zone.GetKeyConfig(slot).Raw, "slot " + slot);
            }
        }

        [TestMethod]
        public void Decode_AtOffset_ReadsThe128BytesThere()
        {
            byte[] image = Hex.Parse(TngTlsImage);
            var buffer = new byte[ConfigZone.Size + 5];
            Array.Copy(image, 0, buffer, 3, image.Length);

            ConfigZone zone = ConfigZone.Decode(buffer, 3);

            Assert.AreEqual(TngTlsImage, Hex.Format(zone.ToArray(), 0, ConfigZone.Size));
        }

        [TestMethod]
        public void Decode_CopiesTheInput()
        {
            byte[] image = Hex.Parse(TngTlsImage);
            ConfigZone zone = ConfigZone.Decode(image, 0);

            image[16] = 0xC0;

            Assert.AreEqual(0x35, zone.I2cAddress);
        }

        [TestMethod]
        public void Decode_BadArguments_Throw()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => ConfigZone.Decode(null, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ConfigZone.Decode(new byte[127], 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ConfigZone.Decode(new byte[130], 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ConfigZone.Decode(new byte[130], -1));
        }

        [TestMethod]
        public void RoundTrip_TngTls_KeepsEveryByteAndTheFactSheetCrc()
        {
            byte[] image = Hex.Parse(TngTlsImage);
            ConfigZone zone = ConfigZone.Decode(image, 0);

            byte[] encoded = zone.ToArray();
            var buffer = new byte[ConfigZone.Size + 2];
            zone.CopyTo(buffer, 2);

            Assert.AreEqual(TngTlsImage, Hex.Format(encoded, 0, ConfigZone.Size));
            Assert.AreEqual(TngTlsImage, Hex.Format(buffer, 2, ConfigZone.Size));
            Assert.AreEqual((ushort)0xE861, Crc16.Compute(encoded, 0, ConfigZone.Size));   // §13.3 "61 E8"
        }

        [TestMethod]
        public void RoundTrip_TngTlsWithZonesUnlocked_GivesPreLockCrc()
        {
            // §13.3: the same image with bytes 86/87 = 55 55 (as the chip holds it before Lock) has CRC "E1 4A".
            ConfigZone zone = TngTls();

            zone.LockValue = ConfigZone.UnlockedValue;
            zone.LockConfig = ConfigZone.UnlockedValue;

            Assert.IsFalse(zone.IsConfigLocked);
            Assert.IsFalse(zone.IsDataLocked);
            Assert.AreEqual((ushort)0x4AE1, Crc16.Compute(zone.ToArray(), 0, ConfigZone.Size));
        }

        [TestMethod]
        public void RoundTrip_Blank608B_GivesFactSheetCrc()
        {
            Assert.AreEqual((ushort)0x88EB, Crc16.Compute(Blank608B().ToArray(), 0, ConfigZone.Size));   // §13.4 "EB 88"
        }

        [TestMethod]
        public void CopyTo_NoRoom_Throws()
        {
            ConfigZone zone = TngTls();

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.CopyTo(new byte[ConfigZone.Size], 1));
            Assert.ThrowsException(typeof(ArgumentNullException), () => zone.CopyTo(null, 0));
        }

        [TestMethod]
        public void SetSlotConfig_ChangesOnlyThatSlotsLittleEndianBytes()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.SetSlotConfig(0, new SlotConfig(0x2083));

            byte[] after = zone.ToArray();
            Assert.AreEqual("20 21", ChangedOffsets(before, after));
            Assert.AreEqual((byte)0x83, after[20]);
            Assert.AreEqual((byte)0x20, after[21]);
        }

        [TestMethod]
        public void SetKeyConfig_ChangesOnlyThatSlotsBytes()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.SetKeyConfig(15, new KeyConfig(0x0033));

            byte[] after = zone.ToArray();
            Assert.AreEqual("126", ChangedOffsets(before, after));   // 0x0030 → 0x0033: only the low byte
            Assert.AreEqual((byte)0x33, after[126]);
        }

        [TestMethod]
        public void ModifiedSlotConfig_StoredBack_ChangesOneBit()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            SlotConfig slot = zone.GetSlotConfig(4);
            slot.GenKeyAllowed = false;
            zone.SetSlotConfig(4, slot);

            byte[] after = zone.ToArray();
            Assert.AreEqual("29", ChangedOffsets(before, after));
            Assert.AreEqual((byte)0x00, after[29]);   // 0x2085 → 0x0085
        }

        [TestMethod]
        public void I2cAddress_SetSevenBit_WritesEightBitFormToByte16()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.I2cAddress = 0x60;

            byte[] after = zone.ToArray();
            Assert.AreEqual("16", ChangedOffsets(before, after));
            Assert.AreEqual((byte)0xC0, after[16]);
            Assert.AreEqual(0x60, zone.I2cAddress);
        }

        [TestMethod]
        public void ChipModeHelpers_ChangeOnlyTheirBitsOfByte19()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.WatchdogLong = true;
            Assert.AreEqual((byte)0x05, zone.ChipMode);
            zone.ClockDivider = ConfigZone.ClockDividerM2;
            Assert.AreEqual((byte)0x6D, zone.ChipMode);
            zone.AlternateAddressEnabled = false;
            Assert.AreEqual((byte)0x6C, zone.ChipMode);
            zone.TtlEnabled = true;
            Assert.AreEqual((byte)0x6E, zone.ChipMode);
            Assert.AreEqual((byte)0x68, zone.ClockDivider);

            Assert.AreEqual("19", ChangedOffsets(before, zone.ToArray()));
        }

        [TestMethod]
        public void SetSlotLocked_ClearsTheSlotsBitInBytes88To89()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.SetSlotLocked(2, true);
            zone.SetSlotLocked(9, true);

            byte[] after = zone.ToArray();
            Assert.AreEqual("88 89", ChangedOffsets(before, after));
            Assert.AreEqual((ushort)0xFDFB, zone.SlotLocked);
            Assert.IsTrue(zone.IsSlotLocked(2));
            Assert.IsTrue(zone.IsSlotLocked(9));
            Assert.IsFalse(zone.IsSlotLocked(3));

            zone.SetSlotLocked(9, false);
            Assert.AreEqual((ushort)0xFFFB, zone.SlotLocked);
        }

        [TestMethod]
        public void SerialNumber_Set_WritesBytes0To3And8To12()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.SerialNumber = Hex.Parse("01 23 00 00 00 00 00 00 EE");

            Assert.AreEqual("2 3 8 9 10 11 12", ChangedOffsets(before, zone.ToArray()));
            Assert.AreEqual("01 23 00 00 00 00 00 00 EE", Hex.Format(zone.SerialNumber, 0, 9));
        }

        [TestMethod]
        public void WordAndByteFields_WriteTheirOwnOffsets()
        {
            ConfigZone zone = TngTls();
            byte[] before = zone.ToArray();

            zone.ChipOptions = 0x600F;           // 90
            zone.SecureBoot = 0x0003;            // 71
            zone.LockValue = ConfigZone.UnlockedValue;   // 86
            zone.UserExtraAdd = 0xB0;            // 85
            zone.SetX509Format(3, 0x11);         // 95
            zone.Counter1 = Hex.Parse("FF FF FF FE 00 00 00 00");   // 63
            zone.UseLock = 0x0A;                 // 68
            zone.CountMatch = 0xA1;              // 18

            Assert.AreEqual("18 63 68 71 85 86 90 95", ChangedOffsets(before, zone.ToArray()));
        }

        [TestMethod]
        public void Accessors_BadArguments_ThrowArgumentExceptions()
        {
            ConfigZone zone = TngTls();

            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.GetSlotConfig(16));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.GetKeyConfig(-1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.SetSlotConfig(16, new SlotConfig(0)));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.SetKeyConfig(16, new KeyConfig(0)));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.IsSlotLocked(16));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.GetX509Format(4));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.GetByte(128));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.I2cAddress = 0x80);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => zone.ClockDivider = 0x01);
            Assert.ThrowsException(typeof(ArgumentException), () => zone.SerialNumber = new byte[8]);
            Assert.ThrowsException(typeof(ArgumentException), () => zone.Counter0 = new byte[9]);
            Assert.ThrowsException(typeof(ArgumentNullException), () => zone.RevNum = null);

            // Nothing above changed the zone.
            Assert.AreEqual(TngTlsImage, Hex.Format(zone.ToArray(), 0, ConfigZone.Size));
        }

        [TestMethod]
        public void SlotConfigBits_SitWhereFactSheetSays()
        {
            var slot = new SlotConfig(0);
            slot.IsSecret = true;
            Assert.AreEqual((ushort)0x0080, slot.Raw);
            slot.EncryptRead = true;
            Assert.AreEqual((ushort)0x00C0, slot.Raw);
            slot.LimitedUse = true;
            slot.NoMac = true;
            Assert.AreEqual((ushort)0x00F0, slot.Raw);
            slot.ReadKey = 0x3;
            Assert.AreEqual((ushort)0x00F3, slot.Raw);
            slot.WriteKey = 0xA;
            Assert.AreEqual((ushort)0x0AF3, slot.Raw);
            slot.GenKeyAllowed = true;
            Assert.AreEqual((ushort)0x2AF3, slot.Raw);
            slot.PrivWriteAllowed = true;
            Assert.AreEqual((ushort)0x6AF3, slot.Raw);
            Assert.AreEqual(6, slot.WriteConfig);
            slot.WriteConfig = 0x8;
            Assert.AreEqual((ushort)0x8AF3, slot.Raw);
            slot.EcdhResultToNextSlot = true;
            slot.ExternalSignAllowed = false;
            Assert.AreEqual((ushort)0x8AFA, slot.Raw);
            Assert.AreEqual("0x8AFA", slot.ToString());
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { var bad = new SlotConfig(0); bad.WriteKey = 16; });
        }

        [TestMethod]
        public void KeyConfigBits_SitWhereFactSheetSays()
        {
            var key = new KeyConfig(0);
            key.Private = true;
            key.PubInfo = true;
            key.KeyType = KeyConfig.KeyTypeP256;
            Assert.AreEqual((ushort)0x0013, key.Raw);
            key.Lockable = true;
            key.ReqRandom = true;
            Assert.AreEqual((ushort)0x0073, key.Raw);
            key.ReqAuth = true;
            key.AuthKey = 6;
            Assert.AreEqual((ushort)0x06F3, key.Raw);
            key.PersistentDisable = true;
            Assert.AreEqual((ushort)0x16F3, key.Raw);
            key.X509Id = 2;
            Assert.AreEqual((ushort)0x96F3, key.Raw);
            Assert.IsFalse(key.Rfu);
            key.KeyType = KeyConfig.KeyTypeData;
            Assert.AreEqual((ushort)0x96FF, key.Raw);
            Assert.AreEqual("0x96FF", key.ToString());
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { var bad = new KeyConfig(0); bad.KeyType = 8; });
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { var bad = new KeyConfig(0); bad.X509Id = 4; });
        }

        [TestMethod]
        public void CompareWritable_SameImage_IsEmpty()
        {
            Assert.AreEqual(0, TngTls().CompareWritable(TngTls()).Count);
        }

        [TestMethod]
        public void CompareWritable_NamesExactlyTheChangedFields()
        {
            ConfigZone chip = TngTls();
            ConfigZone expected = chip.Clone();
            expected.SetSlotConfig(0, new SlotConfig(0x2083));
            expected.SetKeyConfig(3, new KeyConfig(0x0033));
            expected.I2cAddress = 0x60;
            expected.Counter0 = Hex.Parse("FF FF FF FE 00 00 00 00");
            expected.ChipOptions = 0x0000;
            expected.SetX509Format(1, 0x04);

            ArrayList differences = chip.CompareWritable(expected);

            Assert.AreEqual(6, differences.Count, Joined(differences));
            Assert.AreEqual("I2C_Address (byte 16): expected 0xC0, chip has 0x6A", (string)differences[0]);
            Assert.AreEqual("slot 0 SlotConfig: expected 0x2083, chip has 0x0085", (string)differences[1]);
            Assert.AreEqual("Counter0: expected FF FF FF FE 00 00 00 00, chip has FF FF FF FF 00 00 00 00", (string)differences[2]);
            Assert.AreEqual("ChipOptions: expected 0x0000, chip has 0x600E", (string)differences[3]);
            Assert.AreEqual("X509format[1]: expected 0x04, chip has 0x00", (string)differences[4]);
            Assert.AreEqual("slot 3 KeyConfig: expected 0x0033, chip has 0x0073", (string)differences[5]);
        }

        [TestMethod]
        public void CompareWritable_ReservedAndOtherWritableBytes_AreNamed()
        {
            ConfigZone chip = TngTls();
            ConfigZone expected = chip.Clone();
            expected.ChipMode = 0x00;
            expected.SecureBoot = 0x0000;
            expected.KdfIvStr = 0x0000;
            expected.VolatileKeyPermission = 0x81;
            byte[] image = expected.ToArray();
            image[17] = 0x01;
            image[80] = 0x02;
            expected = ConfigZone.Decode(image, 0);

            ArrayList differences = chip.CompareWritable(expected);

            Assert.AreEqual(6, differences.Count, Joined(differences));
            Assert.AreEqual("reserved byte 17: expected 0x01, chip has 0x00", (string)differences[0]);
            Assert.AreEqual("ChipMode: expected 0x00, chip has 0x01", (string)differences[1]);
            Assert.AreEqual("VolatileKeyPermission: expected 0x81, chip has 0x00", (string)differences[2]);
            Assert.AreEqual("SecureBoot: expected 0x0000, chip has 0xF703", (string)differences[3]);
            Assert.AreEqual("KdflvStr: expected 0x0000, chip has 0x7669", (string)differences[4]);
            Assert.AreEqual("reserved byte 80: expected 0x02, chip has 0x00", (string)differences[5]);
        }

        [TestMethod]
        public void CompareWritable_IgnoresFactoryAndLockBytes()
        {
            // Bytes 0–15 and 84–89 are outside CryptoAuthLib's compare ranges (facts/atecc608.md §6).
            ConfigZone chip = TngTls();
            ConfigZone expected = chip.Clone();
            expected.SerialNumber = Hex.Parse("01 23 00 00 00 00 00 00 EE");
            expected.RevNum = Hex.Parse("00 00 60 03");
            expected.AesEnabled = false;
            expected.UserExtra = 0x12;
            expected.UserExtraAdd = 0xB0;
            expected.LockValue = ConfigZone.UnlockedValue;
            expected.LockConfig = ConfigZone.UnlockedValue;
            expected.SlotLocked = 0x0000;

            Assert.AreEqual(0, chip.CompareWritable(expected).Count);
        }

        [TestMethod]
        public void CompareWritable_TngTlsAgainstBlank608B_ListsEveryDifferingField()
        {
            ArrayList differences = TngTls().CompareWritable(Blank608B());

            // I2C_Address, ChipMode, 16 SlotConfigs, SecureBoot, KdflvStr, ChipOptions, 14 KeyConfigs (7 and 8 agree).
            Assert.AreEqual(35, differences.Count, Joined(differences));
            Assert.AreEqual("slot 0 SlotConfig: expected 0x2083, chip has 0x0085", (string)differences[2]);
            Assert.AreEqual("slot 15 KeyConfig: expected 0x001C, chip has 0x0030", (string)differences[34]);
        }

        [TestMethod]
        public void CompareWritable_Null_Throws()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => TngTls().CompareWritable(null));
        }

        [TestMethod]
        public void Dump_TngTls_ShowsIdentityLocksAndEverySlot()
        {
            string dump = TngTls().Dump();

            Assert.IsTrue(dump.IndexOf("ATECC608A config zone") == 0, dump);
            Assert.IsTrue(dump.IndexOf("01 23 CF E1 EF 17 F0 B0 01") > 0, dump);
            Assert.IsTrue(dump.IndexOf("00 00 60 02") > 0, dump);
            Assert.IsTrue(dump.IndexOf("I2C address    0x35 (byte 16 = 0x6A)") > 0, dump);
            Assert.IsTrue(dump.IndexOf("chip mode      0x01: alternate address on") > 0, dump);
            Assert.IsTrue(dump.IndexOf("config locked, data locked, SlotLocked 0xFFFF") > 0, dump);
            Assert.IsTrue(dump.IndexOf("ChipOptions 0x600E") > 0, dump);
            Assert.IsTrue(dump.IndexOf("slot  0  SlotConfig 0x0085  KeyConfig 0x0053  key: private P-256 pub-info req-random  slot: ext-sign ecdh secret\n") > 0, dump);
            Assert.IsTrue(dump.IndexOf("slot 15  SlotConfig 0x0F0F  KeyConfig 0x0030  key: public P-256 lockable  slot: read-key 15 write-key 15 write always\n") > 0, dump);

            ConfigZone zone = TngTls();
            for (int slot = 0; slot < ConfigZone.SlotCount; slot++)
            {
                string line = "slot " + (slot < 10 ? " " : string.Empty) + slot + "  SlotConfig " + zone.GetSlotConfig(slot).ToString()
                    + "  KeyConfig " + zone.GetKeyConfig(slot).ToString();
                Assert.IsTrue(dump.IndexOf(line) > 0, "missing: " + line);
            }

            Assert.AreEqual(8 + ConfigZone.SlotCount, CountLines(dump));
        }

        [TestMethod]
        public void Dump_Blank608B_ShowsPartLocksAndSlotLockState()
        {
            ConfigZone zone = Blank608B();
            zone.SetSlotLocked(0, true);

            string dump = zone.Dump();

            Assert.IsTrue(dump.IndexOf("ATECC608B config zone") == 0, dump);
            Assert.IsTrue(dump.IndexOf("I2C address    0x60") > 0, dump);
            Assert.IsTrue(dump.IndexOf("config locked, data unlocked, SlotLocked 0xFFFE") > 0, dump);
            Assert.IsTrue(dump.IndexOf("slot  0  SlotConfig 0x2083  KeyConfig 0x0033  locked  key: private P-256 pub-info lockable  slot: ext-sign int-sign secret genkey\n") > 0, dump);
            Assert.IsTrue(dump.IndexOf("slot  8  SlotConfig 0x0000  KeyConfig 0x003C  key: data lockable  slot: read-key 0 write-key 0 write always\n") > 0, dump);
            Assert.IsTrue(dump.IndexOf("slot  1  SlotConfig 0x2087  KeyConfig 0x0033  key") > 0, dump);   // slot 1 not locked
        }

        /// <summary>The offsets at which two images differ, spaced: "20 21".</summary>
        private static string ChangedOffsets(byte[] before, byte[] after)
        {
            string text = string.Empty;
            for (int i = 0; i < before.Length; i++)
            {
                if (before[i] != after[i])
                {
                    text += (text.Length == 0 ? string.Empty : " ") + i;
                }
            }

            return text;
        }

        private static string Joined(ArrayList lines)
        {
            string text = string.Empty;
            for (int i = 0; i < lines.Count; i++)
            {
                text += (string)lines[i] + "; ";
            }

            return text;
        }

        private static int CountLines(string text)
        {
            int lines = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lines++;
                }
            }

            return lines;
        }
    }
}
