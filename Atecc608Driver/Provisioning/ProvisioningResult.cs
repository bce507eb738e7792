using System.Collections;

namespace Atecc608Driver.Provisioning
{
    /// <summary>The chip's identity after provisioning, and what the run did to get there.</summary>
    public sealed class ProvisioningResult
    {
        internal ProvisioningResult(ProvisioningOutcome outcome, string part, byte[] serialNumber, int keySlot, byte[] publicKey, ArrayList steps)
        {
            Outcome = outcome;
            Part = part;
            SerialNumber = serialNumber;
            KeySlot = keySlot;
            PublicKey = publicKey;
            Steps = steps;
        }

        /// <summary>Provisioned now, already provisioned, or pre-provisioned by Microchip.</summary>
        public ProvisioningOutcome Outcome { get; }

        /// <summary>"TrustCUSTOM" for a part configured by this product, else the Microchip family name.</summary>
        public string Part { get; }

        /// <summary>The chip's 9-byte serial number.</summary>
        public byte[] SerialNumber { get; }

        /// <summary>Slot of the identity key.</summary>
        public int KeySlot { get; }

        /// <summary>Public key X‖Y of the identity key.</summary>
        public byte[] PublicKey { get; }

        /// <summary>One sentence per step taken, in order.</summary>
        public ArrayList Steps { get; }
    }
}
