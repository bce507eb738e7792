using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// UTCTime and GeneralizedTime as RFC 5280 §4.1.2.5 allows them in certificates: <c>YYMMDDHHMMSSZ</c> (13 bytes)
    /// and <c>YYYYMMDDHHMMSSZ</c> (15 bytes); the Z is required, seconds are required, fractions and offsets are
    /// rejected. Used by <see cref="DerReader.ReadTime"/>.
    /// </summary>
    public static class DerTime
    {
        /// <summary>Length of a UTCTime value, <c>YYMMDDHHMMSSZ</c> (RFC 5280 §4.1.2.5.1).</summary>
        public const int UtcTimeLength = 13;

        /// <summary>Length of a GeneralizedTime value, <c>YYYYMMDDHHMMSSZ</c> (RFC 5280 §4.1.2.5.2).</summary>
        public const int GeneralizedTimeLength = 15;

        /// <summary>UTCTime YY at or above this is 19YY, below it 20YY (RFC 5280 §4.1.2.5.1).</summary>
        public const int UtcTimeCenturyPivot = 50;

        /// <summary>First year nanoFramework's DateTime holds (DateTime.MinValue is 1601-01-01).</summary>
        public const int MinYear = 1601;

        /// <summary>Last year nanoFramework's DateTime holds (DateTime.MaxValue is 3000-12-31).</summary>
        public const int MaxYear = 3000;

        /// <summary>
        /// Parses the time in <paramref name="length"/> bytes at <paramref name="offset"/>; errors are
        /// <see cref="PkiError.BadTime"/> at <paramref name="errorOffset"/>. Years before <see cref="MinYear"/> give
        /// <see cref="DateTime.MinValue"/>, years after <see cref="MaxYear"/> give <see cref="DateTime.MaxValue"/>.
        /// </summary>
        public static DateTime Parse(bool generalized, byte[] buffer, int offset, int length, int errorOffset)
        {
            int expected = generalized ? GeneralizedTimeLength : UtcTimeLength;
            if (length != expected)
            {
                throw new PkiException(PkiError.BadTime, errorOffset, generalized
                    ? "GeneralizedTime must be YYYYMMDDHHMMSSZ"
                    : "UTCTime must be YYMMDDHHMMSSZ");
            }

            if (buffer[offset + length - 1] != (byte)'Z')
            {
                throw new PkiException(PkiError.BadTime, errorOffset, "time must end in Z (UTC)");
            }

            int p = offset;
            int year;
            if (generalized)
            {
                year = (Digits(buffer, p, errorOffset) * 100) + Digits(buffer, p + 2, errorOffset);
                p += 4;
            }
            else
            {
                year = Digits(buffer, p, errorOffset);
                year += year >= UtcTimeCenturyPivot ? 1900 : 2000;
                p += 2;
            }

            int month = Digits(buffer, p, errorOffset);
            int day = Digits(buffer, p + 2, errorOffset);
            int hour = Digits(buffer, p + 4, errorOffset);
            int minute = Digits(buffer, p + 6, errorOffset);
            int second = Digits(buffer, p + 8, errorOffset);
            if (month < 1 || month > 12)
            {
                throw new PkiException(PkiError.BadTime, errorOffset, "month out of range");
            }

            if (day < 1 || day > DaysInMonth(year, month))
            {
                throw new PkiException(PkiError.BadTime, errorOffset, "day out of range for the month");
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                throw new PkiException(PkiError.BadTime, errorOffset, "hour, minute or second out of range");
            }

            if (year < MinYear)
            {
                return DateTime.MinValue;
            }

            if (year > MaxYear)
            {
                return DateTime.MaxValue;
            }

            return new DateTime(new DateTime(year, month, day, hour, minute, second).Ticks, DateTimeKind.Utc);
        }

        /// <summary>Days in a month of the proleptic Gregorian calendar (leap years: divisible by 4, except
        /// centuries not divisible by 400).</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        private static int Digits(byte[] buffer, int offset, int errorOffset)
        {
            int high = buffer[offset] - '0';
            int low = buffer[offset + 1] - '0';
            if (high < 0 || high > 9 || low < 0 || low > 9)
            {
                throw new PkiException(PkiError.BadTime, errorOffset, "time has a non-digit");
            }

            return (high * 10) + low;
        }
    }
}
