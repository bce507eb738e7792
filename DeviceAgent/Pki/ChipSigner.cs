using Atecc608Driver;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// <see cref="IDigestSigner"/> and <see cref="ISignatureVerifier"/> over the ATECC608: the key stays in its slot.
    /// </summary>
    public sealed class ChipSigner : IDigestSigner, ISignatureVerifier
    {
        private readonly Atecc608 _chip;
        private readonly int _slot;
        private byte[] _publicKey;

        /// <summary>Signs with the private key in <paramref name="slot"/> of <paramref name="chip"/>.</summary>
        public ChipSigner(Atecc608 chip, int slot)
        {
            if (chip == null)
            {
                throw new System.ArgumentNullException(nameof(chip));
            }

            _chip = chip;
            _slot = slot;
        }

        /// <inheritdoc />
        public byte[] PublicKey
        {
            get
            {
                if (_publicKey == null)
                {
                    _publicKey = _chip.GetPublicKey(_slot);
                }

                return _publicKey;
            }
        }

        /// <inheritdoc />
        public byte[] SignDigest(byte[] digest)
        {
            return _chip.SignDigest(_slot, digest);
        }

        /// <inheritdoc />
        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
        {
            return _chip.VerifySignature(digest, signature, publicKey);
        }
    }
}
