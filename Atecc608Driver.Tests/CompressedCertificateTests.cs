using DeviceAgent.Tests;
using System;
using Atecc608Driver.Certificates;
using nanoFramework.TestFramework;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// Microchip compressed certificates (facts/atecc608.md §10): the date vectors of §10.1 and the DER signature
    /// vectors of §7.2 (both from CryptoAuthLib's own tests), the 72-byte layout, RFC 5280 date forms, and
    /// rebuilding / compressing against a small synthetic template. Hashes here are a fake port that records its
    /// input; real SHA-256 / SHA-1 and .NET's certificate checks are in the Lab (CompressedCertificateLabTests).
    /// </summary>
    [TestClass]
    public class CompressedCertificateTests
    {
        // §7.2 vectors (CAL test/atcacert/test_atcacert_der_ecdsa_sig_value.c).
        private const string R1 = "01 B9 B1 0A 5E 15 DF F2 96 5B 73 FF 5E 02 16 24 1B C8 1D 13 80 E8 E9 99 B5 28 F4 DD 05 BD E6 8E";
        private const string S1 = "37 A9 FD F6 17 ED 5C A4 F7 62 2A 18 61 16 2E FA 0C 74 64 22 34 37 8F 40 03 62 B5 DB 04 2A 65 28";
        private const string RA2 = "A2 B9 B1 0A 5E 15 DF F2 96 5B 73 FF 5E 02 16 24 1B C8 1D 13 80 E8 E9 99 B5 28 F4 DD 05 BD E6 8E";
        private const string SA2 = "A2 A9 FD F6 17 ED 5C A4 F7 62 2A 18 61 16 2E FA 0C 74 64 22 34 37 8F 40 03 62 B5 DB 04 2A 65 28";
        private const string S37 = "37 B9 B1 0A 5E 15 DF F2 96 5B 73 FF 5E 02 16 24 1B C8 1D 13 80 E8 E9 99 B5 28 F4 DD 05 BD E6 8E";
        private const string RTrim = "00 01 EE 14 70 E4 08 F0 66 0D 9B ED B0 7B 8C 5B CB 1A 1A B1 61 21 B0 E9 4D 4D 37 7E 9A 12 8F 9A";
        private const string STrim = "00 00 00 02 0F 9C CE F6 45 CC D1 29 97 76 BC 3B F4 9D BC 34 7C 22 96 EA AF 0C 96 6B EC 6E A7 98";

        // Synthetic template (257 bytes): outer 30 81 FE, TBS 30 81 A6 at 3 (169 bytes), sigAlg at 172, signature at 184.
        private const int SerialOffset = 8;
        private const int SignerIdOffset = 26;
        private const int IssueOffset = 32;
        private const int ExpireOffset = 47;
        private const int KeyOffset = 64;
        private const int SkiOffset = 130;
        private const int AkiOffset = 152;
        private const int SigAlgOffset = 172;
        private const int SignatureOffset = 184;
        private const int TemplateLength = 257;

        // Templates parsed once (the builder never writes to a template).
        private static byte[] s_utcTemplate;
        private static byte[] s_generalizedTemplate;

        // ---- §10.1 dates ----

        [TestMethod]
        [DataRow(2021, 3, 7, 10, 28, "A9 9D 5C")]
        [DataRow(2000, 1, 1, 0, 0, "00 84 00")]
        [DataRow(2031, 12, 31, 23, 31, "FE 7E FF")]
        public void CompressedDate_FactSheetVectors_EncodeAndDecode(int year, int month, int day, int hour, int expireYears, string encoded)
        {
            var date = new CompressedDate(new CertificateTime(year, month, day, hour, 0, 0), expireYears);
            var bytes = new byte[5];

            date.Encode(bytes, 1, 0);

            Assert.AreEqual(encoded, Hex.Format(bytes, 1, 3));
            Assert.AreEqual(0, date.RequiredFormatVersion);
            CompressedDate decoded = CompressedDate.Decode(Hex.Parse(encoded), 0, 0, 0xFF);   // byte 71 ignored in version 0
            Assert.AreEqual(year, decoded.Issue.Year);
            Assert.AreEqual(month, decoded.Issue.Month);
            Assert.AreEqual(day, decoded.Issue.Day);
            Assert.AreEqual(hour, decoded.Issue.Hour);
            Assert.AreEqual(0, decoded.Issue.Minute);
            Assert.AreEqual(0, decoded.Issue.Second);
            Assert.AreEqual(expireYears, decoded.ExpireYears);
        }

        [TestMethod]
        public void CompressedDate_Expire_IsIssuePlusYears()
        {
            CompressedDate date = CompressedDate.Decode(Hex.Parse("A9 9D 5C"), 0, 0, 0);

            Assert.AreEqual("2049-03-07T10:00:00Z", date.Expire(CertificateDateFormat.UtcTime).ToString());
            Assert.AreEqual("490307100000Z", date.Expire(CertificateDateFormat.UtcTime).Format(CertificateDateFormat.UtcTime));
            Assert.AreEqual("20210307100000Z", date.Issue.Format(CertificateDateFormat.GeneralizedTime));
        }

        [TestMethod]
        public void CompressedDate_NoExpiry_IsMaxDateOfTheFormat()
        {
            CompressedDate date = CompressedDate.Decode(Hex.Parse("00 84 00"), 0, 0, 0);

            Assert.AreEqual("491231235959Z", date.Expire(CertificateDateFormat.UtcTime).Format(CertificateDateFormat.UtcTime));
            Assert.AreEqual("99991231235959Z", date.Expire(CertificateDateFormat.GeneralizedTime).Format(CertificateDateFormat.GeneralizedTime));
        }

        [TestMethod]
        public void CompressedDate_Version1_CarriesYearAndExpireBitsInByte71()
        {
            // 2100 = 2000 + 100 (0b1100100): low five bits 00100 in byte 64, bits 6:5 = 11 in byte 71 bits 7:6;
            // 100 expire years (0b1100100): low five 00100 in byte 66, bits 6:5 = 11 in byte 71 bits 5:4.
            var date = new CompressedDate(new CertificateTime(2100, 6, 15, 12, 0, 0), 100);
            var bytes = new byte[3];

            date.Encode(bytes, 0, 1);

            Assert.AreEqual(1, date.RequiredFormatVersion);
            Assert.AreEqual((byte)0xF0, date.ExtensionBits);
            Assert.AreEqual("23 3D 84", Hex.Format(bytes, 0, 3));
            CompressedDate decoded = CompressedDate.Decode(bytes, 0, 1, 0xF5);
            Assert.AreEqual("2100-06-15T12:00:00Z", decoded.Issue.ToString());
            Assert.AreEqual(100, decoded.ExpireYears);
            Assert.AreEqual(2004, CompressedDate.Decode(bytes, 0, 0, 0xF0).Issue.Year);   // version 0 ignores byte 71
            AssertFails(CertificateError.DateOutOfRange, () => date.Encode(new byte[3], 0, 0));
        }

        [TestMethod]
        public void CompressedDate_Version1_BoundaryValues()
        {
            Assert.AreEqual(0, new CompressedDate(new CertificateTime(2031, 1, 1, 0, 0, 0), 31).RequiredFormatVersion);
            Assert.AreEqual(1, new CompressedDate(new CertificateTime(2032, 1, 1, 0, 0, 0), 0).RequiredFormatVersion);
            Assert.AreEqual(1, new CompressedDate(new CertificateTime(2000, 1, 1, 0, 0, 0), 32).RequiredFormatVersion);
            var last = new CompressedDate(new CertificateTime(2127, 12, 31, 23, 0, 0), 127);
            var bytes = new byte[3];
            last.Encode(bytes, 0, 1);
            CompressedDate decoded = CompressedDate.Decode(bytes, 0, 1, last.ExtensionBits);
            Assert.AreEqual(2127, decoded.Issue.Year);
            Assert.AreEqual(127, decoded.ExpireYears);
            AssertFails(CertificateError.DateOutOfRange, () => new CompressedDate(new CertificateTime(2128, 1, 1, 0, 0, 0), 0));
            AssertFails(CertificateError.DateOutOfRange, () => new CompressedDate(new CertificateTime(1999, 12, 31, 23, 0, 0), 1));
            AssertFails(CertificateError.DateOutOfRange, () => new CompressedDate(new CertificateTime(2020, 1, 1, 0, 0, 0), 128));
        }

        [TestMethod]
        public void CompressedDate_IssueWithMinutes_IsNotEncodable()
        {
            AssertFails(CertificateError.DateNotEncodable, () => new CompressedDate(new CertificateTime(2021, 3, 7, 10, 30, 0), 1));
            AssertFails(CertificateError.DateNotEncodable, () => new CompressedDate(new CertificateTime(2021, 3, 7, 10, 0, 1), 1));
        }

        [TestMethod]
        [DataRow("00 04 00")]   // month 0
        [DataRow("06 84 00")]   // month 13
        [DataRow("00 80 00")]   // day 0
        [DataRow("00 87 00")]   // hour 24 (h = 0b11000)
        public void CompressedDate_ImpossibleFields_AreInvalidDate(string encoded)
        {
            AssertFails(CertificateError.InvalidDate, () => CompressedDate.Decode(Hex.Parse(encoded), 0, 0, 0));
        }

        [TestMethod]
        public void CompressedDate_FromValidity_FindsYearsOrNoExpiry()
        {
            var issue = new CertificateTime(2024, 2, 29, 8, 0, 0);

            Assert.AreEqual(5, CompressedDate.FromValidity(issue, new CertificateTime(2029, 2, 29, 8, 0, 0), CertificateDateFormat.UtcTime).ExpireYears);
            Assert.AreEqual(0, CompressedDate.FromValidity(issue, CertificateTime.MaxDate(CertificateDateFormat.UtcTime), CertificateDateFormat.UtcTime).ExpireYears);
            Assert.AreEqual(0, CompressedDate.FromValidity(issue, CertificateTime.MaxDate(CertificateDateFormat.GeneralizedTime), CertificateDateFormat.GeneralizedTime).ExpireYears);
            AssertFails(CertificateError.DateNotEncodable,
                () => CompressedDate.FromValidity(issue, new CertificateTime(2029, 2, 28, 8, 0, 0), CertificateDateFormat.UtcTime));
            AssertFails(CertificateError.DateNotEncodable,
                () => CompressedDate.FromValidity(issue, new CertificateTime(2029, 2, 28, 8, 0, 1), CertificateDateFormat.GeneralizedTime));
            AssertFails(CertificateError.DateNotEncodable, () => CompressedDate.FromValidity(issue, issue, CertificateDateFormat.UtcTime));
        }

        // ---- RFC 5280 date forms ----

        [TestMethod]
        [DataRow(2049, "491231235959Z")]
        [DataRow(2000, "000101000000Z")]
        [DataRow(1950, "500101000000Z")]
        public void CertificateTime_UtcTime_CoversYears1950To2049(int year, string expected)
        {
            CertificateTime time = year == 2049 ? new CertificateTime(2049, 12, 31, 23, 59, 59) : new CertificateTime(year, 1, 1, 0, 0, 0);

            string text = time.Format(CertificateDateFormat.UtcTime);

            Assert.AreEqual(expected, text);
            Assert.AreEqual(time.ToString(), CertificateTime.Parse(CertificateDateFormat.UtcTime, Ascii(text), 0, 13).ToString());
        }

        [TestMethod]
        public void CertificateTime_Year2050_IsGeneralizedTimeOnly()
        {
            var time = new CertificateTime(2050, 1, 1, 0, 0, 0);

            Assert.AreEqual("20500101000000Z", time.Format(CertificateDateFormat.GeneralizedTime));
            AssertFails(CertificateError.DateOutOfRange, () => time.Format(CertificateDateFormat.UtcTime));
            AssertFails(CertificateError.DateOutOfRange, () => new CertificateTime(1949, 12, 31, 23, 59, 59).Format(CertificateDateFormat.UtcTime));
            Assert.AreEqual(2049, CertificateTime.Parse(CertificateDateFormat.UtcTime, Ascii("491231235959Z"), 0, 13).Year);
            Assert.AreEqual(1950, CertificateTime.Parse(CertificateDateFormat.UtcTime, Ascii("500101000000Z"), 0, 13).Year);
        }

        [TestMethod]
        public void CertificateTime_GeneralizedTime_ParsesAtOffset()
        {
            byte[] bytes = Ascii("xx99991231235959Zyy");

            CertificateTime time = CertificateTime.Parse(CertificateDateFormat.GeneralizedTime, bytes, 2, 15);

            Assert.AreEqual("9999-12-31T23:59:59Z", time.ToString());
            Assert.IsTrue(time.Equals(CertificateTime.MaxDate(CertificateDateFormat.GeneralizedTime)));
            var written = new byte[19];
            Assert.AreEqual(15, time.Write(CertificateDateFormat.GeneralizedTime, written, 2));
            Assert.AreEqual("99991231235959Z", Text(written, 2, 15));
        }

        [TestMethod]
        [DataRow("21030710000Z")]     // 12 bytes
        [DataRow("2103071000000")]    // no Z
        [DataRow("2103071a0000Z")]    // not a digit
        [DataRow("211307100000Z")]    // month 13
        [DataRow("210300100000Z")]    // day 0
        [DataRow("210307240000Z")]    // hour 24
        [DataRow("210307106000Z")]    // minute 60
        public void CertificateTime_MalformedUtcTime_IsInvalidDate(string text)
        {
            byte[] bytes = Ascii(text);
            AssertFails(CertificateError.InvalidDate, () => CertificateTime.Parse(CertificateDateFormat.UtcTime, bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void CertificateTime_RangeOutsideBuffer_IsInvalidArgument()
        {
            AssertFails(CertificateError.InvalidArgument, () => CertificateTime.Parse(CertificateDateFormat.UtcTime, new byte[13], 1, 13));
            AssertFails(CertificateError.InvalidArgument, () => CertificateTime.Parse(CertificateDateFormat.UtcTime, null, 0, 13));
            AssertFails(CertificateError.InvalidArgument, () => new CertificateTime(2021, 1, 1, 0, 0, 0).Write(CertificateDateFormat.GeneralizedTime, new byte[16], 2));
            AssertFails(CertificateError.InvalidArgument, () => new CertificateTime(2021, 1, 1, 0, 0, 0).Write((CertificateDateFormat)2, new byte[16], 0));
        }

        [TestMethod]
        public void CertificateTime_ToDateTime_KeepsFieldsAndRefusesNonCalendarDays()
        {
            DateTime time = new CertificateTime(2021, 3, 7, 10, 5, 9).ToDateTime();

            Assert.AreEqual(new DateTime(2021, 3, 7, 10, 5, 9).Ticks, time.Ticks);
            Assert.AreEqual("2021-03-07T10:05:09Z", CertificateTime.FromDateTime(time).ToString());
            AssertFails(CertificateError.DateOutOfRange, () => new CertificateTime(2023, 2, 29, 0, 0, 0).ToDateTime());
            Assert.AreEqual(29, new CertificateTime(2024, 2, 29, 0, 0, 0).ToDateTime().Day);
        }

        // ---- §7.2 DER signature ----

        [TestMethod]
        [DataRow(R1, S1, "03 47 00 30 44 02 20 " + R1 + " 02 20 " + S1)]
        [DataRow(RA2, S1, "03 48 00 30 45 02 21 00 " + RA2 + " 02 20 " + S1)]
        [DataRow(S37, SA2, "03 48 00 30 45 02 20 " + S37 + " 02 21 00 " + SA2)]
        [DataRow(RA2, SA2, "03 49 00 30 46 02 21 00 " + RA2 + " 02 21 00 " + SA2)]
        [DataRow(RTrim, STrim, "03 43 00 30 40 02 1F 01 EE 14 70 E4 08 F0 66 0D 9B ED B0 7B 8C 5B CB 1A 1A B1 61 21 B0 E9 4D 4D 37 7E 9A 12 8F 9A 02 1D 02 0F 9C CE F6 45 CC D1 29 97 76 BC 3B F4 9D BC 34 7C 22 96 EA AF 0C 96 6B EC 6E A7 98")]
        public void DerSignature_FactSheetVectors_EncodeAndDecode(string r, string s, string expected)
        {
            byte[] raw = Hex.Parse(r + " " + s);

            byte[] der = DerSignature.EncodeBitString(raw, 0);

            Assert.AreEqual(expected, Hex.Format(der, 0, der.Length));
            var back = new byte[66];
            DerSignature.DecodeBitString(der, 0, der.Length, back, 2);
            Assert.AreEqual(r + " " + s, Hex.Format(back, 2, 64));
        }

        [TestMethod]
        public void DerSignature_AllZero_IsOneByteIntegers()
        {
            byte[] der = DerSignature.EncodeBitString(new byte[64], 0);

            Assert.AreEqual("03 09 00 30 06 02 01 00 02 01 00", Hex.Format(der, 0, der.Length));
        }

        [TestMethod]
        [DataRow("03 0A 00 30 07 02 02 00 01 02 01 01")]   // leading zero not needed: not DER
        [DataRow("03 09 00 30 06 02 01 81 02 01 01")]      // negative R
        [DataRow("03 0A 00 30 06 02 01 01 02 01 01 00")]   // byte after the SEQUENCE
        [DataRow("03 09 01 30 06 02 01 01 02 01 01")]      // unused bits
        [DataRow("03 08 00 30 06 02 01 01 02 01 01")]      // BIT STRING length one short
        [DataRow("03 09 00 30 06 02 01 01 04 01 01")]      // S not an INTEGER
        [DataRow("03 07 00 30 04 02 02 00 80")]            // no S
        [DataRow("03 81 09 00 30 06 02 01 01 02 01 01")]   // long-form length where short would do
        [DataRow("03")]
        public void DerSignature_NotStrictDer_IsBadSignature(string der)
        {
            byte[] bytes = Hex.Parse(der);
            AssertFails(CertificateError.BadSignature, () => DerSignature.DecodeBitString(bytes, 0, bytes.Length, new byte[64], 0));
        }

        [TestMethod]
        public void DerSignature_ThirtyThreeSignificantBytes_IsBadSignature()
        {
            byte[] der = Hex.Parse("03 2A 00 30 27 02 22 01 " + R1 + " 00 02 01 01");
            Assert.AreEqual(44, der.Length);
            AssertFails(CertificateError.BadSignature, () => DerSignature.DecodeBitString(der, 0, der.Length, new byte[64], 0));
        }

        // ---- §10.1 layout ----

        [TestMethod]
        public void CompressedCertificate_Decode_ReadsEveryField()
        {
            byte[] bytes = Compressed(R1 + " " + S1, "A9 9D 5C", "12 AB", 0x2F, 0xA0, 0x00);

            CompressedCertificate cert = CompressedCertificate.Decode(bytes, 0, bytes.Length);

            Assert.AreEqual(R1 + " " + S1, Hex.Format(cert.GetSignature(), 0, 64));
            Assert.AreEqual("2021-03-07T10:00:00Z", cert.Dates.Issue.ToString());
            Assert.AreEqual(28, cert.Dates.ExpireYears);
            Assert.AreEqual(0x12AB, cert.SignerId);
            Assert.AreEqual(2, cert.TemplateId);
            Assert.AreEqual(15, cert.ChainId);
            Assert.AreEqual((int)SerialNumberSource.PublicKeyHash, (int)cert.SerialNumberSource);
            Assert.AreEqual(0, cert.FormatVersion);
            Assert.AreEqual(Hex.Format(bytes, 0, 72), Hex.Format(cert.ToArray(), 0, 72));
        }

        [TestMethod]
        public void CompressedCertificate_Version1_RoundTripsExtensionAndReservedBits()
        {
            byte[] bytes = Compressed(RA2 + " " + SA2, "23 3D 84", "FF FF", 0x10, 0xB1, 0xF5);

            CompressedCertificate cert = CompressedCertificate.Decode(bytes, 0, 72);

            Assert.AreEqual(1, cert.FormatVersion);
            Assert.AreEqual((int)SerialNumberSource.DeviceSnHash, (int)cert.SerialNumberSource);
            Assert.AreEqual("2100-06-15T12:00:00Z", cert.Dates.Issue.ToString());
            Assert.AreEqual(100, cert.Dates.ExpireYears);
            Assert.AreEqual((byte)0x05, cert.Reserved);
            var encoded = new byte[74];
            cert.Encode(encoded, 1);
            Assert.AreEqual(Hex.Format(bytes, 0, 72), Hex.Format(encoded, 1, 72));
        }

        [TestMethod]
        public void CompressedCertificate_FromFields_EncodesLayout()
        {
            var dates = new CompressedDate(new CertificateTime(2031, 12, 31, 23, 0, 0), 31);
            var cert = new CompressedCertificate(Hex.Parse(RTrim + " " + STrim), dates, 0xC4F1, 3, 0, SerialNumberSource.DeviceSn, 0, 0);

            byte[] bytes = cert.ToArray();

            Assert.AreEqual(RTrim + " " + STrim + " FE 7E FF C4 F1 30 80 00", Hex.Format(bytes, 0, 72));
        }

        [TestMethod]
        public void CompressedCertificate_BadInput_IsCertificateException()
        {
            byte[] good = Compressed(R1 + " " + S1, "A9 9D 5C", "00 01", 0x20, 0xA0, 0x00);

            AssertFails(CertificateError.CompressedLength, () => CompressedCertificate.Decode(good, 0, 71));
            AssertFails(CertificateError.CompressedLength, () => CompressedCertificate.Decode(new byte[73], 0, 73));
            AssertFails(CertificateError.InvalidArgument, () => CompressedCertificate.Decode(good, 1, 72));
            AssertFails(CertificateError.InvalidArgument, () => CompressedCertificate.Decode(null, 0, 72));
            byte[] format3 = Compressed(R1 + " " + S1, "A9 9D 5C", "00 01", 0x20, 0xA3, 0x00);
            AssertFails(CertificateError.UnsupportedFormat, () => CompressedCertificate.Decode(format3, 0, 72));
            var dates = new CompressedDate(new CertificateTime(2040, 1, 1, 0, 0, 0), 10);
            AssertFails(CertificateError.DateOutOfRange, () => new CompressedCertificate(new byte[64], dates, 0, 0, 0, SerialNumberSource.Stored, 0, 0));
            AssertFails(CertificateError.BadSignature, () => new CompressedCertificate(new byte[63], dates, 0, 0, 0, SerialNumberSource.Stored, 1, 0));
            AssertFails(CertificateError.InvalidArgument, () => new CompressedCertificate(new byte[64], dates, 0, 16, 0, SerialNumberSource.Stored, 1, 0));
            AssertFails(CertificateError.InvalidArgument, () => new CompressedCertificate(new byte[64], dates, 0x10000, 0, 0, SerialNumberSource.Stored, 1, 0));
        }

        // ---- rebuilding against a synthetic template ----

        [TestMethod]
        public void Rebuild_PutsEveryElementInPlace()
        {
            var hashes = new RecordingHashes();
            byte[] compressed = Compressed(R1 + " " + S1, "A9 9D 5C", "0A 5F", 0x20, 0xA0, 0x00);

            byte[] cert = CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, hashes);

            Assert.AreEqual(TemplateLength, cert.Length);
            Assert.AreEqual("30 81 FE 30 81 A6 02 10", Hex.Format(cert, 0, 8));
            Assert.AreEqual("0A5F", Text(cert, SignerIdOffset, 4));
            Assert.AreEqual("210307100000Z", Text(cert, IssueOffset, 13));
            Assert.AreEqual("490307100000Z", Text(cert, ExpireOffset, 13));
            Assert.AreEqual(Hex.Format(Key(), 0, 64), Hex.Format(cert, KeyOffset, 64));
            Assert.AreEqual("04 14", Hex.Format(cert, SkiOffset - 2, 2));
            // PUB_KEY_HASH: SHA-256(X‖Y ‖ A9 9D 5C), first 16 bytes, sn[0] & 0x7F | 0x40; fake digest byte i = 0xA5 ^ i.
            Assert.AreEqual(Hex.Format(Key(), 0, 64) + " A9 9D 5C", hashes.LastSha256Input);
            Assert.AreEqual("65 A4 A7 A6 A1 A0 A3 A2 AD AC AF AE A9 A8 AB AA", Hex.Format(cert, SerialOffset, 16));
            // key ids: SHA-1(04 ‖ X‖Y), subject and CA; fake digest byte i = first input byte after 04, + i.
            Assert.AreEqual(Hex.Format(RecordingHashes.FakeSha1(Key()), 0, 20), Hex.Format(cert, SkiOffset, 20));
            Assert.AreEqual(Hex.Format(RecordingHashes.FakeSha1(CaKey()), 0, 20), Hex.Format(cert, AkiOffset, 20));
            Assert.AreEqual("30 0A 06 08 2A 86 48 CE 3D 04 03 02", Hex.Format(cert, SigAlgOffset, 12));
            Assert.AreEqual("03 47 00 30 44 02 20 " + R1 + " 02 20 " + S1, Hex.Format(cert, SignatureOffset, 73));
            CertificateLocation tbs = CertificateBuilder.FindTbsCertificate(cert);
            Assert.AreEqual(3, tbs.Offset);
            Assert.AreEqual(169, tbs.Count);
        }

        [TestMethod]
        public void Rebuild_LongerSignature_GrowsOuterLengthFieldAndShiftsElements()
        {
            byte[] compressed = Compressed(RA2 + " " + SA2, "A9 9D 5C", "0A 5F", 0x20, 0xA0, 0x00);

            byte[] cert = CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, new RecordingHashes());

            Assert.AreEqual(TemplateLength + 3, cert.Length);
            Assert.AreEqual("30 82 01 00 30 81 A6", Hex.Format(cert, 0, 7));
            Assert.AreEqual("0A5F", Text(cert, SignerIdOffset + 1, 4));
            Assert.AreEqual("03 49 00 30 46 02 21 00 " + RA2 + " 02 21 00 " + SA2, Hex.Format(cert, SignatureOffset + 1, 75));
            Assert.AreEqual(4, CertificateBuilder.FindTbsCertificate(cert).Offset);
        }

        [TestMethod]
        public void Rebuild_TrimmedSignature_ShrinksOuterLength()
        {
            byte[] compressed = Compressed(RTrim + " " + STrim, "A9 9D 5C", "0A 5F", 0x20, 0xA0, 0x00);

            byte[] cert = CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, new RecordingHashes());

            Assert.AreEqual(TemplateLength - 4, cert.Length);
            Assert.AreEqual("30 81 FA", Hex.Format(cert, 0, 3));
            Assert.AreEqual("03 43 00 30 40 02 1F 01 EE", Hex.Format(cert, SignatureOffset, 9));
        }

        [TestMethod]
        public void Rebuild_ThenCompress_GivesTheSame72Bytes()
        {
            string[] signatures = new string[] { R1 + " " + S1, RA2 + " " + SA2, RTrim + " " + STrim, S37 + " " + SA2 };
            for (int i = 0; i < signatures.Length; i++)
            {
                byte[] compressed = Compressed(signatures[i], "A9 9D 5C", "00 0" + i, 0x20, 0xA0, 0x00);
                byte[] cert = CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, new RecordingHashes());

                byte[] again = CertificateBuilder.Compress(Definition(), cert);

                Assert.AreEqual(Hex.Format(compressed, 0, 72), Hex.Format(again, 0, 72), "signature " + i);
            }
        }

        [TestMethod]
        public void Rebuild_Version1_HashesByte71AndCompressKeepsVersion()
        {
            CertificateDefinition definition = Definition(true);   // dates past 2049 need GeneralizedTime
            var hashes = new RecordingHashes();
            byte[] compressed = Compressed(R1 + " " + S1, "23 3D 84", "0A 5F", 0x20, 0xA1, 0xF0);

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), null, hashes);

            Assert.AreEqual(262, cert.Length);
            Assert.AreEqual("30 82 01 02 30 81 AA", Hex.Format(cert, 0, 7));
            Assert.AreEqual(Hex.Format(Key(), 0, 64) + " 23 3D 84 F0", hashes.LastSha256Input);
            Assert.AreEqual("21000615120000Z", Text(cert, definition.IssueDate.Offset, 15));
            Assert.AreEqual("22000615120000Z", Text(cert, definition.ExpireDate.Offset, 15));
            Assert.AreEqual(Hex.Format(Key(), 0, 64), Hex.Format(cert, definition.PublicKey.Offset, 64));
            Assert.AreEqual(Hex.Format(compressed, 0, 72), Hex.Format(CertificateBuilder.Compress(definition, cert), 0, 72));
        }

        [TestMethod]
        public void Rebuild_TrimmedSignature_CanShrinkOuterLengthToOneByteForm()
        {
            CertificateDefinition definition = Definition(true);
            byte[] compressed = Compressed(RTrim + " " + STrim, "23 3D 84", "0A 5F", 0x20, 0xA1, 0xF0);

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), null, new RecordingHashes());

            Assert.AreEqual("30 81 FE 30 81 AA", Hex.Format(cert, 0, 6));   // 258 − 4 = 254 content bytes
            Assert.AreEqual(3 + 254, cert.Length);
            Assert.AreEqual("21000615120000Z", Text(cert, definition.IssueDate.Offset - 1, 15));
            Assert.AreEqual(Hex.Format(compressed, 0, 72), Hex.Format(CertificateBuilder.Compress(definition, cert), 0, 72));
        }

        [TestMethod]
        public void Rebuild_NoExpiry_WritesMaxUtcTime()
        {
            CertificateDefinition definition = Definition();
            byte[] compressed = Compressed(R1 + " " + S1, "00 84 00", "00 00", 0x20, 0xA0, 0x00);

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), null, new RecordingHashes());

            Assert.AreEqual("000101000000Z", Text(cert, IssueOffset, 13));
            Assert.AreEqual("491231235959Z", Text(cert, ExpireOffset, 13));
            Assert.AreEqual(Hex.Format(compressed, 0, 72), Hex.Format(CertificateBuilder.Compress(definition, cert), 0, 72));
        }

        [TestMethod]
        public void Rebuild_ExpiryPast2049InUtcTime_IsDateOutOfRange()
        {
            byte[] compressed = Compressed(R1 + " " + S1, "A9 9D 5D", "00 00", 0x20, 0xA0, 0x00);   // 2021 + 29 = 2050
            AssertFails(CertificateError.DateOutOfRange, () => CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, new RecordingHashes()));
        }

        [TestMethod]
        public void Rebuild_MismatchedIds_IsWrongDefinition()
        {
            AssertFails(CertificateError.WrongDefinition, () => CertificateBuilder.Rebuild(Definition(),
                Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x30, 0xA0, 0x00), Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.WrongDefinition, () => CertificateBuilder.Rebuild(Definition(),
                Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x21, 0xA0, 0x00), Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.WrongDefinition, () => CertificateBuilder.Rebuild(Definition(),
                Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0xB0, 0x00), Key(), null, new RecordingHashes()));
        }

        [TestMethod]
        public void Rebuild_BadInputs_AreCertificateExceptions()
        {
            byte[] good = Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0xA0, 0x00);
            var truncated = new byte[71];
            Array.Copy(good, truncated, 71);

            AssertFails(CertificateError.CompressedLength, () => CertificateBuilder.Rebuild(Definition(), truncated, Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.InvalidArgument, () => CertificateBuilder.Rebuild(Definition(), null, Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.InvalidArgument, () => CertificateBuilder.Rebuild(null, good, Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.BadPublicKey, () => CertificateBuilder.Rebuild(Definition(), good, new byte[65], null, new RecordingHashes()));
            AssertFails(CertificateError.InvalidArgument, () => CertificateBuilder.Rebuild(Definition(), good, Key(), null, null));
            AssertFails(CertificateError.BadHash, () => CertificateBuilder.Rebuild(Definition(), good, Key(), null, new RecordingHashes(31)));
        }

        [TestMethod]
        public void Rebuild_DeviceSn_IsPrefixedSerialAndNeedsIt()
        {
            CertificateDefinition definition = Definition();
            definition.SerialNumberSource = SerialNumberSource.DeviceSn;
            definition.SerialNumber = new CertificateLocation(SerialOffset, 10);
            byte[] compressed = Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0x80, 0x00);
            byte[] sn = Hex.Parse("01 23 CF E1 EF 17 F0 B0 01");

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), sn, new RecordingHashes());

            Assert.AreEqual("40 01 23 CF E1 EF 17 F0 B0 01 5A 5A", Hex.Format(cert, SerialOffset, 12));
            AssertFails(CertificateError.MissingSerialNumber, () => CertificateBuilder.Rebuild(definition, compressed, Key(), null, new RecordingHashes()));
            AssertFails(CertificateError.MissingSerialNumber, () => CertificateBuilder.Rebuild(definition, compressed, Key(), new byte[8], new RecordingHashes()));
        }

        [TestMethod]
        public void Rebuild_DeviceSnHash_HashesSerialAndDates()
        {
            CertificateDefinition definition = Definition();
            definition.SerialNumberSource = SerialNumberSource.DeviceSnHash;
            byte[] compressed = Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0xB0, 0x00);
            var hashes = new RecordingHashes();

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), Hex.Parse("01 23 CF E1 EF 17 F0 B0 01"), hashes);

            Assert.AreEqual("01 23 CF E1 EF 17 F0 B0 01 A9 9D 5C", hashes.LastSha256Input);
            Assert.AreEqual("65 A4", Hex.Format(cert, SerialOffset, 2));
        }

        [TestMethod]
        [DataRow(0xC, "25")]   // PUB_KEY_HASH_POS: only & 0x7F
        [DataRow(0xE, "A5")]   // PUB_KEY_HASH_RAW: unchanged
        public void Rebuild_DeprecatedHashVariants_AdjustFirstByteOnlyAsSpecified(int source, string firstByte)
        {
            CertificateDefinition definition = Definition();
            definition.SerialNumberSource = (SerialNumberSource)source;
            byte[] compressed = Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, (byte)(source << 4), 0x00);

            byte[] cert = CertificateBuilder.Rebuild(definition, compressed, Key(), null, new RecordingHashes());

            Assert.AreEqual(firstByte, Hex.Format(cert, SerialOffset, 1));
        }

        [TestMethod]
        public void Rebuild_StoredAndSignerIdSources()
        {
            CertificateDefinition stored = Definition();
            stored.SerialNumberSource = SerialNumberSource.Stored;
            byte[] storedCompressed = Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0x00, 0x00);
            byte[] serial = Hex.Parse("11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00");
            AssertFails(CertificateError.MissingSerialNumber, () => CertificateBuilder.Rebuild(stored, storedCompressed, Key(), null, new RecordingHashes()));
            byte[] cert = CertificateBuilder.Rebuild(stored, storedCompressed, Key(), null, serial, new RecordingHashes());
            Assert.AreEqual(Hex.Format(serial, 0, 16), Hex.Format(cert, SerialOffset, 16));

            CertificateDefinition signer = Definition();
            signer.SerialNumberSource = SerialNumberSource.SignerId;
            signer.SerialNumber = new CertificateLocation(SerialOffset, 3);
            cert = CertificateBuilder.Rebuild(signer, Compressed(R1 + " " + S1, "A9 9D 5C", "C4 F1", 0x20, 0x90, 0x00), Key(), null, new RecordingHashes());
            Assert.AreEqual("40 C4 F1", Hex.Format(cert, SerialOffset, 3));
            Assert.AreEqual("C4F1", Text(cert, SignerIdOffset, 4));
        }

        [TestMethod]
        public void Rebuild_WithoutCaKey_KeepsTemplateAuthorityKeyId()
        {
            CertificateDefinition definition = Definition();
            definition.CaPublicKey = null;

            byte[] cert = CertificateBuilder.Rebuild(definition, Compressed(R1 + " " + S1, "A9 9D 5C", "00 00", 0x20, 0xA0, 0x00), Key(), null, new RecordingHashes());

            Assert.AreEqual(Hex.Format(definition.Template, AkiOffset, 20), Hex.Format(cert, AkiOffset, 20));
        }

        [TestMethod]
        public void Definition_Inconsistent_IsBadDefinition()
        {
            CertificateDefinition definition = Definition();
            definition.PublicKey = new CertificateLocation(KeyOffset, 63);
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.IssueDate = new CertificateLocation(IssueOffset, 15);
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.SubjectKeyId = new CertificateLocation(SigAlgOffset, 20);
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.Signature = new CertificateLocation(SignatureOffset, 72);
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.TbsCertificate = new CertificateLocation(3, 168);
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.TemplateId = 16;
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.Template = new byte[TemplateLength];
            AssertFails(CertificateError.BadDefinition, () => definition.Validate());

            definition = Definition();
            definition.SerialNumberSource = SerialNumberSource.StoredDynamic;
            AssertFails(CertificateError.UnsupportedSerialNumberSource, () => definition.Validate());
        }

        [TestMethod]
        public void Definition_AnyBadLocation_NeverEscapesAsAnotherException()
        {
            byte[] compressed = Compressed(RA2 + " " + SA2, "A9 9D 5C", "00 00", 0x20, 0xA0, 0x00);
            int[] offsets = new int[] { -1, 0, 2, 3, 100, 170, 171, 172, 183, 184, 185, 256, 257, 1000, int.MaxValue };
            int[] counts = new int[] { -1, 0, 1, 3, 4, 13, 16, 20, 64, 73, 74, int.MaxValue };
            int failures = 0;
            for (int element = 0; element < 9; element++)
            {
                for (int o = 0; o < offsets.Length; o++)
                {
                    for (int c = 0; c < counts.Length; c++)
                    {
                        CertificateDefinition definition = Definition();
                        SetLocation(definition, element, new CertificateLocation(offsets[o], counts[c]));
                        try
                        {
                            CertificateBuilder.Rebuild(definition, compressed, Key(), null, new RecordingHashes());
                        }
                        catch (CertificateException)
                        {
                            failures++;
                        }
                    }
                }
            }

            Assert.IsTrue(failures > 0);
        }

        [TestMethod]
        public void Rebuild_RandomCompressedBytes_SucceedOrCertificateException()
        {
            var random = new Random(608);
            var compressed = new byte[72];
            int built = 0;
            for (int n = 0; n < 300; n++)
            {
                random.NextBytes(compressed);
                compressed[69] = 0x20;
                compressed[70] = (byte)(0xA0 | (n % 4));   // versions 0–2 and one unknown
                try
                {
                    CertificateBuilder.Rebuild(Definition(), compressed, Key(), null, new RecordingHashes());
                    built++;
                }
                catch (CertificateException)
                {
                }
            }

            Assert.IsTrue(built > 0);
        }

        [TestMethod]
        public void Compress_CertificateOffTemplate_IsRefused()
        {
            byte[] cert = CertificateBuilder.Rebuild(Definition(), Compressed(R1 + " " + S1, "A9 9D 5C", "0A 5F", 0x20, 0xA0, 0x00), Key(), null, new RecordingHashes());

            byte[] fixedByteChanged = (byte[])cert.Clone();
            fixedByteChanged[SkiOffset - 1] ^= 0x01;
            AssertFails(CertificateError.MalformedCertificate, () => CertificateBuilder.Compress(Definition(), fixedByteChanged));

            byte[] lowercaseSigner = (byte[])cert.Clone();
            lowercaseSigner[SignerIdOffset + 2] = (byte)'f';
            AssertFails(CertificateError.BadSignerId, () => CertificateBuilder.Compress(Definition(), lowercaseSigner));

            byte[] expireNotWhole = (byte[])cert.Clone();
            expireNotWhole[ExpireOffset + 9] = (byte)'1';   // 49-03-07 10:01
            AssertFails(CertificateError.DateNotEncodable, () => CertificateBuilder.Compress(Definition(), expireNotWhole));

            byte[] badSignature = (byte[])cert.Clone();
            badSignature[SignatureOffset + 5] = 0x03;   // INTEGER tag of R
            AssertFails(CertificateError.BadSignature, () => CertificateBuilder.Compress(Definition(), badSignature));

            var truncated = new byte[cert.Length - 1];
            Array.Copy(cert, truncated, truncated.Length);
            AssertFails(CertificateError.MalformedCertificate, () => CertificateBuilder.Compress(Definition(), truncated));
            AssertFails(CertificateError.InvalidArgument, () => CertificateBuilder.Compress(Definition(), null));
            AssertFails(CertificateError.MalformedCertificate, () => CertificateBuilder.Compress(Definition(), new byte[3]));
        }

        // ---- helpers ----

        private static void AssertFails(CertificateError expected, Action action)
        {
            try
            {
                action();
            }
            catch (CertificateException e)
            {
                Assert.AreEqual((int)expected, (int)e.Error, e.Message);
                Assert.IsTrue(e.Message.Length > 10);
                return;
            }

            Assert.IsTrue(false, "expected CertificateException with error " + (int)expected);
        }

        private static byte[] Compressed(string signature, string dates, string signerId, byte templateChain, byte sourceFormat, byte byte71)
        {
            byte[] bytes = Hex.Parse(signature + " " + dates + " " + signerId);
            var result = new byte[72];
            Array.Copy(bytes, result, 69);
            result[69] = templateChain;
            result[70] = sourceFormat;
            result[71] = byte71;
            return result;
        }

        private static byte[] Key()
        {
            var key = new byte[64];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0x80 + i);
            }

            return key;
        }

        private static byte[] CaKey()
        {
            var key = new byte[64];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0x10 + i);
            }

            return key;
        }

        private static CertificateDefinition Definition()
        {
            return Definition(false);
        }

        /// <summary>
        /// A synthetic certificate definition with every element of a real one: with UTCTime dates the template is
        /// 257 bytes (outer header 30 81 FE, offsets as the constants above); with GeneralizedTime dates each date is
        /// 2 bytes longer and the outer header becomes 30 82 01 02, so everything after it moves.
        /// </summary>
        private static CertificateDefinition Definition(bool generalized)
        {
            byte[] template = generalized ? s_generalizedTemplate : s_utcTemplate;
            string date = generalized
                ? "18 0F 32 30 30 30 30 31 30 31 30 30 30 30 30 30 5A"
                : "17 0D 30 30 30 31 30 31 30 30 30 30 30 30 5A";
            int dateLength = generalized ? 15 : 13;
            int tbsContent = 166 + (2 * (dateLength - 13));
            int content = 3 + tbsContent + 12 + 73;
            string outer = content < 256 ? "30 81 " + content.ToString("X2") : "30 82 " + (content >> 8).ToString("X2") + " " + (content & 0xFF).ToString("X2");
            if (template == null)
            {
                template = Hex.Parse(
                    outer + " 30 81 " + tbsContent.ToString("X2") + " 02 10 " + Repeat("5A", 16)
                    + " 13 04 46 46 46 46"
                    + " " + date
                    + " " + date
                    + " 03 42 00 04 " + Repeat("00", 64)
                    + " 04 14 " + Repeat("11", 20)
                    + " 04 14 " + Repeat("22", 20)
                    + " 30 0A 06 08 2A 86 48 CE 3D 04 03 02"
                    + " 03 47 00 30 44 02 20 " + Repeat("33", 32) + " 02 20 " + Repeat("44", 32));
                if (generalized)
                {
                    s_generalizedTemplate = template;
                }
                else
                {
                    s_utcTemplate = template;
                }
            }

            int h = content < 256 ? 3 : 4;
            int expire = h + 29 + dateLength + 2;
            int key = expire + dateLength + 4;

            var definition = new CertificateDefinition();
            definition.Template = template;
            definition.TemplateId = 2;
            definition.ChainId = 0;
            definition.SerialNumberSource = SerialNumberSource.PublicKeyHash;
            definition.ExpireYears = 28;
            definition.IssueDateFormat = generalized ? CertificateDateFormat.GeneralizedTime : CertificateDateFormat.UtcTime;
            definition.ExpireDateFormat = definition.IssueDateFormat;
            definition.SerialNumber = new CertificateLocation(h + 5, 16);
            definition.SignerId = new CertificateLocation(h + 23, 4);
            definition.IssueDate = new CertificateLocation(h + 29, dateLength);
            definition.ExpireDate = new CertificateLocation(expire, dateLength);
            definition.PublicKey = new CertificateLocation(key, 64);
            definition.SubjectKeyId = new CertificateLocation(key + 66, 20);
            definition.AuthorityKeyId = new CertificateLocation(key + 88, 20);
            definition.TbsCertificate = new CertificateLocation(h, 3 + tbsContent);
            definition.Signature = new CertificateLocation(key + 120, 73);
            definition.CaPublicKey = CaKey();
            return definition;
        }

        private static void SetLocation(CertificateDefinition definition, int element, CertificateLocation location)
        {
            switch (element)
            {
                case 0: definition.SerialNumber = location; break;
                case 1: definition.IssueDate = location; break;
                case 2: definition.ExpireDate = location; break;
                case 3: definition.SignerId = location; break;
                case 4: definition.PublicKey = location; break;
                case 5: definition.SubjectKeyId = location; break;
                case 6: definition.AuthorityKeyId = location; break;
                case 7: definition.TbsCertificate = location; break;
                default: definition.Signature = location; break;
            }
        }

        private static string Repeat(string hexByte, int count)
        {
            string result = hexByte;
            for (int i = 1; i < count; i++)
            {
                result += " " + hexByte;
            }

            return result;
        }

        private static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        private static string Text(byte[] bytes, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)bytes[offset + i];
            }

            return new string(chars);
        }

        /// <summary>
        /// A test-only hash port: not SHA at all, but deterministic and recording its input, so the tests see exactly
        /// what is hashed. SHA-256 byte i = 0xA5 ^ i; SHA-1 byte i = input[1] + i.
        /// </summary>
        private sealed class RecordingHashes : ICertificateHashes
        {
            private readonly int _sha256Length;

            public RecordingHashes()
                : this(32)
            {
            }

            public RecordingHashes(int sha256Length)
            {
                _sha256Length = sha256Length;
            }

            public string LastSha256Input { get; private set; }

            public static byte[] FakeSha1(byte[] publicKey)
            {
                var digest = new byte[20];
                for (int i = 0; i < digest.Length; i++)
                {
                    digest[i] = (byte)(publicKey[0] + i);
                }

                return digest;
            }

            public byte[] Sha256(byte[] data, int offset, int count)
            {
                LastSha256Input = Hex.Format(data, offset, count);
                var digest = new byte[_sha256Length];
                for (int i = 0; i < digest.Length; i++)
                {
                    digest[i] = (byte)(0xA5 ^ i);
                }

                return digest;
            }

            public byte[] Sha1(byte[] data, int offset, int count)
            {
                Assert.AreEqual(65, count);
                Assert.AreEqual((byte)0x04, data[offset]);
                var key = new byte[64];
                Array.Copy(data, offset + 1, key, 0, 64);
                return FakeSha1(key);
            }
        }
    }
}
