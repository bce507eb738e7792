using System;

namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// A certificate date to the second, in UTC, with its RFC 5280 ASCII forms: UTCTime <c>YYMMDDhhmmssZ</c> and
    /// GeneralizedTime <c>YYYYMMDDhhmmssZ</c> (facts/atecc608.md §10.1; CryptoAuthLib atcacert_date.c).
    /// </summary>
    /// <remarks>
    /// Its own type rather than <see cref="DateTime"/>: the no-expiry date 9999-12-31 23:59:59 is beyond
    /// nanoFramework's DateTime (which ends in 3000). Like CryptoAuthLib it checks each field's range (day 1–31)
    /// but not the calendar, so "issue date + N years" of a 29 February gives 29 February, as the factory
    /// certificates were built.
    /// </remarks>
    public sealed class CertificateTime
    {
        /// <summary>Length of a UTCTime in a certificate: <c>YYMMDDhhmmssZ</c> (§10.1).</summary>
        public const int UtcTimeLength = 13;

        /// <summary>Length of a GeneralizedTime in a certificate: <c>YYYYMMDDhhmmssZ</c> (§10.1).</summary>
        public const int GeneralizedTimeLength = 15;

        /// <summary>First year a UTCTime holds; two-digit years 50–99 are 1950–1999 (RFC 5280 §4.1.2.5.1).</summary>
        public const int UtcTimeFirstYear = 1950;

        /// <summary>Last year a UTCTime holds; two-digit years 00–49 are 2000–2049 (RFC 5280 §4.1.2.5.1).</summary>
        public const int UtcTimeLastYear = 2049;

        /// <summary>Last year a GeneralizedTime holds (four digits).</summary>
        public const int GeneralizedTimeLastYear = 9999;

        /// <summary>Creates a date; every field is range-checked.</summary>
        /// <exception cref="CertificateException"><see cref="CertificateError.InvalidDate"/> for a field out of range.</exception>
        public CertificateTime(int year, int month, int day, int hour, int minute, int second)
        {
            Check(year, 0, GeneralizedTimeLastYear, "year");
            Check(month, 1, 12, "month");
            Check(day, 1, 31, "day");
            Check(hour, 0, 23, "hour");
            Check(minute, 0, 59, "minute");
            Check(second, 0, 59, "second");
            Year = year;
            Month = month;
            Day = day;
            Hour = hour;
            Minute = minute;
            Second = second;
        }

        /// <summary>The year, 0–9999.</summary>
        public int Year { get; }

        /// <summary>The month, 1–12.</summary>
        public int Month { get; }

        /// <summary>The day of the month, 1–31.</summary>
        public int Day { get; }

        /// <summary>The hour, 0–23.</summary>
        public int Hour { get; }

        /// <summary>The minute, 0–59.</summary>
        public int Minute { get; }

        /// <summary>The second, 0–59.</summary>
        public int Second { get; }

        /// <summary>
        /// The latest date of <paramref name="format"/>, which a certificate without expiry carries (expire years 0):
        /// 2049-12-31 23:59:59 in UTCTime, 9999-12-31 23:59:59 in GeneralizedTime (§10.1; atcacert_date_get_max_date).
        /// </summary>
        public static CertificateTime MaxDate(CertificateDateFormat format)
        {
            return new CertificateTime(LastYear(format), 12, 31, 23, 59, 59);
        }

        /// <summary>The ASCII length of a date in <paramref name="format"/>: 13 or 15.</summary>
        /// <exception cref="CertificateException"><see cref="CertificateError.InvalidArgument"/> for an unknown format.</exception>
        public static int LengthOf(CertificateDateFormat format)
        {
            switch (format)
            {
                case CertificateDateFormat.UtcTime: return UtcTimeLength;
                case CertificateDateFormat.GeneralizedTime: return GeneralizedTimeLength;
                default: throw UnknownFormat(format);
            }
        }

        /// <summary>The same date from a <see cref="DateTime"/> (taken as UTC; fractions of a second dropped).</summary>
        public static CertificateTime FromDateTime(DateTime time)
        {
            return new CertificateTime(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second);
        }

        /// <summary>The date as a UTC <see cref="DateTime"/>.</summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.DateOutOfRange"/> beyond this runtime's DateTime (nanoFramework: 1601–3000) or
        /// for a day the calendar does not have (29 February of a common year).
        /// </exception>
        public DateTime ToDateTime()
        {
            if (Year < DateTime.MinValue.Year || Year > DateTime.MaxValue.Year)
            {
                throw new CertificateException(CertificateError.DateOutOfRange,
                    "date " + ToString() + " is outside this runtime's DateTime range (" + DateTime.MinValue.Year + "–" + DateTime.MaxValue.Year + ")");
            }

            if (Day > DaysInMonth(Year, Month))
            {
                throw new CertificateException(CertificateError.DateOutOfRange, "date " + ToString() + " is not a calendar day");
            }

            return new DateTime(new DateTime(Year, Month, Day, Hour, Minute, Second).Ticks, DateTimeKind.Utc);
        }

        /// <summary>This date <paramref name="years"/> later: same month, day and time (§10.1 expire date).</summary>
        public CertificateTime AddYears(int years)
        {
            return new CertificateTime(Year + years, Month, Day, Hour, Minute, Second);
        }

        /// <summary>
        /// Writes the date in <paramref name="format"/> as ASCII at <paramref name="offset"/>.
        /// </summary>
        /// <returns>The number of bytes written: 13 or 15.</returns>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.DateOutOfRange"/> for a UTCTime outside 1950–2049;
        /// <see cref="CertificateError.InvalidArgument"/> for a short buffer or unknown format.
        /// </exception>
        public int Write(CertificateDateFormat format, byte[] buffer, int offset)
        {
            int length = LengthOf(format);
            CheckRange(buffer, offset, length);
            int at = offset;
            if (format == CertificateDateFormat.UtcTime)
            {
                if (Year < UtcTimeFirstYear || Year > UtcTimeLastYear)
                {
                    throw new CertificateException(CertificateError.DateOutOfRange,
                        "year " + Year + " cannot be a UTCTime (1950–2049); the definition needs GeneralizedTime");
                }

                at = Digits(Year % 100, 2, buffer, at);
            }
            else
            {
                at = Digits(Year, 4, buffer, at);
            }

            at = Digits(Month, 2, buffer, at);
            at = Digits(Day, 2, buffer, at);
            at = Digits(Hour, 2, buffer, at);
            at = Digits(Minute, 2, buffer, at);
            at = Digits(Second, 2, buffer, at);
            buffer[at] = (byte)'Z';
            return length;
        }

        /// <summary>The date in <paramref name="format"/> as a string, e.g. "210307100000Z".</summary>
        public string Format(CertificateDateFormat format)
        {
            var bytes = new byte[LengthOf(format)];
            Write(format, bytes, 0);
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        /// <summary>
        /// Parses the ASCII date of <paramref name="count"/> bytes at <paramref name="offset"/> in <paramref name="format"/>.
        /// A UTCTime's two-digit year 50–99 is 1950–1999, 00–49 is 2000–2049 (RFC 5280 §4.1.2.5.1).
        /// </summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.InvalidDate"/> for a wrong length, a non-digit, a missing 'Z' or a field out of
        /// range; <see cref="CertificateError.InvalidArgument"/> for a range outside the buffer.
        /// </exception>
        public static CertificateTime Parse(CertificateDateFormat format, byte[] buffer, int offset, int count)
        {
            int length = LengthOf(format);
            CheckRange(buffer, offset, count);
            if (count != length)
            {
                throw new CertificateException(CertificateError.InvalidDate,
                    "a " + FormatName(format) + " is " + length + " bytes, got " + count);
            }

            int at = offset;
            int year;
            if (format == CertificateDateFormat.UtcTime)
            {
                year = ReadDigits(buffer, at, 2);
                year += year < 50 ? 2000 : 1900;
                at += 2;
            }
            else
            {
                year = ReadDigits(buffer, at, 4);
                at += 4;
            }

            int month = ReadDigits(buffer, at, 2);
            int day = ReadDigits(buffer, at + 2, 2);
            int hour = ReadDigits(buffer, at + 4, 2);
            int minute = ReadDigits(buffer, at + 6, 2);
            int second = ReadDigits(buffer, at + 8, 2);
            if (buffer[at + 10] != (byte)'Z')
            {
                throw new CertificateException(CertificateError.InvalidDate, FormatName(format) + " does not end in 'Z' (UTC)");
            }

            return new CertificateTime(year, month, day, hour, minute, second);
        }

        /// <summary>True for the same year, month, day, hour, minute and second.</summary>
        public override bool Equals(object obj)
        {
            var other = obj as CertificateTime;
            return other != null && other.Year == Year && other.Month == Month && other.Day == Day
                && other.Hour == Hour && other.Minute == Minute && other.Second == Second;
        }

        /// <summary>A hash of all fields.</summary>
        public override int GetHashCode()
        {
            return (((((((((Year * 13) + Month) * 32) + Day) * 24) + Hour) * 60) + Minute) * 60) + Second;
        }

        /// <summary>ISO 8601, e.g. "2021-03-07T10:00:00Z".</summary>
        public override string ToString()
        {
            var chars = new char[20];
            var bytes = new byte[20];
            int at = Digits(Year, 4, bytes, 0);
            bytes[at++] = (byte)'-';
            at = Digits(Month, 2, bytes, at);
            bytes[at++] = (byte)'-';
            at = Digits(Day, 2, bytes, at);
            bytes[at++] = (byte)'T';
            at = Digits(Hour, 2, bytes, at);
            bytes[at++] = (byte)':';
            at = Digits(Minute, 2, bytes, at);
            bytes[at++] = (byte)':';
            at = Digits(Second, 2, bytes, at);
            bytes[at] = (byte)'Z';
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        internal static string FormatName(CertificateDateFormat format)
        {
            return format == CertificateDateFormat.UtcTime ? "UTCTime" : format == CertificateDateFormat.GeneralizedTime ? "GeneralizedTime" : "date format " + (int)format;
        }

        internal static CertificateException UnknownFormat(CertificateDateFormat format)
        {
            return new CertificateException(CertificateError.InvalidArgument,
                "unknown date format " + (int)format + " (UtcTime = 1, GeneralizedTime = 4)");
        }

        private static int LastYear(CertificateDateFormat format)
        {
            switch (format)
            {
                case CertificateDateFormat.UtcTime: return UtcTimeLastYear;
                case CertificateDateFormat.GeneralizedTime: return GeneralizedTimeLastYear;
                default: throw UnknownFormat(format);
            }
        }

        private static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        private static int Digits(int value, int width, byte[] buffer, int offset)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                buffer[offset + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            return offset + width;
        }

        private static int ReadDigits(byte[] buffer, int offset, int width)
        {
            int value = 0;
            for (int i = 0; i < width; i++)
            {
                int c = buffer[offset + i];
                if (c < '0' || c > '9')
                {
                    throw new CertificateException(CertificateError.InvalidDate,
                        "date byte 0x" + c.ToString("X2") + " at offset " + (offset + i) + " is not a digit");
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }

        private static void Check(int value, int min, int max, string field)
        {
            if (value < min || value > max)
            {
                throw new CertificateException(CertificateError.InvalidDate,
                    field + " " + value + " is outside " + min + "–" + max);
            }
        }

        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no date buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new CertificateException(CertificateError.InvalidArgument,
                    "date range " + offset + "+" + count + " is outside a " + buffer.Length + "-byte buffer");
            }
        }
    }
}
