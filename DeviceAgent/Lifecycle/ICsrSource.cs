using DeviceAgent.Pki;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// The key port: the secure element's key slots as the renewal runner needs them. The board and the virtual
    /// device implement it over the ATECC608 (<see cref="ChipCsrSource"/>); nothing here can read a private key.
    /// </summary>
    public interface ICsrSource
    {
        /// <summary>
        /// A DER PKCS#10 request for this device's identity on the key in <paramref name="keySlot"/>, signed in the
        /// chip; with <paramref name="generateKey"/> a new key pair is generated in that slot first (rekey).
        /// </summary>
        byte[] BuildCsr(int keySlot, bool generateKey);

        /// <summary>The signer (and public key) of <paramref name="keySlot"/>, for a TLS client credential.</summary>
        IDigestSigner SignerFor(int keySlot);
    }
}
