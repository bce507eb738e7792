namespace DeviceAgent.Pki
{
    /// <summary>
    /// Checks an ECDSA P-256 signature R‖S over a 32-byte digest with a public key X‖Y: the chip's Verify command on
    /// the device, software on desktop.
    /// </summary>
    public interface ISignatureVerifier
    {
        /// <summary>True when the signature is valid.</summary>
        bool Verify(byte[] digest, byte[] signature, byte[] publicKey);
    }
}
