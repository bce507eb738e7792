using System;
using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>Retry-After (RFC 9110 §10.2.3) in its delay and three HTTP-date forms (RFC 9110 §5.6.7), garbage, and clamping.</summary>
    [TestClass]
    public class RetryAfterTests
    {
        private static readonly DateTime Now = new DateTime(2025, 3, 1, 12, 0, 0);

        [TestMethod]
        [DataRow("120", 120)]
        [DataRow("0", 0)]
        [DataRow(" 300 ", 300)]
        [DataRow("2147483647", 2147483647)]
        [DataRow("0000000060", 60)]
        public void DelaySeconds_IsParsed(string value, int seconds)
        {
            RetryAfter retry = RetryAfter.Parse(value, Now);

            EstAssert.False(retry.IsDate);
            EstAssert.Equal(seconds, retry.DelaySeconds);
            EstAssert.Equal(seconds, retry.SecondsFrom(Now));
        }

        [TestMethod]
        [DataRow("Sun, 06 Nov 1994 08:49:37 GMT")]    // IMF-fixdate
        [DataRow("Sunday, 06-Nov-94 08:49:37 GMT")]   // obsolete RFC 850
        [DataRow("Sun Nov  6 08:49:37 1994")]         // asctime
        [DataRow("Sun Nov 06 08:49:37 1994")]
        [DataRow("sun, 06 nov 1994 08:49:37 gmt")]
        public void HttpDate_AllThreeForms_GiveTheSameInstant(string value)
        {
            RetryAfter retry = RetryAfter.Parse(value, Now);

            EstAssert.True(retry.IsDate);
            EstAssert.Equal(new DateTime(1994, 11, 6, 8, 49, 37).Ticks, retry.Date.Ticks);
            EstAssert.Equal(0, retry.SecondsFrom(Now));
        }

        [TestMethod]
        public void HttpDate_InTheFuture_GivesTheSecondsUntilIt()
        {
            RetryAfter retry = RetryAfter.Parse("Sat, 01 Mar 2025 12:05:00 GMT", Now);

            EstAssert.Equal(300, retry.SecondsFrom(Now));
            EstAssert.Equal(1, retry.SecondsFrom(Now.AddMilliseconds(299500)));
            EstAssert.Equal(59, RetryAfter.Parse("Sat, 31 Dec 2016 23:59:60 GMT", Now).Date.Second);
        }

        [TestMethod]
        [DataRow("Thursday, 01-Jan-70 00:00:00 GMT", 2070)]
        [DataRow("Monday, 01-Jan-76 00:00:00 GMT", 1976)]
        public void Rfc850TwoDigitYear_MoreThan50YearsAhead_IsThePreviousCentury(string value, int year)
        {
            EstAssert.Equal(year, RetryAfter.Parse(value, Now).Date.Year);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("   ")]
        [DataRow("soon")]
        [DataRow("12a")]
        [DataRow("-5")]
        [DataRow("1.5")]
        [DataRow("1 2")]
        [DataRow("99999999999")]
        [DataRow("2147483648")]
        [DataRow("Sun, 06 Nov 1994 08:49:37 UTC")]
        [DataRow("Sun, 06 Nov 94 08:49:37 GMT")]
        [DataRow("Sun, 31 Feb 1994 08:49:37 GMT")]
        [DataRow("Sun, 29 Feb 1900 08:49:37 GMT")]
        [DataRow("Sun, 06 Nov 1994 24:00:00 GMT")]
        [DataRow("Sun, 06 Nov 1994 08:60:00 GMT")]
        [DataRow("Sun, 06 Nov 1994 08:49:61 GMT")]
        [DataRow("Sun, 06 Nov 1994 08-49-37 GMT")]
        [DataRow("Sun, 06 Xyz 1994 08:49:37 GMT")]
        [DataRow("Xyz, 06 Nov 1994 08:49:37 GMT")]
        [DataRow("Sun, 00 Nov 1994 08:49:37 GMT")]
        [DataRow("Sun, 06 Nov 1500 08:49:37 GMT")]
        [DataRow("Sun, 06 Nov 9999 08:49:37 GMT")]
        [DataRow("Sundae, 06-Nov-94 08:49:37 GMT")]
        [DataRow("Sunday, 06-Nov-1994 08:49:37 GMT")]
        [DataRow("Sun Nov  6 08:49:37 94")]
        [DataRow("Sun Nov 6 08:49:37 1994")]
        public void Garbage_IsBadRetryAfter(string value)
        {
            HttpException caught = null;
            try
            {
                RetryAfter.Parse(value, Now);
            }
            catch (HttpException e)
            {
                caught = e;
            }

            EstAssert.Error(HttpError.BadRetryAfter, caught);
        }

        [TestMethod]
        [DataRow(5, 10, 172800, 10)]
        [DataRow(300, 10, 172800, 300)]
        [DataRow(999999, 10, 172800, 172800)]
        [DataRow(-1, 0, 60, 0)]
        [DataRow(60, 60, 60, 60)]
        public void Clamp_KeepsTheValueInsideTheBounds(int seconds, int min, int max, int expected)
        {
            EstAssert.Equal(expected, RetryAfter.Clamp(seconds, min, max));
        }
    }
}
