using System.Collections;
using Atecc608Driver.Config;

namespace Atecc608Driver.Provisioning
{
    /// <summary>
    /// Takes an ATECC608 from factory-blank to holding this product's configuration and a permanent identity key
    /// generated inside it: write the config, read it back, lock it with its CRC, GenKey slot 0, lock the data
    /// zone, then prove the key by signing and verifying (only in the run that provisioned it: the firmware runs
    /// this on every boot).
    /// </summary>
    /// <remarks>
    /// Every run starts by reading the chip's state and does only what is missing, so it is idempotent and
    /// completes correctly when re-run after a power cut at any step (facts/atecc608.md §12 item 18):
    /// config words are compared before each is written; the config lock carries the CRC of the image the host
    /// intends, so a half-written config cannot be locked; a key generated before a power cut that hit before the
    /// data lock is simply generated again (nothing can have used it). A chip locked with anything else is refused
    /// with the list of differing fields, unless it is a recognised pre-provisioned Microchip part, which is used
    /// as it is.
    /// </remarks>
    public sealed class Provisioner
    {
        /// <summary>Part name reported for a chip this product configured.</summary>
        public const string CustomPart = "TrustCUSTOM";

        // Config words a host may write before lock: bytes 16–83 and 88–127; word 21 (bytes 84–87: UserExtra,
        // UserExtraAdd, LockValue, LockConfig) changes only through UpdateExtra and Lock (facts §3.3 Write).
        private const int FirstWritableWord = 4;
        private const int LockWord = 21;
        private const int WordCount = ConfigZone.Size / Atecc608.WordSize;

        private readonly Atecc608 _chip;

        /// <summary>Provisions the chip behind <paramref name="chip"/>.</summary>
        public Provisioner(Atecc608 chip)
        {
            if (chip == null)
            {
                throw new System.ArgumentNullException(nameof(chip));
            }

            _chip = chip;
        }

        /// <summary>Brings the chip to the provisioned state, or explains precisely why it will not.</summary>
        /// <exception cref="ProvisioningException">The chip is configured otherwise, or a check failed.</exception>
        /// <exception cref="Atecc608Exception">The chip could not be reached or refused a command.</exception>
        public ProvisioningResult Run()
        {
            var steps = new ArrayList();
            ConfigZone config = _chip.ReadConfigZone();
            bool changed = false;

            if (config.IsConfigLocked)
            {
                ArrayList differences = config.CompareWritable(DeviceConfiguration.IntendedFor(config));
                if (differences.Count > 0)
                {
                    TrustPlatformPart part = config.IsDataLocked ? IdentifyPart() : null;
                    if (part == null)
                    {
                        throw new ProvisioningException(ProvisioningError.UnexpectedLockedConfiguration,
                            "the config zone is locked with a configuration this product did not write; refusing to touch the chip", differences);
                    }

                    steps.Add("recognised a pre-provisioned " + part.Name + " part; using it as it is");
                    return Finish(config, ProvisioningOutcome.PreProvisioned, part.Name, part.IdentityKeySlot, steps);
                }

                steps.Add("config zone already locked with this product's configuration");
            }
            else
            {
                WriteAndLockConfiguration(config, steps);
                config = _chip.ReadConfigZone();
                changed = true;
            }

            if (!config.IsDataLocked)
            {
                _chip.GenKeyCreate(DeviceConfiguration.IdentityKeySlot);
                steps.Add("generated the identity key in slot " + DeviceConfiguration.IdentityKeySlot);
                _chip.LockDataZone();
                steps.Add("locked the data zone");
                config = _chip.ReadConfigZone();
                changed = true;
            }

            return Finish(config, changed ? ProvisioningOutcome.Provisioned : ProvisioningOutcome.AlreadyProvisioned,
                CustomPart, DeviceConfiguration.IdentityKeySlot, steps);
        }

        private void WriteAndLockConfiguration(ConfigZone chip, ArrayList steps)
        {
            ConfigZone intended = DeviceConfiguration.IntendedFor(chip);
            byte[] have = chip.ToArray();
            byte[] want = intended.ToArray();
            int written = 0;
            for (int word = FirstWritableWord; word < WordCount; word++)
            {
                if (word == LockWord || SameWord(have, want, word))
                {
                    continue;
                }

                _chip.Write(Zone.Config, Atecc608.ConfigAddress(word / 8, word % 8), want, word * Atecc608.WordSize, Atecc608.WordSize);
                written++;
            }

            steps.Add("wrote " + written + " config words");

            ConfigZone readBack = _chip.ReadConfigZone();
            ArrayList differences = readBack.CompareWritable(intended);
            if (differences.Count > 0)
            {
                throw new ProvisioningException(ProvisioningError.ConfigurationNotWritten,
                    "the config zone read back differs from what was written", differences);
            }

            // The chip recomputes this CRC over the 128 bytes it holds (bytes 86/87 still 0x55) and refuses the
            // lock on a mismatch (facts/atecc608.md §6).
            ushort crc = Crc16.Compute(readBack.ToArray(), 0, ConfigZone.Size);
            _chip.LockConfigZone(crc);
            steps.Add("locked the config zone (CRC 0x" + crc.ToString("X4") + ")");
        }

        private ProvisioningResult Finish(ConfigZone config, ProvisioningOutcome outcome, string part, int slot, ArrayList steps)
        {
            ArrayList findings = KeySlotCheck.Check(config, slot, KeySlotOptions.None);
            if (!KeySlotCheck.IsAcceptable(findings))
            {
                throw new ProvisioningException(ProvisioningError.InsecureKeySlot,
                    "slot " + slot + " cannot hold the identity key", findings);
            }

            byte[] publicKey = _chip.GetPublicKey(slot);
            if (outcome != ProvisioningOutcome.Provisioned)
            {
                // Runs on every boot: a chip provisioned earlier costs one GenKey (public) here, not a ~300 ms
                // sign-and-verify; its key is proven again by the first CSR the server verifies.
                return new ProvisioningResult(outcome, part, config.SerialNumber, slot, publicKey, steps);
            }

            byte[] digest = _chip.Random();
            byte[] signature = _chip.SignDigest(slot, digest);
            if (!_chip.VerifySignature(digest, signature, publicKey))
            {
                var details = new ArrayList();
                details.Add("the chip's Verify rejected a signature made by slot " + slot);
                throw new ProvisioningException(ProvisioningError.KeyCheckFailed, "the identity key failed its self-check", details);
            }

            steps.Add("checked the identity key: signature by slot " + slot + " verifies with its public key");
            return new ProvisioningResult(outcome, part, config.SerialNumber, slot, publicKey, steps);
        }

        private TrustPlatformPart IdentifyPart()
        {
            var otp = new byte[Atecc608.BlockSize];
            _chip.Read(Zone.Otp, Atecc608.ConfigAddress(0, 0), otp, 0, Atecc608.BlockSize);
            return TrustPlatformPart.Identify(otp, 0);
        }

        private static bool SameWord(byte[] a, byte[] b, int word)
        {
            int start = word * Atecc608.WordSize;
            for (int i = start; i < start + Atecc608.WordSize; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
