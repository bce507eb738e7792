namespace Atecc608Driver
{
    /// <summary>
    /// ATECC608 command opcodes (facts/atecc608.md §3.1; CryptoAuthLib calib_command.h).
    /// </summary>
    public enum Opcode : byte
    {
        /// <summary>Pause (not supported by the 608; listed so a parse error can be named).</summary>
        Pause = 0x01,

        /// <summary>Read 4 or 32 bytes from the config, OTP or data zone.</summary>
        Read = 0x02,

        /// <summary>Computes a MAC over a challenge and a key.</summary>
        Mac = 0x08,

        /// <summary>Writes 4 or 32 bytes to a zone.</summary>
        Write = 0x12,

        /// <summary>Combines a stored value with TempKey.</summary>
        GenDig = 0x15,

        /// <summary>Loads TempKey, the message-digest buffer or the alternate key buffer.</summary>
        Nonce = 0x16,

        /// <summary>Locks the config zone, the data zone or one slot.</summary>
        Lock = 0x17,

        /// <summary>Returns 32 random bytes.</summary>
        Random = 0x1B,

        /// <summary>Derives a key into a slot.</summary>
        DeriveKey = 0x1C,

        /// <summary>Updates config bytes 84/85 or decrements a limited-use counter.</summary>
        UpdateExtra = 0x20,

        /// <summary>Reads or increments one of the two monotonic counters.</summary>
        Counter = 0x24,

        /// <summary>Checks a MAC computed elsewhere.</summary>
        CheckMac = 0x28,

        /// <summary>Returns revision, key-valid, state or latch information.</summary>
        Info = 0x30,

        /// <summary>Creates a private key or computes a public key.</summary>
        GenKey = 0x40,

        /// <summary>Signs a digest with a private key slot (ECDSA P-256).</summary>
        Sign = 0x41,

        /// <summary>Elliptic-curve Diffie-Hellman.</summary>
        Ecdh = 0x43,

        /// <summary>Verifies an ECDSA P-256 signature.</summary>
        Verify = 0x45,

        /// <summary>Writes a private key, encrypted.</summary>
        PrivWrite = 0x46,

        /// <summary>SHA-256 and HMAC engine.</summary>
        Sha = 0x47,

        /// <summary>AES-128 on one block.</summary>
        Aes = 0x51,

        /// <summary>Key derivation (PRF, AES, HKDF).</summary>
        Kdf = 0x56,

        /// <summary>Runs the self tests or reads their result.</summary>
        SelfTest = 0x77,

        /// <summary>Verifies a firmware digest.</summary>
        SecureBoot = 0x80,
    }
}
