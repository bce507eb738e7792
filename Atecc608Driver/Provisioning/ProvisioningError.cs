namespace Atecc608Driver.Provisioning
{
    /// <summary>Why provisioning stopped without touching the chip further.</summary>
    public enum ProvisioningError
    {
        /// <summary>The config zone is locked with values other than this product's, and the part is not a known pre-provisioned one.</summary>
        UnexpectedLockedConfiguration = 1,

        /// <summary>The config zone read back after writing differs from what was written.</summary>
        ConfigurationNotWritten = 2,

        /// <summary>The identity key slot fails the key-slot rules (facts/atecc608.md §5.4).</summary>
        InsecureKeySlot = 3,

        /// <summary>A signature made with the identity key did not verify with its public key.</summary>
        KeyCheckFailed = 4,
    }
}
