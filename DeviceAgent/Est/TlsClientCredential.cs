using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Est
{
    /// <summary>
    /// The device's TLS client identity: its certificate chain (DER, leaf first) and the signer that holds the key
    /// (the ATECC608 slot through <see cref="IDigestSigner"/>). No private key bytes exist anywhere in this type.
    /// </summary>
    public sealed class TlsClientCredential
    {
        /// <summary>A credential presenting <paramref name="chain"/> and signing with <paramref name="signer"/>.</summary>
        public TlsClientCredential(byte[][] chain, IDigestSigner signer)
        {
            if (chain == null || chain.Length == 0)
            {
                throw new ArgumentException("certificate chain required", nameof(chain));
            }

            if (signer == null)
            {
                throw new ArgumentNullException(nameof(signer));
            }

            Chain = chain;
            Signer = signer;
        }

        /// <summary>Leaf first, then any intermediates.</summary>
        public byte[][] Chain { get; }

        /// <summary>Makes the CertificateVerify signature (ECDSA P-256 over SHA-256).</summary>
        public IDigestSigner Signer { get; }
    }
}
