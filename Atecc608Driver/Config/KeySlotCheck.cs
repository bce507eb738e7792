using System;
using System.Collections;

namespace Atecc608Driver.Config
{
    /// <summary>
    /// Checks that a slot may hold the device's private key: rules R1–R9 of facts/atecc608.md §5.4 over the config
    /// zone. R3 and R4 are the "no key leaves the chip" gate; a slot with any error must not be used.
    /// </summary>
    /// <remarks>
    /// Pure: it reads only the given <see cref="ConfigZone"/>. Read the zone from the chip (four 32-byte Reads)
    /// rather than trusting a part number: configurations differ between parts and revisions (§13.3 note).
    /// </remarks>
    public static class KeySlotCheck
    {
        /// <summary>Runs R1–R9 for <paramref name="slot"/> with nothing configured deliberately.</summary>
        /// <returns>An ArrayList of <see cref="KeySlotFinding"/>; empty when the slot passes every rule.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public static ArrayList Check(ConfigZone zone, int slot)
        {
            return Check(zone, slot, KeySlotOptions.None);
        }

        /// <summary>
        /// Runs R1–R9 for <paramref name="slot"/>; <paramref name="options"/> names the properties the caller
        /// configured on purpose (R7 key rotation, R9 LimitedUse / PersistentDisable).
        /// </summary>
        /// <returns>An ArrayList of <see cref="KeySlotFinding"/>, in rule order; empty when the slot passes every rule.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The slot is not 0–15.</exception>
        public static ArrayList Check(ConfigZone zone, int slot, KeySlotOptions options)
        {
            if (zone == null)
            {
                throw new ArgumentNullException(nameof(zone));
            }

            ConfigZone.CheckSlot(slot);
            SlotConfig slotConfig = zone.GetSlotConfig(slot);
            KeyConfig keyConfig = zone.GetKeyConfig(slot);
            string slotText = "slot " + slot + " SlotConfig " + slotConfig.ToString();
            string keyText = "slot " + slot + " KeyConfig " + keyConfig.ToString();
            var findings = new ArrayList();

            // R1: before the locks, slot policies are not enforced (§5.4, §6).
            if (!zone.IsConfigLocked)
            {
                Add(findings, KeySlotSeverity.Error, 1, "config zone not locked (LockConfig 0x" + zone.LockConfig.ToString("X2")
                    + "): the slot policies below are not in force yet");
            }

            if (!zone.IsDataLocked)
            {
                Add(findings, KeySlotSeverity.Error, 1, "data zone not locked (LockValue 0x" + zone.LockValue.ToString("X2")
                    + "): slots are writable regardless of their policy and Sign is refused");
            }

            // R2: an ECC P-256 private key slot.
            if (!keyConfig.Private)
            {
                Add(findings, KeySlotSeverity.Error, 2, keyText + " is not a private-key slot (Private = 0)");
            }

            if (keyConfig.KeyType != KeyConfig.KeyTypeP256)
            {
                Add(findings, KeySlotSeverity.Error, 2, keyText + " has KeyType " + keyConfig.KeyType + " ("
                    + KeyConfig.DescribeKeyType(keyConfig.KeyType) + "), not 4 (P-256)");
            }

            // R3: never readable, in clear or encrypted.
            if (!slotConfig.IsSecret)
            {
                Add(findings, KeySlotSeverity.Error, 3, slotText + " has IsSecret = 0: the key could be read in clear");
            }

            if (slotConfig.EncryptRead)
            {
                Add(findings, KeySlotSeverity.Error, 3, slotText + " has EncryptRead = 1: the key could be read encrypted under ReadKey "
                    + slotConfig.ReadKey);
            }

            // R4: no encrypted import of a host-known key.
            if (slotConfig.PrivWriteAllowed)
            {
                Add(findings, KeySlotSeverity.Error, 4, slotText + " allows PrivWrite (bit 14): a key known outside the chip could be "
                    + "written into the slot, so the device could be cloned");
            }

            // R5: external Sign is how CSRs and TLS handshakes are signed.
            if (!slotConfig.ExternalSignAllowed)
            {
                Add(findings, KeySlotSeverity.Error, 5, slotText + " does not allow external Sign (ReadKey bit 0 = 0): "
                    + "the key cannot sign a CSR or a TLS handshake");
            }

            // R6: GenKey mode 0 must be able to recompute the public key for the CSR.
            if (!keyConfig.PubInfo)
            {
                Add(findings, KeySlotSeverity.Error, 6, keyText + " has PubInfo = 0: the public key cannot be recomputed "
                    + "(GenKey mode 0) to build a CSR");
            }

            CheckGenKey(findings, zone, slot, slotConfig, keyConfig, slotText, options);
            CheckAuthorization(findings, zone, keyConfig, keyText);

            // R9: use restrictions that make Sign fail with 0x0F by surprise.
            if (slotConfig.LimitedUse && (options & KeySlotOptions.LimitedUse) == 0)
            {
                Add(findings, KeySlotSeverity.Error, 9, slotText + " has LimitedUse = 1: each use counts down Counter0 and "
                    + "Sign fails once it runs out");
            }

            if (keyConfig.PersistentDisable && (options & KeySlotOptions.PersistentDisable) == 0)
            {
                Add(findings, KeySlotSeverity.Error, 9, keyText + " has PersistentDisable = 1: the key works only while the "
                    + "persistent latch is set");
            }

            return findings;
        }

        /// <summary>True when <paramref name="findings"/> (from <see cref="Check(ConfigZone, int)"/>) holds no error.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="findings"/> is null.</exception>
        public static bool IsAcceptable(ArrayList findings)
        {
            if (findings == null)
            {
                throw new ArgumentNullException(nameof(findings));
            }

            for (int i = 0; i < findings.Count; i++)
            {
                if (((KeySlotFinding)findings[i]).IsError)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when <paramref name="slot"/> passes R1–R9 without error (warnings allowed).</summary>
        public static bool IsAcceptable(ConfigZone zone, int slot)
        {
            return IsAcceptable(Check(zone, slot, KeySlotOptions.None));
        }

        // R7: GenKey on an unlocked slot lets anyone on the bus replace the key (denial of service, not leakage).
        private static void CheckGenKey(ArrayList findings, ConfigZone zone, int slot, SlotConfig slotConfig,
            KeyConfig keyConfig, string slotText, KeySlotOptions options)
        {
            bool slotLocked = zone.IsSlotLocked(slot);
            if ((options & KeySlotOptions.KeyRotation) != 0)
            {
                if (!slotConfig.GenKeyAllowed || slotLocked)
                {
                    Add(findings, KeySlotSeverity.Warning, 7, slotText + (slotLocked ? " is locked" : " does not allow GenKey (bit 13)")
                        + ": the key cannot be rotated");
                }

                return;
            }

            if (!slotConfig.GenKeyAllowed || slotLocked)
            {
                return;
            }

            if (keyConfig.Lockable)
            {
                Add(findings, KeySlotSeverity.Warning, 7, slotText + " allows GenKey (bit 13) and the slot is not locked: anyone on "
                    + "the bus can replace the key; lock the slot after provisioning");
            }
            else
            {
                Add(findings, KeySlotSeverity.Warning, 7, slotText + " allows GenKey (bit 13) and the slot cannot be locked "
                    + "(Lockable = 0): anyone on the bus can replace the key");
            }
        }

        // R8: an authorization key that can be read is as good as no authorization.
        private static void CheckAuthorization(ArrayList findings, ConfigZone zone, KeyConfig keyConfig, string keyText)
        {
            if (!keyConfig.ReqAuth)
            {
                return;
            }

            int authSlot = keyConfig.AuthKey;
            SlotConfig authConfig = zone.GetSlotConfig(authSlot);
            if (!authConfig.IsSecret || authConfig.EncryptRead)
            {
                Add(findings, KeySlotSeverity.Error, 8, keyText + " requires authorization by slot " + authSlot
                    + ", whose key can be read (SlotConfig " + authConfig.ToString() + "): whoever reads it can use this key");
            }
            else
            {
                Add(findings, KeySlotSeverity.Warning, 8, keyText + " requires authorization by slot " + authSlot
                    + " before each use");
            }
        }

        private static void Add(ArrayList findings, KeySlotSeverity severity, int rule, string message)
        {
            findings.Add(new KeySlotFinding(severity, rule, message));
        }
    }
}
