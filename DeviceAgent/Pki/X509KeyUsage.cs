using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// The keyUsage extension's bits (RFC 5280 §4.2.1.3): flag value <c>1 &lt;&lt; n</c> for named bit n of the
    /// BIT STRING (bit 0 = the most significant bit of its first byte).
    /// </summary>
    [Flags]
    public enum X509KeyUsage
    {
        /// <summary>No bit set (or no keyUsage extension).</summary>
        None = 0,

        /// <summary>digitalSignature (0): TLS client auth, CSR signing.</summary>
        DigitalSignature = 0x001,

        /// <summary>nonRepudiation / contentCommitment (1).</summary>
        NonRepudiation = 0x002,

        /// <summary>keyEncipherment (2).</summary>
        KeyEncipherment = 0x004,

        /// <summary>dataEncipherment (3).</summary>
        DataEncipherment = 0x008,

        /// <summary>keyAgreement (4).</summary>
        KeyAgreement = 0x010,

        /// <summary>keyCertSign (5): required of CA certificates in a chain.</summary>
        KeyCertSign = 0x020,

        /// <summary>cRLSign (6).</summary>
        CrlSign = 0x040,

        /// <summary>encipherOnly (7).</summary>
        EncipherOnly = 0x080,

        /// <summary>decipherOnly (8).</summary>
        DecipherOnly = 0x100,
    }
}
