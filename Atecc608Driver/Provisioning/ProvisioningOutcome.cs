namespace Atecc608Driver.Provisioning
{
    /// <summary>What provisioning found and did.</summary>
    public enum ProvisioningOutcome
    {
        /// <summary>The chip was blank or part-way through provisioning, and this run completed it.</summary>
        Provisioned = 1,

        /// <summary>The chip already carried this product's configuration and identity key; nothing was written.</summary>
        AlreadyProvisioned = 2,

        /// <summary>A pre-provisioned Microchip part (Trust&amp;GO, TrustFLEX), used as it is.</summary>
        PreProvisioned = 3,
    }
}
