namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// Where a compressed certificate's serial number comes from: the high nibble of byte 70 of the compressed
    /// certificate (facts/atecc608.md §10.2, CryptoAuthLib <c>atcacert_cert_sn_src_t</c>).
    /// </summary>
    public enum SerialNumberSource
    {
        /// <summary>0x0 STORED: the serial number is stored on the device; the caller supplies it.</summary>
        Stored = 0x0,

        /// <summary>0x7 STORED_DYNAMIC: stored, first byte the length; changes the layout, not supported here.</summary>
        StoredDynamic = 0x7,

        /// <summary>0x8 DEVICE_SN: 0x40 ‖ the chip's 9-byte serial number (10 bytes).</summary>
        DeviceSn = 0x8,

        /// <summary>0x9 SIGNER_ID: 0x40 ‖ the 2-byte signer id (3 bytes).</summary>
        SignerId = 0x9,

        /// <summary>0xA PUB_KEY_HASH: SHA-256(X‖Y ‖ encoded dates [‖ byte 71 &amp; 0xF0]) truncated, sn[0] &amp;= 0x7F, |= 0x40.</summary>
        PublicKeyHash = 0xA,

        /// <summary>0xB DEVICE_SN_HASH: as <see cref="PublicKeyHash"/> with the 9-byte chip serial number instead of the key.</summary>
        DeviceSnHash = 0xB,

        /// <summary>0xC PUB_KEY_HASH_POS (deprecated): as <see cref="PublicKeyHash"/> with only sn[0] &amp;= 0x7F.</summary>
        PublicKeyHashPositive = 0xC,

        /// <summary>0xD DEVICE_SN_HASH_POS (deprecated): as <see cref="DeviceSnHash"/> with only sn[0] &amp;= 0x7F.</summary>
        DeviceSnHashPositive = 0xD,

        /// <summary>0xE PUB_KEY_HASH_RAW (deprecated): the truncated hash unchanged.</summary>
        PublicKeyHashRaw = 0xE,

        /// <summary>0xF DEVICE_SN_HASH_RAW (deprecated): the truncated hash unchanged.</summary>
        DeviceSnHashRaw = 0xF,
    }
}
