using System.Security.Cryptography;
using System.Text;

namespace Lab.EstServer.Storage;

/// <summary>
/// Bootstrap secrets are stored as PBKDF2-HMAC-SHA256 with a per-device salt (NIST SP 800-132) and compared in
/// constant time; the secret itself is never stored or logged.
/// </summary>
internal static class SecretHasher
{
    /// <summary>Default iterations for new hashes (stored per device, so it can be raised later without invalidating old ones).</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>Salt length (SP 800-132 §5.1: at least 128 bits).</summary>
    public const int SaltBytes = 16;

    /// <summary>Hash length: the SHA-256 output.</summary>
    public const int HashBytes = 32;

    /// <summary>Hashes a new secret with a fresh salt.</summary>
    public static (byte[] Hash, byte[] Salt) Hash(string secret, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (Derive(secret, salt, iterations), salt);
    }

    /// <summary>Whether <paramref name="secret"/> matches the stored hash.</summary>
    public static bool Verify(string secret, byte[] hash, byte[] salt, int iterations) =>
        CryptographicOperations.FixedTimeEquals(Derive(secret, salt, iterations), hash);

    /// <summary>Spends the same time as a verification, for unknown device ids (no timing hint that an id exists).</summary>
    public static void Waste(string secret, int iterations) => Derive(secret, new byte[SaltBytes], iterations);

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
