using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// An <see cref="IDigestSigner"/> that returns a known R‖S (e.g. the one a real chip produced for a published
    /// CSR) and records the digest it was asked to sign, so a test can reproduce a signed vector byte for byte.
    /// </summary>
    internal sealed class FixedSigner : IDigestSigner
    {
        private readonly byte[] _publicKey;
        private readonly byte[] _signature;

        public FixedSigner(byte[] publicKey, byte[] signature)
        {
            _publicKey = publicKey;
            _signature = signature;
            LastDigest = new byte[32];
        }

        /// <summary>Copy of the last digest passed to <see cref="SignDigest"/>.</summary>
        public byte[] LastDigest { get; }

        /// <summary>How often <see cref="SignDigest"/> was called.</summary>
        public int Calls { get; private set; }

        public byte[] PublicKey
        {
            get { return _publicKey; }
        }

        public byte[] SignDigest(byte[] digest)
        {
            Array.Copy(digest, LastDigest, 32);
            Calls++;
            return _signature;
        }
    }
}
