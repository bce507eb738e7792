namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// The port through which certificate rebuilding hashes: SHA-256 for hashed serial numbers (facts/atecc608.md
    /// §10.2) and SHA-1 for key identifiers (§7.3). The device supplies a managed implementation or one on the
    /// chip's SHA engine; desktop code wraps System.Security.Cryptography.
    /// </summary>
    public interface ICertificateHashes
    {
        /// <summary>SHA-256 of <paramref name="count"/> bytes from <paramref name="offset"/>: a new 32-byte array.</summary>
        byte[] Sha256(byte[] data, int offset, int count);

        /// <summary>SHA-1 of <paramref name="count"/> bytes from <paramref name="offset"/>: a new 20-byte array.</summary>
        byte[] Sha1(byte[] data, int offset, int count);
    }
}
