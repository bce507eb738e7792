namespace Atecc608Simulator;

/// <summary>One slot's 16-bit KeyConfig word (config bytes 96 + 2n, little-endian; facts/atecc608.md §5.2).</summary>
internal readonly record struct KeyConfig(ushort Value)
{
    /// <summary>KeyType value of an ECC P-256 key (bits 4:2).</summary>
    public const int KeyTypeP256 = 4;

    /// <summary>Bit 0: the slot holds an ECC private key.</summary>
    public bool Private => (Value & 0x0001) != 0;

    /// <summary>Bit 1: on a private key, GenKey may recompute the public key.</summary>
    public bool PubInfo => (Value & 0x0002) != 0;

    /// <summary>Bits 4:2: the key type.</summary>
    public int KeyType => (Value >> 2) & 0x07;

    /// <summary>Bit 5: the slot may be locked on its own with Lock.</summary>
    public bool Lockable => (Value & 0x0020) != 0;

    /// <summary>Bit 6: use needs a random nonce in TempKey.</summary>
    public bool ReqRandom => (Value & 0x0040) != 0;

    /// <summary>Bit 7: use needs a prior authorization (not modelled: such keys refuse with 0x0F).</summary>
    public bool ReqAuth => (Value & 0x0080) != 0;

    /// <summary>Bit 12: use needs the persistent latch (not modelled, never set: such keys refuse with 0x0F).</summary>
    public bool PersistentDisable => (Value & 0x1000) != 0;

    /// <summary>True for an ECC P-256 private-key slot.</summary>
    public bool IsP256PrivateKey => Private && KeyType == KeyTypeP256;
}
