namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// How a date sits in a certificate template, as ASCII bytes (facts/atecc608.md §10.1; the values are
    /// CryptoAuthLib's <c>atcacert_date_format_t</c> codes).
    /// </summary>
    public enum CertificateDateFormat
    {
        /// <summary>RFC 5280 UTCTime <c>YYMMDDhhmmssZ</c>, 13 bytes, years 1950–2049 (DATEFMT_RFC5280_UTC).</summary>
        UtcTime = 1,

        /// <summary>RFC 5280 GeneralizedTime <c>YYYYMMDDhhmmssZ</c>, 15 bytes, years 0000–9999 (DATEFMT_RFC5280_GEN).</summary>
        GeneralizedTime = 4,
    }
}
