using System;

namespace DeviceAgent.Est.Http
{
    /// <summary>
    /// A parsed Retry-After value (RFC 9110 §10.2.3): Retry-After = HTTP-date / delay-seconds. A 202 to an enroll
    /// request must carry it (RFC 7030 §4.2.3); 503 and other 5xx may. The three HTTP-date forms of RFC 9110 §5.6.7 are
    /// read: IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime
    /// "Sun Nov  6 08:49:37 1994". A date needs a trustworthy clock to turn into a wait; with the clock unset the
    /// caller should use its default delay (est.md §2.1). Clamp the result with <see cref="Clamp"/>.
    /// </summary>
    public sealed class RetryAfter
    {
        /// <summary>
        /// Most digits accepted in delay-seconds, and the value must fit an int: libest's limits (est.md §2.2). A longer
        /// number is <see cref="HttpError.BadRetryAfter"/> rather than a silent wait of decades.
        /// </summary>
        public const int MaxDelayDigits = 10;

        // The years a DateTime holds on nanoFramework (1601..3000; .NET allows more): dates outside are refused everywhere.
        private const int MinYear = 1601;
        private const int MaxYear = 3000;

        private const string ShortDays = "MonTueWedThuFriSatSun";
        private const string Months = "JanFebMarAprMayJunJulAugSepOctNovDec";

        private static readonly string[] LongDays = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

        private readonly int _delaySeconds;
        private readonly DateTime _date;
        private readonly bool _isDate;

        private RetryAfter(bool isDate, int delaySeconds, DateTime date)
        {
            _isDate = isDate;
            _delaySeconds = delaySeconds;
            _date = date;
        }

        /// <summary>True for the HTTP-date form (<see cref="Date"/>), false for delay-seconds (<see cref="DelaySeconds"/>).</summary>
        public bool IsDate
        {
            get { return _isDate; }
        }

        /// <summary>The delay in seconds of the delay-seconds form (0 for the date form).</summary>
        public int DelaySeconds
        {
            get { return _delaySeconds; }
        }

        /// <summary>The UTC time of the HTTP-date form (DateTime.MinValue for the delay form).</summary>
        public DateTime Date
        {
            get { return _date; }
        }

        /// <summary>
        /// Parses a Retry-After header value (surrounding spaces ignored). A leading digit means delay-seconds (all
        /// digits, at most <see cref="MaxDelayDigits"/>, at most int.MaxValue), a letter an HTTP-date; libest tells them
        /// apart the same way (est.md §2.1). <paramref name="nowUtc"/> is used only for the two-digit year of the RFC 850
        /// form: a year more than 50 years ahead of it means the previous century (RFC 9110 §5.6.7). Anything else throws
        /// <see cref="HttpError.BadRetryAfter"/>.
        /// </summary>
        public static RetryAfter Parse(string value, DateTime nowUtc)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            int from = 0;
            int to = value.Length;
            while (from < to && HttpChars.IsWhitespace(value[from]))
            {
                from++;
            }

            while (to > from && HttpChars.IsWhitespace(value[to - 1]))
            {
                to--;
            }

            if (from == to)
            {
                throw Bad("Retry-After is empty");
            }

            if (HttpChars.IsDigit(value[from]))
            {
                return new RetryAfter(false, ParseDelay(value, from, to), DateTime.MinValue);
            }

            string text = from == 0 && to == value.Length ? value : value.Substring(from, to - from);
            return new RetryAfter(true, 0, ParseHttpDate(text, nowUtc));
        }

        /// <summary>
        /// Seconds to wait from <paramref name="nowUtc"/>: the delay, or the time until the date rounded up (0 when the
        /// date has passed; int.MaxValue at most).
        /// </summary>
        public int SecondsFrom(DateTime nowUtc)
        {
            if (!_isDate)
            {
                return _delaySeconds;
            }

            long ticks = _date.Ticks - nowUtc.Ticks;
            if (ticks <= 0)
            {
                return 0;
            }

            long seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
            return seconds > int.MaxValue ? int.MaxValue : (int)seconds;
        }

        /// <summary>
        /// <paramref name="seconds"/> limited to [<paramref name="minSeconds"/>, <paramref name="maxSeconds"/>], e.g.
        /// 10 s .. 48 h (est.md §2.1; libest's server allows 60 s .. 172800 s, est.md §2.2). A pure function: jitter is
        /// the caller's to add.
        /// </summary>
        public static int Clamp(int seconds, int minSeconds, int maxSeconds)
        {
            if (minSeconds > maxSeconds)
            {
                throw new ArgumentException("minSeconds is greater than maxSeconds", nameof(minSeconds));
            }

            if (seconds < minSeconds)
            {
                return minSeconds;
            }

            return seconds > maxSeconds ? maxSeconds : seconds;
        }

        // RFC 9110 §10.2.3: delay-seconds = 1*DIGIT.
        private static int ParseDelay(string value, int from, int to)
        {
            if (to - from > MaxDelayDigits)
            {
                throw Bad("delay-seconds longer than " + MaxDelayDigits + " digits");
            }

            long seconds = 0;
            for (int i = from; i < to; i++)
            {
                if (!HttpChars.IsDigit(value[i]))
                {
                    throw Bad("delay-seconds holds a non-digit");
                }

                seconds = (seconds * 10) + (value[i] - '0');
            }

            if (seconds > int.MaxValue)
            {
                throw Bad("delay-seconds larger than " + int.MaxValue);
            }

            return (int)seconds;
        }

        private static DateTime ParseHttpDate(string s, DateTime nowUtc)
        {
            if (s.Length == 29 && s[3] == ',')
            {
                // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year (4 digits)
                Expect(s, 0, ShortDayIndex(s, 0) >= 0);
                Expect(s, 4, s[4] == ' ' && s[7] == ' ' && s[11] == ' ' && s[16] == ' ' && s[25] == ' ');
                Expect(s, 26, Word(s, 26, "GMT"));
                return Build(Number(s, 12, 4), MonthIndex(s, 8), Number(s, 5, 2), s, 17);
            }

            if (s.Length == 24 && s[3] == ' ')
            {
                // asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) )
                Expect(s, 0, ShortDayIndex(s, 0) >= 0);
                Expect(s, 7, s[7] == ' ' && s[10] == ' ' && s[19] == ' ');
                int day = s[8] == ' ' ? Number(s, 9, 1) : Number(s, 8, 2);
                return Build(Number(s, 20, 4), MonthIndex(s, 4), day, s, 11);
            }

            int comma = s.IndexOf(',');
            if (comma > 0 && s.Length == comma + 24)
            {
                // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT
                Expect(s, 0, LongDayIndex(s, comma) >= 0);
                int p = comma + 1;
                Expect(s, p, s[p] == ' ' && s[p + 3] == '-' && s[p + 7] == '-' && s[p + 10] == ' ' && s[p + 19] == ' ');
                Expect(s, p + 20, Word(s, p + 20, "GMT"));
                int year = (nowUtc.Year / 100 * 100) + Number(s, p + 8, 2);
                if (year > nowUtc.Year + 50)
                {
                    year -= 100;
                }

                return Build(year, MonthIndex(s, p + 4), Number(s, p + 1, 2), s, p + 11);
            }

            throw Bad("Retry-After is neither delay-seconds nor an HTTP-date (RFC 9110 §5.6.7)");
        }

        // time-of-day = hour ":" minute ":" second at s[t..t+8); second 60 (a leap second) becomes 59.
        private static DateTime Build(int year, int month, int day, string s, int t)
        {
            Expect(s, t, s[t + 2] == ':' && s[t + 5] == ':');
            int hour = Number(s, t, 2);
            int minute = Number(s, t + 3, 2);
            int second = Number(s, t + 6, 2);
            if (year < MinYear || year > MaxYear)
            {
                throw Bad("HTTP-date year " + year + " outside " + MinYear + ".." + MaxYear);
            }

            if (day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
            {
                throw Bad("HTTP-date with an impossible day or time");
            }

            return new DateTime(year, month, day, hour, minute, second == 60 ? 59 : second);
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

        private static int Number(string s, int at, int digits)
        {
            int value = 0;
            for (int i = at; i < at + digits; i++)
            {
                if (!HttpChars.IsDigit(s[i]))
                {
                    throw Bad("HTTP-date has a non-digit where a number belongs, at index " + i);
                }

                value = (value * 10) + (s[i] - '0');
            }

            return value;
        }

        // 1..12, from the three-letter month at s[at].
        private static int MonthIndex(string s, int at)
        {
            for (int m = 0; m < 12; m++)
            {
                if (Word(s, at, Months.Substring(m * 3, 3)))
                {
                    return m + 1;
                }
            }

            throw Bad("HTTP-date has an unknown month at index " + at);
        }

        private static int ShortDayIndex(string s, int at)
        {
            for (int d = 0; d < 7; d++)
            {
                if (Word(s, at, ShortDays.Substring(d * 3, 3)))
                {
                    return d;
                }
            }

            return -1;
        }

        private static int LongDayIndex(string s, int length)
        {
            for (int d = 0; d < LongDays.Length; d++)
            {
                if (LongDays[d].Length == length && Word(s, 0, LongDays[d]))
                {
                    return d;
                }
            }

            return -1;
        }

        // Names are matched without ASCII case: RFC 9110 makes them case-sensitive, but nothing is gained by refusing "GMT" as "gmt".
        private static bool Word(string s, int at, string word)
        {
            if (at + word.Length > s.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (HttpChars.ToLower(s[at + i]) != HttpChars.ToLower(word[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static void Expect(string s, int at, bool condition)
        {
            if (!condition)
            {
                throw Bad("HTTP-date is malformed near index " + at);
            }
        }

        private static HttpException Bad(string message)
        {
            return new HttpException(HttpError.BadRetryAfter, -1, message);
        }
    }
}
