using Atecc608Driver.Config;

namespace Atecc608Driver.Provisioning
{
    /// <summary>
    /// The configuration this product writes to a blank (TrustCUSTOM) ATECC608: which slot holds what, and the
    /// SlotConfig/KeyConfig that enforce it (bit meanings in facts/atecc608.md §5).
    /// </summary>
    /// <remarks>
    /// Slot map:
    /// <list type="bullet">
    /// <item>0: the device identity key: P-256, generated on the chip before the data zone is locked, external
    /// Sign only, secret, and permanent (WriteConfig 0: no GenKey, no PrivWrite after lock).</item>
    /// <item>1, 2: spare key slots for rekeying: like slot 0 but GenKey stays allowed and the slot is lockable.</item>
    /// <item>3–7: unused secrets, never readable or writable.</item>
    /// <item>8 (416 bytes), 9–15 (72 bytes): public data: certificates, compressed certificates, public keys.</item>
    /// </list>
    /// ChipMode 0 (1.3 s watchdog, full-speed ECC clock), no secure boot, no limited-use keys, no persistent latch.
    /// Factory bytes (serial number, revision, I2C address) are kept as the chip has them.
    /// </remarks>
    public static class DeviceConfiguration
    {
        /// <summary>Slot of the permanent identity key.</summary>
        public const int IdentityKeySlot = 0;

        /// <summary>First spare key slot for rekeying.</summary>
        public const int FirstRekeySlot = 1;

        /// <summary>Last spare key slot for rekeying.</summary>
        public const int LastRekeySlot = 2;

        /// <summary>The 416-byte slot for a certificate.</summary>
        public const int CertificateSlot = 8;

        /// <summary>Identity key: external Sign (ReadKey bit 0), IsSecret; WriteConfig 0 makes it permanent once locked.</summary>
        public const ushort IdentitySlotConfig = 0x0081;

        /// <summary>Private, PubInfo (public key can be recomputed), KeyType P-256.</summary>
        public const ushort IdentityKeyConfig = 0x0013;

        /// <summary>Rekey slots: as the identity key, plus WriteConfig GenKey (bit 13).</summary>
        public const ushort RekeySlotConfig = 0x2081;

        /// <summary>Rekey slots: as the identity key, plus Lockable so a rotated key can be frozen.</summary>
        public const ushort RekeyKeyConfig = 0x0033;

        /// <summary>Unused slots: IsSecret and WriteConfig Never: nothing goes in or out.</summary>
        public const ushort UnusedSlotConfig = 0x8080;

        /// <summary>KeyType 7 (data), not private.</summary>
        public const ushort DataKeyConfig = 0x001C;

        /// <summary>Public data slots: clear read, clear write.</summary>
        public const ushort PublicDataSlotConfig = 0x0000;

        /// <summary>Public data slots: KeyType 7 (data), lockable.</summary>
        public const ushort PublicDataKeyConfig = 0x003C;

        /// <summary>
        /// The intended image for <paramref name="chip"/>: its factory bytes with this product's writable fields.
        /// </summary>
        public static ConfigZone IntendedFor(ConfigZone chip)
        {
            ConfigZone intended = chip.Clone();
            intended.CountMatch = 0x00;
            intended.ChipMode = 0x00;
            for (int slot = 0; slot < ConfigZone.SlotCount; slot++)
            {
                intended.SetSlotConfig(slot, new SlotConfig(SlotConfigFor(slot)));
                intended.SetKeyConfig(slot, new KeyConfig(KeyConfigFor(slot)));
            }

            intended.UseLock = 0x00;
            intended.VolatileKeyPermission = 0x00;
            intended.SecureBoot = 0x0000;
            intended.KdfIvLoc = 0x00;
            intended.KdfIvStr = 0x0000;
            intended.SlotLocked = 0xFFFF;
            intended.ChipOptions = 0x0000;
            for (int i = 0; i < ConfigZone.X509FormatCount; i++)
            {
                intended.SetX509Format(i, 0x00);
            }

            return intended;
        }

        private static ushort SlotConfigFor(int slot)
        {
            if (slot == IdentityKeySlot)
            {
                return IdentitySlotConfig;
            }

            if (slot >= FirstRekeySlot && slot <= LastRekeySlot)
            {
                return RekeySlotConfig;
            }

            return slot < CertificateSlot ? UnusedSlotConfig : PublicDataSlotConfig;
        }

        private static ushort KeyConfigFor(int slot)
        {
            if (slot == IdentityKeySlot)
            {
                return IdentityKeyConfig;
            }

            if (slot >= FirstRekeySlot && slot <= LastRekeySlot)
            {
                return RekeyKeyConfig;
            }

            return slot < CertificateSlot ? DataKeyConfig : PublicDataKeyConfig;
        }
    }
}
