using System.Collections;
using DeviceAgent.Pki;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// An <see cref="ISignatureVerifier"/> for fixtures whose signatures are known good (OpenSSL issued them and
    /// <c>openssl verify</c> accepted the chain, see <see cref="PkiFixtures"/>): it accepts exactly the triples
    /// (SHA-256 of the genuine certificate's TBS, its R‖S, its issuer's X‖Y) it was told about, so a changed TBS,
    /// signature or key is refused as a real ECDSA verifier would. Real ECDSA runs in the Lab tests.
    /// </summary>
    internal sealed class KnownSignatureVerifier : ISignatureVerifier
    {
        private readonly ArrayList _digests = new ArrayList();
        private readonly ArrayList _signatures = new ArrayList();
        private readonly ArrayList _keys = new ArrayList();

        /// <summary>How often <see cref="Verify"/> was called.</summary>
        public int Calls { get; private set; }

        /// <summary>Declares that <paramref name="issuer"/>'s key really signed <paramref name="certificate"/>.</summary>
        public KnownSignatureVerifier Genuine(Certificate certificate, Certificate issuer)
        {
            _digests.Add(Sha256.Hash(certificate.Buffer, certificate.TbsOffset, certificate.TbsLength));
            _signatures.Add(certificate.Signature);
            _keys.Add(issuer.PublicKey);
            return this;
        }

        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
        {
            Calls++;
            for (int i = 0; i < _digests.Count; i++)
            {
                if (Same((byte[])_digests[i], digest) && Same((byte[])_signatures[i], signature) && Same((byte[])_keys[i], publicKey))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            return a != null && b != null && DerReader.BytesEqual(a, 0, a.Length, b, 0, b.Length);
        }
    }
}
