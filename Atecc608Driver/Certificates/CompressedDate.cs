namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// The issue date and validity of a compressed certificate: 3 bytes at 64–66 holding year, month, day, hour
    /// and expire years, plus, from format version 1, two more bits of each of year and expire years in byte 71
    /// (facts/atecc608.md §10.1; CryptoAuthLib atcacert_date.c <c>atcacert_date_enc_compcert_ext</c>).
    /// </summary>
    /// <remarks>
    /// <code>
    /// byte 64 = y[4:0] &lt;&lt; 3 | m &gt;&gt; 1       y = year − 2000, m = 1..12
    /// byte 65 = (m &amp; 1) &lt;&lt; 7 | d &lt;&lt; 2 | h &gt;&gt; 3   d = 1..31, h = 0..23
    /// byte 66 = (h &amp; 7) &lt;&lt; 5 | e[4:0]     e = expire years, 0 = no expiry
    /// byte 71 = y[6:5] &lt;&lt; 6 | e[6:5] &lt;&lt; 4 | reserved (formats 1 and 2 only)
    /// </code>
    /// Minutes and seconds of the issue date are always zero; the expire date is the issue date plus
    /// <see cref="ExpireYears"/> years, or the date format's maximum when it is 0.
    /// </remarks>
    public sealed class CompressedDate
    {
        /// <summary>Length of the encoded dates (bytes 64–66 of a compressed certificate, §10.1).</summary>
        public const int EncodedLength = 3;

        /// <summary>Year 0 of the encoding (§10.1).</summary>
        public const int BaseYear = 2000;

        /// <summary>Last issue year of format version 0: five year bits (§10.1).</summary>
        public const int LastYearVersion0 = 2031;

        /// <summary>Last issue year of format versions 1 and 2: seven year bits (§10.1).</summary>
        public const int LastYearExtended = 2127;

        /// <summary>Most expire years of format version 0: five bits (§10.1).</summary>
        public const int MaxExpireYearsVersion0 = 31;

        /// <summary>Most expire years of format versions 1 and 2: seven bits (§10.1).</summary>
        public const int MaxExpireYearsExtended = 127;

        /// <summary>
        /// Creates the compressed form of an issue date (whole hour) and a validity of
        /// <paramref name="expireYears"/> years (0 = no expiry).
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.DateNotEncodable"/> when the issue date has minutes or seconds;
        /// <see cref="CertificateError.DateOutOfRange"/> for a year outside 2000–2127 or expire years outside 0–127;
        /// <see cref="CertificateError.InvalidArgument"/> for a null date.
        /// </exception>
        public CompressedDate(CertificateTime issue, int expireYears)
        {
            if (issue == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no issue date");
            }

            if (issue.Minute != 0 || issue.Second != 0)
            {
                throw new CertificateException(CertificateError.DateNotEncodable,
                    "issue date " + issue.ToString() + " is not a whole hour; compressed dates keep hours only");
            }

            if (issue.Year < BaseYear || issue.Year > LastYearExtended)
            {
                throw new CertificateException(CertificateError.DateOutOfRange,
                    "issue year " + issue.Year + " is outside the compressed range 2000–2127");
            }

            if (expireYears < 0 || expireYears > MaxExpireYearsExtended)
            {
                throw new CertificateException(CertificateError.DateOutOfRange,
                    expireYears + " expire years is outside the compressed range 0–127");
            }

            Issue = issue;
            ExpireYears = expireYears;
        }

        /// <summary>The issue date (notBefore), minutes and seconds zero.</summary>
        public CertificateTime Issue { get; }

        /// <summary>Years of validity; 0 means no expiry (the date format's maximum).</summary>
        public int ExpireYears { get; }

        /// <summary>
        /// The lowest format version that holds these dates: 0 for issue years up to 2031 and up to 31 expire years,
        /// otherwise 1 (CryptoAuthLib <c>atcacert_get_comp_cert_ext</c>).
        /// </summary>
        public int RequiredFormatVersion
        {
            get { return Issue.Year > LastYearVersion0 || ExpireYears > MaxExpireYearsVersion0 ? 1 : 0; }
        }

        /// <summary>
        /// The extended-date bits for byte 71 (bits 7:4: year bits 6:5, expire-years bits 6:5); the low nibble is 0.
        /// </summary>
        public byte ExtensionBits
        {
            get
            {
                int year = Issue.Year - BaseYear;
                return (byte)(((year & 0x60) << 1) | ((ExpireYears & 0x60) >> 1));
            }
        }

        /// <summary>
        /// The expire date (notAfter) in <paramref name="format"/>: issue date + <see cref="ExpireYears"/> years
        /// with the same month, day and hour, or <see cref="CertificateTime.MaxDate"/> when there is no expiry.
        /// </summary>
        public CertificateTime Expire(CertificateDateFormat format)
        {
            return ExpireYears == 0 ? CertificateTime.MaxDate(format) : Issue.AddYears(ExpireYears);
        }

        /// <summary>
        /// Writes the 3 date bytes (64–66 of a compressed certificate) at <paramref name="offset"/>. Format
        /// version 0 holds only what <see cref="RequiredFormatVersion"/> 0 allows; the extended bits go in byte 71,
        /// see <see cref="ExtensionBits"/>.
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.DateOutOfRange"/> for dates that need format 1 when <paramref name="formatVersion"/>
        /// is 0; <see cref="CertificateError.InvalidArgument"/> for a range outside the buffer.
        /// </exception>
        public void Encode(byte[] buffer, int offset, int formatVersion)
        {
            CompressedCertificate.CheckRange(buffer, offset, EncodedLength, "date");
            if (formatVersion == 0 && RequiredFormatVersion != 0)
            {
                throw new CertificateException(CertificateError.DateOutOfRange,
                    "issue " + Issue.ToString() + " with " + ExpireYears + " expire years needs format version 1 (version 0 ends in 2031 and 31 years)");
            }

            int year = Issue.Year - BaseYear;
            int month = Issue.Month;
            int hour = Issue.Hour;
            buffer[offset] = (byte)(((year & 0x1F) << 3) | (month >> 1));
            buffer[offset + 1] = (byte)(((month & 1) << 7) | (Issue.Day << 2) | (hour >> 3));
            buffer[offset + 2] = (byte)(((hour & 0x07) << 5) | (ExpireYears & 0x1F));
        }

        /// <summary>
        /// Decodes the 3 date bytes at <paramref name="offset"/>; for format versions 1 and 2 the high nibble of
        /// <paramref name="byte71"/> adds year and expire-years bits 6:5, for version 0 it is ignored.
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.InvalidDate"/> for month 0 or 13–15, day 0 or hour 24–31;
        /// <see cref="CertificateError.InvalidArgument"/> for a range outside the buffer.
        /// </exception>
        public static CompressedDate Decode(byte[] buffer, int offset, int formatVersion, byte byte71)
        {
            CompressedCertificate.CheckRange(buffer, offset, EncodedLength, "date");
            int b0 = buffer[offset];
            int b1 = buffer[offset + 1];
            int b2 = buffer[offset + 2];
            int year = b0 >> 3;
            int month = ((b0 & 0x07) << 1) | (b1 >> 7);
            int day = (b1 >> 2) & 0x1F;
            int hour = ((b1 & 0x03) << 3) | (b2 >> 5);
            int expireYears = b2 & 0x1F;
            if (formatVersion != 0)
            {
                year |= (byte71 & 0xC0) >> 1;
                expireYears |= (byte71 & 0x30) << 1;
            }

            if (month < 1 || month > 12 || day < 1 || hour > 23)
            {
                throw new CertificateException(CertificateError.InvalidDate,
                    "compressed date bytes " + b0.ToString("X2") + " " + b1.ToString("X2") + " " + b2.ToString("X2")
                    + " give month " + month + ", day " + day + ", hour " + hour);
            }

            return new CompressedDate(new CertificateTime(BaseYear + year, month, day, hour, 0, 0), expireYears);
        }

        /// <summary>
        /// The compressed form of a certificate's validity: expire years from the two dates as they sit in the
        /// certificate (CryptoAuthLib <c>atcacert_get_comp_cert_ext</c>).
        /// </summary>
        /// <param name="issue">The certificate's notBefore.</param>
        /// <param name="expire">The certificate's notAfter.</param>
        /// <param name="expireFormat">The format of notAfter in the certificate, which decides its no-expiry maximum.</param>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.DateNotEncodable"/> when notAfter is neither the format's maximum nor notBefore
        /// plus whole years, or notBefore is not a whole hour; <see cref="CertificateError.DateOutOfRange"/> as the constructor.
        /// </exception>
        public static CompressedDate FromValidity(CertificateTime issue, CertificateTime expire, CertificateDateFormat expireFormat)
        {
            if (issue == null || expire == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no issue or expire date");
            }

            if (expire.Equals(CertificateTime.MaxDate(expireFormat)))
            {
                return new CompressedDate(issue, 0);
            }

            int years = expire.Year - issue.Year;
            if (years <= 0 || expire.Month != issue.Month || expire.Day != issue.Day || expire.Hour != issue.Hour
                || expire.Minute != issue.Minute || expire.Second != issue.Second)
            {
                throw new CertificateException(CertificateError.DateNotEncodable,
                    "expiry " + expire.ToString() + " is neither issue " + issue.ToString() + " plus whole years nor the no-expiry date");
            }

            return new CompressedDate(issue, years);
        }
    }
}
