using System;
using System.Collections;

namespace Atecc608Driver.Config
{
    /// <content>Comparison of a read config zone with an intended image, field by field.</content>
    public sealed partial class ConfigZone
    {
        /// <summary>
        /// Compares the bytes a host can write before the config lock with <paramref name="expected"/>: bytes 16–51,
        /// 68–83 and 90–127, the ranges CryptoAuthLib's 608 config compare checks (facts/atecc608.md §6). Bytes 0–15
        /// (serial, revision, part options) are fixed by the factory; 84–89 (UserExtra, UserExtraAdd, locks,
        /// SlotLocked) change only through UpdateExtra and Lock.
        /// </summary>
        /// <param name="expected">The intended image; this instance is the zone read from the chip.</param>
        /// <returns>
        /// One string per differing field, naming the field (and slot), the expected and the chip's value, e.g.
        /// "slot 0 SlotConfig: expected 0x2083, chip has 0x0085". Empty when the writable bytes are equal.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="expected"/> is null.</exception>
        public ArrayList CompareWritable(ConfigZone expected)
        {
            if (expected == null)
            {
                throw new ArgumentNullException(nameof(expected));
            }

            byte[] want = expected._data;
            var differences = new ArrayList();
            CompareByte(want, I2cAddressOffset, "I2C_Address (byte 16)", differences);
            CompareByte(want, I2cAddressOffset + 1, "reserved byte 17", differences);
            CompareByte(want, CountMatchOffset, "CountMatch", differences);
            CompareByte(want, ChipModeOffset, "ChipMode", differences);
            for (int slot = 0; slot < SlotCount; slot++)
            {
                CompareWord(want, SlotConfigOffset + (2 * slot), slot, "SlotConfig", differences);
            }

            CompareBytes(want, Counter0Offset, CounterLength, "Counter0", differences);
            CompareBytes(want, Counter1Offset, CounterLength, "Counter1", differences);
            CompareByte(want, UseLockOffset, "UseLock", differences);
            CompareByte(want, VolatileKeyPermissionOffset, "VolatileKeyPermission", differences);
            CompareWord(want, SecureBootOffset, -1, "SecureBoot", differences);
            CompareByte(want, KdfIvLocOffset, "KdflvLoc", differences);
            CompareWord(want, KdfIvStrOffset, -1, "KdflvStr", differences);
            for (int offset = KdfIvStrOffset + 2; offset < UserExtraOffset; offset++)
            {
                if (_data[offset] != want[offset])
                {
                    CompareByte(want, offset, "reserved byte " + offset, differences);
                }
            }

            CompareWord(want, ChipOptionsOffset, -1, "ChipOptions", differences);
            for (int index = 0; index < X509FormatCount; index++)
            {
                if (_data[X509FormatOffset + index] != want[X509FormatOffset + index])
                {
                    CompareByte(want, X509FormatOffset + index, "X509format[" + index + "]", differences);
                }
            }

            for (int slot = 0; slot < SlotCount; slot++)
            {
                CompareWord(want, KeyConfigOffset + (2 * slot), slot, "KeyConfig", differences);
            }

            return differences;
        }

        private void CompareByte(byte[] want, int offset, string field, ArrayList differences)
        {
            if (_data[offset] != want[offset])
            {
                differences.Add(field + ": expected " + Hex2(want[offset]) + ", chip has " + Hex2(_data[offset]));
            }
        }

        /// <summary>A little-endian 16-bit field; <paramref name="slot"/> ≥ 0 prefixes "slot n ".</summary>
        private void CompareWord(byte[] want, int offset, int slot, string field, ArrayList differences)
        {
            int expectedWord = want[offset] | (want[offset + 1] << 8);
            int actualWord = _data[offset] | (_data[offset + 1] << 8);
            if (expectedWord != actualWord)
            {
                string name = slot >= 0 ? "slot " + slot + " " + field : field;
                differences.Add(name + ": expected " + Hex4(expectedWord) + ", chip has " + Hex4(actualWord));
            }
        }

        private void CompareBytes(byte[] want, int offset, int count, string field, ArrayList differences)
        {
            for (int i = 0; i < count; i++)
            {
                if (_data[offset + i] != want[offset + i])
                {
                    differences.Add(field + ": expected " + FormatBytes(want, offset, count)
                        + ", chip has " + FormatBytes(_data, offset, count));
                    return;
                }
            }
        }
    }
}
