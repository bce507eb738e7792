using System;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>UTCTime and GeneralizedTime in RFC 5280 §4.1.2.5's form, through <see cref="DerReader.ReadTime"/>.</summary>
    [TestClass]
    public class DerTimeTests
    {
        [TestMethod]
        [DataRow("491231235959Z", 2049, 12, 31, 23, 59, 59)]
        [DataRow("500101000000Z", 1950, 1, 1, 0, 0, 0)]
        [DataRow("000101000000Z", 2000, 1, 1, 0, 0, 0)]
        [DataRow("991231235959Z", 1999, 12, 31, 23, 59, 59)]
        [DataRow("261127041403Z", 2026, 11, 27, 4, 14, 3)]
        [DataRow("240229120000Z", 2024, 2, 29, 12, 0, 0)]
        public void ReadTime_UtcTime_CenturyPivotAt50(string text, int year, int month, int day, int hour, int minute, int second)
        {
            DateTime time = Read(DerReader.TagUtcTime, text);

            AssertTime(year, month, day, hour, minute, second, time);
        }

        [TestMethod]
        [DataRow("20500101000000Z", 2050, 1, 1, 0, 0, 0)]
        [DataRow("20491231235959Z", 2049, 12, 31, 23, 59, 59)]
        [DataRow("20000229000000Z", 2000, 2, 29, 0, 0, 0)]
        [DataRow("20961231235959Z", 2096, 12, 31, 23, 59, 59)]
        public void ReadTime_GeneralizedTime_Decoded(string text, int year, int month, int day, int hour, int minute, int second)
        {
            DateTime time = Read(DerReader.TagGeneralizedTime, text);

            AssertTime(year, month, day, hour, minute, second, time);
        }

        [TestMethod]
        public void ReadTime_RfcNoExpiryDate_IsMaxValue()
        {
            Assert.AreEqual(DateTime.MaxValue.Ticks, Read(DerReader.TagGeneralizedTime, "99991231235959Z").Ticks);
        }

        [TestMethod]
        public void ReadTime_BeforeDateTimeRange_IsMinValue()
        {
            Assert.AreEqual(DateTime.MinValue.Ticks, Read(DerReader.TagGeneralizedTime, "15000101000000Z").Ticks);
        }

        [TestMethod]
        [DataRow(0x17, "230229120000Z")]
        [DataRow(0x18, "21000229000000Z")]
        [DataRow(0x18, "19000229000000Z")]
        [DataRow(0x17, "261301000000Z")]
        [DataRow(0x17, "260001000000Z")]
        [DataRow(0x17, "260100000000Z")]
        [DataRow(0x17, "260132000000Z")]
        [DataRow(0x17, "260431000000Z")]
        [DataRow(0x17, "260631000000Z")]
        [DataRow(0x17, "260101240000Z")]
        [DataRow(0x17, "260101006000Z")]
        [DataRow(0x17, "260101000060Z")]
        public void ReadTime_OutOfRangeField_IsBadTime(int tag, string text)
        {
            Attempt.Failed(PkiError.BadTime, Attempt.Read(Tlv.Make(tag, Tlv.Ascii(text)), Attempt.Time, false));
        }

        [TestMethod]
        [DataRow(0x17, "2611270000Z")]
        [DataRow(0x17, "261127000000")]
        [DataRow(0x17, "261127000000z")]
        [DataRow(0x17, "261127000000+0100")]
        [DataRow(0x17, "2611270000000")]
        [DataRow(0x17, "26112700000AZ")]
        [DataRow(0x17, "2611 7000000Z")]
        [DataRow(0x17, "20261127000000Z")]
        [DataRow(0x18, "20261127000000.5Z")]
        [DataRow(0x18, "202611270000Z")]
        [DataRow(0x18, "261127000000Z")]
        [DataRow(0x18, "20261127000000")]
        [DataRow(0x18, "-0261127000000Z")]
        [DataRow(0x17, "")]
        public void ReadTime_NotRfc5280Form_IsBadTime(int tag, string text)
        {
            Attempt.Failed(PkiError.BadTime, Attempt.Read(Tlv.Make(tag, Tlv.Ascii(text)), Attempt.Time, false));
        }

        [TestMethod]
        public void ReadTime_OtherTag_IsUnexpectedTag()
        {
            Attempt.Failed(PkiError.UnexpectedTag, Attempt.Read(Tlv.Make(DerReader.TagPrintableString, Tlv.Ascii("261127000000Z")), Attempt.Time, false));
        }

        [TestMethod]
        [DataRow(2024, 2, 29)]
        [DataRow(2023, 2, 28)]
        [DataRow(2000, 2, 29)]
        [DataRow(2100, 2, 28)]
        [DataRow(2026, 4, 30)]
        [DataRow(2026, 12, 31)]
        public void DaysInMonth_GregorianLeapYears(int year, int month, int days)
        {
            Assert.AreEqual(days, DerTime.DaysInMonth(year, month));
        }

        private static DateTime Read(int tag, string text)
        {
            byte[] data = Tlv.Make(tag, Tlv.Ascii(text));
            var reader = new DerReader(data, 0, data.Length);
            DateTime time = reader.ReadTime();
            reader.ExpectEnd();
            return time;
        }

        private static void AssertTime(int year, int month, int day, int hour, int minute, int second, DateTime time)
        {
            Assert.AreEqual(year, time.Year, "year");
            Assert.AreEqual(month, time.Month, "month");
            Assert.AreEqual(day, time.Day, "day");
            Assert.AreEqual(hour, time.Hour, "hour");
            Assert.AreEqual(minute, time.Minute, "minute");
            Assert.AreEqual(second, time.Second, "second");
            Assert.AreEqual((int)DateTimeKind.Utc, (int)time.Kind, "kind");
        }
    }
}
