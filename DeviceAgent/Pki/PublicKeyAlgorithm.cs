namespace DeviceAgent.Pki
{
    /// <summary>The kind of key in a certificate's SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480, RFC 3279).</summary>
    public enum PublicKeyAlgorithm
    {
        /// <summary>Another algorithm: parsed, cannot verify signatures here.</summary>
        Unknown = 0,

        /// <summary>id-ecPublicKey on prime256v1 (RFC 5480 §2.1.1): the key X‖Y is available when uncompressed.</summary>
        EcP256 = 1,

        /// <summary>id-ecPublicKey on another curve (or with explicit parameters).</summary>
        EcOther = 2,

        /// <summary>rsaEncryption (RFC 3279 §2.3.1).</summary>
        Rsa = 3,
    }
}
