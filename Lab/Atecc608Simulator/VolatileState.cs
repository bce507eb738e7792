using System.Security.Cryptography;

namespace Atecc608Simulator;

/// <summary>
/// The chip's SRAM: TempKey, the message-digest buffer, the alternate key buffer and the SHA context
/// (facts/atecc608.md §1.5). Kept across idle, lost on sleep, watchdog expiry and power loss. The RNG seed is
/// volatile too but has no observable effect here (random bytes come from the host's RandomNumberGenerator).
/// </summary>
internal sealed class VolatileState : IDisposable
{
    /// <summary>TempKey, 64 bytes on the 608 (Nonce 64-byte pass-through).</summary>
    public byte[] TempKey { get; } = new byte[64];

    /// <summary>TempKey holds a value loaded since the last wake from sleep.</summary>
    public bool TempKeyValid { get; set; }

    /// <summary>TempKey.SourceFlag: true when it came from a random Nonce, false for pass-through input.</summary>
    public bool TempKeyFromRandom { get; set; }

    /// <summary>The message-digest buffer (Nonce 0x43 / 0x63).</summary>
    public byte[] MessageDigestBuffer { get; } = new byte[64];

    /// <summary>The message-digest buffer holds a value loaded since the last wake from sleep.</summary>
    public bool MessageDigestValid { get; set; }

    /// <summary>The alternate key buffer (Nonce 0x83).</summary>
    public byte[] AlternateKeyBuffer { get; } = new byte[32];

    /// <summary>The alternate key buffer holds a value loaded since the last wake from sleep.</summary>
    public bool AlternateKeyValid { get; set; }

    /// <summary>The SHA command's running context between start and end; null when no SHA is in progress.</summary>
    public IncrementalHash? Sha { get; private set; }

    /// <summary>Starts a new SHA-256 context, discarding any running one.</summary>
    public void StartSha()
    {
        Sha?.Dispose();
        Sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>Finishes the running SHA-256 context and returns its digest.</summary>
    public byte[] FinishSha()
    {
        IncrementalHash sha = Sha ?? throw new InvalidOperationException("no SHA context");
        byte[] digest = sha.GetHashAndReset();
        sha.Dispose();
        Sha = null;
        return digest;
    }

    /// <summary>Forgets everything, as sleep does.</summary>
    public void Clear()
    {
        Array.Clear(TempKey);
        Array.Clear(MessageDigestBuffer);
        Array.Clear(AlternateKeyBuffer);
        TempKeyValid = false;
        TempKeyFromRandom = false;
        MessageDigestValid = false;
        AlternateKeyValid = false;
        Sha?.Dispose();
        Sha = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Clear();
}
