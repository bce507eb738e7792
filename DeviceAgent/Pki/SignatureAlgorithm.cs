namespace DeviceAgent.Pki
{
    /// <summary>A certificate's signatureAlgorithm as far as this device cares (RFC 5280 §4.1.1.2).</summary>
    public enum SignatureAlgorithm
    {
        /// <summary>An algorithm not in this list: parsed, never verified.</summary>
        Unknown = 0,

        /// <summary>ecdsa-with-SHA256 (RFC 5758 §3.2): the only one <see cref="ChainValidator"/> verifies.</summary>
        EcdsaWithSha256 = 1,

        /// <summary>ecdsa-with-SHA384 (RFC 5758 §3.2).</summary>
        EcdsaWithSha384 = 2,

        /// <summary>ecdsa-with-SHA512 (RFC 5758 §3.2).</summary>
        EcdsaWithSha512 = 3,

        /// <summary>sha256WithRSAEncryption (RFC 4055 §5): RSA CAs parse, verification is Unsupported.</summary>
        Sha256WithRsaEncryption = 4,

        /// <summary>sha384WithRSAEncryption (RFC 4055 §5).</summary>
        Sha384WithRsaEncryption = 5,

        /// <summary>sha512WithRSAEncryption (RFC 4055 §5).</summary>
        Sha512WithRsaEncryption = 6,
    }
}
