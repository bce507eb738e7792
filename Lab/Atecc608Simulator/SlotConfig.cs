namespace Atecc608Simulator;

/// <summary>One slot's 16-bit SlotConfig word (config bytes 20 + 2n, little-endian; facts/atecc608.md §5.1).</summary>
internal readonly record struct SlotConfig(ushort Value)
{
    /// <summary>Bits 3:0: key slot for encrypted reads; on a private-key slot, what the key may be used for.</summary>
    public int ReadKey => Value & 0x000F;

    /// <summary>Bit 6: reads must be encrypted with ReadKey.</summary>
    public bool EncryptRead => (Value & 0x0040) != 0;

    /// <summary>Bit 7: the slot is never read in clear and accepts 32-byte writes only.</summary>
    public bool IsSecret => (Value & 0x0080) != 0;

    /// <summary>Bits 15:12: the slot's write policy.</summary>
    public int WriteConfig => (Value >> 12) & 0x0F;

    /// <summary>Private-key slot, ReadKey bit 0: external Sign allowed.</summary>
    public bool ExternalSignAllowed => (ReadKey & 0x1) != 0;

    /// <summary>Private-key slot, ReadKey bit 2: ECDH allowed.</summary>
    public bool EcdhAllowed => (ReadKey & 0x4) != 0;

    /// <summary>Private-key slot, ReadKey bit 3: the ECDH result goes to slot n+1 instead of the output.</summary>
    public bool EcdhResultToNextSlot => (ReadKey & 0x8) != 0;

    /// <summary>Private-key slot, WriteConfig bit 1 (SlotConfig bit 13): GenKey may create a new key after data lock.</summary>
    public bool GenKeyAllowed => (WriteConfig & 0x2) != 0;

    /// <summary>
    /// WriteConfig 0000 (Always) or 0001 (PubInvalid): the Write command may write the slot in clear after the
    /// data lock. Every other encoding is Never or Encrypted; encrypted writes are not modelled.
    /// </summary>
    public bool ClearWriteAllowed => WriteConfig <= 1;
}
