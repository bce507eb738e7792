namespace Atecc608Driver.Config
{
    /// <content>The readable listing of a config zone, for diagnostics and provisioning logs.</content>
    public sealed partial class ConfigZone
    {
        private const string NewLine = "\n";

        /// <summary>
        /// A multi-line listing: part and serial number, revision, I2C address, chip mode, options, locks and
        /// counters, then one line per slot with its SlotConfig and KeyConfig words, their decoded flags and whether
        /// the slot is locked. Lines end with "\n". Holds no secret: the config zone is readable by anyone.
        /// </summary>
        public string Dump()
        {
            string text = PartName() + " config zone" + NewLine;
            text += "serial number  " + FormatBytes(SerialNumber, 0, SerialNumberLength) + NewLine;
            text += "revision       " + FormatBytes(_data, RevNumOffset, RevNumLength) + NewLine;
            text += "I2C address    0x" + I2cAddress.ToString("X2") + " (byte 16 = " + Hex2(_data[I2cAddressOffset])
                + "), I2C_Enable " + Hex2(_data[I2cEnableOffset]) + ", AES_Enable " + Hex2(_data[AesEnableOffset]) + NewLine;
            text += "chip mode      " + Hex2(ChipMode) + ": alternate address "
                + (AlternateAddressEnabled ? "on" : "off") + " (UserExtraAdd " + Hex2(UserExtraAdd) + "), TTL "
                + (TtlEnabled ? "on" : "off") + ", watchdog " + (WatchdogLong ? "13 s" : "1.3 s")
                + ", clock divider " + Hex2(ClockDivider) + NewLine;
            text += "options        CountMatch " + Hex2(CountMatch) + ", UseLock " + Hex2(UseLock)
                + ", VolatileKeyPermission " + Hex2(VolatileKeyPermission) + ", SecureBoot " + Hex4(SecureBoot)
                + ", ChipOptions " + Hex4(ChipOptions) + ", X509format " + FormatBytes(_data, X509FormatOffset, X509FormatCount)
                + ", UserExtra " + Hex2(UserExtra) + NewLine;
            text += "locks          config " + LockState(LockConfig) + ", data " + LockState(LockValue)
                + ", SlotLocked " + Hex4(SlotLocked) + NewLine;
            text += "counters       Counter0 " + FormatBytes(_data, Counter0Offset, CounterLength)
                + ", Counter1 " + FormatBytes(_data, Counter1Offset, CounterLength) + NewLine;
            for (int slot = 0; slot < SlotCount; slot++)
            {
                SlotConfig slotConfig = GetSlotConfig(slot);
                KeyConfig keyConfig = GetKeyConfig(slot);
                text += "slot " + (slot < 10 ? " " : string.Empty) + slot
                    + "  SlotConfig " + slotConfig.ToString() + "  KeyConfig " + keyConfig.ToString()
                    + (IsSlotLocked(slot) ? "  locked" : string.Empty)
                    + "  key: " + keyConfig.Describe()
                    + "  slot: " + slotConfig.Describe(keyConfig.Private) + NewLine;
            }

            return text;
        }

        private string PartName()
        {
            byte revision = _data[RevNumOffset + 3];
            if (revision == Revision608A)
            {
                return "ATECC608A";
            }

            return revision >= Revision608B ? "ATECC608B" : "ATECC608 (revision " + Hex2(revision) + ")";
        }

        private static string LockState(byte value)
        {
            if (value == LockedValue)
            {
                return "locked";
            }

            return value == UnlockedValue ? "unlocked" : "unknown lock byte " + Hex2(value);
        }

        private static string Hex2(int value)
        {
            return "0x" + ((byte)value).ToString("X2");
        }

        private static string Hex4(int value)
        {
            return "0x" + ((ushort)value).ToString("X4");
        }

        /// <summary>Spaced upper-case hex, "01 23 CF".</summary>
        private static string FormatBytes(byte[] data, int offset, int count)
        {
            const string digits = "0123456789ABCDEF";
            var chars = new char[count == 0 ? 0 : (count * 3) - 1];
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                if (i > 0)
                {
                    chars[(i * 3) - 1] = ' ';
                }

                chars[i * 3] = digits[b >> 4];
                chars[(i * 3) + 1] = digits[b & 0xF];
            }

            return new string(chars);
        }
    }
}
