namespace DeviceAgent.Pki
{
    /// <summary>
    /// Signs a 32-byte SHA-256 digest with the device's P-256 key and returns R‖S (64 bytes, big-endian). On the
    /// device the ATECC608 does it (<see cref="ChipSigner"/>); the private key never reaches this interface.
    /// </summary>
    public interface IDigestSigner
    {
        /// <summary>R‖S over <paramref name="digest"/>.</summary>
        byte[] SignDigest(byte[] digest);

        /// <summary>The signing key's public key X‖Y (64 bytes).</summary>
        byte[] PublicKey { get; }
    }
}
