using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>DER writer: length forms, INTEGER minimality, primitive types, nesting, refusal without writing.</summary>
    [TestClass]
    public class DerWriterTests
    {
        [TestMethod]
        [DataRow(0, "0400")]
        [DataRow(1, "0401")]
        [DataRow(127, "047F")]
        [DataRow(128, "048180")]
        [DataRow(255, "0481FF")]
        [DataRow(256, "04820100")]
        [DataRow(65535, "0482FFFF")]
        [DataRow(65536, "0483010000")]
        public void OctetString_UsesShortestLengthForm(int length, string header)
        {
            var content = PkiAssert.Filled(length, 0x5A);
            int headerLength = DerWriter.HeaderLength(length);
            var buffer = new byte[headerLength + length];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteOctetString(content, 0, length);

            Assert.AreEqual(0, writer.Start, "start");
            Assert.AreEqual(buffer.Length, writer.Length, "length");
            PkiAssert.Bytes(header, buffer, 0, headerLength);
            PkiAssert.Same(content, 0, buffer, headerLength, length);
        }

        [TestMethod]
        [DataRow(127, "307F")]
        [DataRow(128, "308180")]
        [DataRow(255, "3081FF")]
        [DataRow(256, "30820100")]
        public void Wrap_WritesMinimalLength(int contentLength, string header)
        {
            var buffer = new byte[contentLength + 4];
            var writer = new DerWriter(buffer, 0, buffer.Length);
            int mark = writer.Length;
            writer.WriteEncoded(PkiAssert.Filled(contentLength, 0x01), 0, contentLength);

            writer.WrapConstructed(DerWriter.Sequence, mark);

            int headerLength = DerWriter.HeaderLength(contentLength);
            Assert.AreEqual(contentLength + headerLength, writer.Length, "length");
            PkiAssert.Bytes(header, buffer, writer.Start, headerLength);
        }

        [TestMethod]
        [DataRow("", "020100")]
        [DataRow("00", "020100")]
        [DataRow("000000", "020100")]
        [DataRow("01", "020101")]
        [DataRow("7F", "02017F")]
        [DataRow("80", "02020080")]
        [DataRow("0080", "02020080")]
        [DataRow("000080", "02020080")]
        [DataRow("007FFF", "02027FFF")]
        [DataRow("0100", "02020100")]
        [DataRow("FFFF", "020300FFFF")]
        public void Integer_Unsigned_IsMinimal(string value, string expected)
        {
            byte[] bytes = Hex.Parse(value);
            var buffer = new byte[16];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteInteger(bytes, 0, bytes.Length);

            PkiAssert.Bytes(expected, buffer, writer.Start, writer.Length);
            Assert.AreEqual(writer.Length, DerWriter.IntegerLength(bytes, 0, bytes.Length), "size");
        }

        [TestMethod]
        [DataRow(0, "020100")]
        [DataRow(127, "02017F")]
        [DataRow(128, "02020080")]
        [DataRow(256, "02020100")]
        [DataRow(65535, "020300FFFF")]
        [DataRow(8388608, "020400800000")]
        [DataRow(2147483647, "02047FFFFFFF")]
        public void Integer_Int_IsMinimal(int value, string expected)
        {
            var buffer = new byte[8];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteInteger(value);

            PkiAssert.Bytes(expected, buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        public void Primitives_EncodeAsX690()
        {
            var buffer = new byte[64];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteNull();
            writer.WriteBoolean(false);
            writer.WriteBoolean(true);
            writer.WriteBitString(new byte[] { 0x80 }, 0, 1, 7);
            writer.WriteObjectIdentifier(RecognizedOids.EcdsaWithSha256);

            PkiAssert.Bytes("06082A8648CE3D040302 03020780 0101FF 010100 0500", buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        public void RecognizedOids_MatchTheFactSheet()
        {
            // est.md §6.2, all thirteen back to back
            var buffer = new byte[160];
            var writer = new DerWriter(buffer, 0, buffer.Length);
            byte[][] oids =
            {
                RecognizedOids.EcPublicKey, RecognizedOids.Prime256v1, RecognizedOids.EcdsaWithSha256, RecognizedOids.ExtensionRequest,
                RecognizedOids.ChallengePassword, RecognizedOids.CommonName, RecognizedOids.SerialNumber, RecognizedOids.CountryName,
                RecognizedOids.OrganizationName, RecognizedOids.OrganizationalUnitName, RecognizedOids.KeyUsage, RecognizedOids.SubjectAltName,
                RecognizedOids.ExtendedKeyUsage, RecognizedOids.ClientAuth,
            };
            for (int i = oids.Length - 1; i >= 0; i--)
            {
                writer.WriteObjectIdentifier(oids[i]);
            }

            PkiAssert.Bytes(
                "06072A8648CE3D0201 06082A8648CE3D030107 06082A8648CE3D040302 06092A864886F70D01090E " +
                "06092A864886F70D010907 0603550403 0603550405 0603550406 060355040A 060355040B " +
                "0603551D0F 0603551D11 0603551D25 06082B06010505070302",
                buffer,
                writer.Start,
                writer.Length);
        }

        [TestMethod]
        [DataRow("2A86")]
        [DataRow("8001")]
        [DataRow("2A8001")]
        [DataRow("")]
        public void Oid_Malformed_IsRefused(string content)
        {
            var writer = new DerWriter(new byte[16], 0, 16);
            byte[] oid = Hex.Parse(content);

            PkiAssert.Throws(PkiError.BadValue, () => writer.WriteObjectIdentifier(oid));
            Assert.AreEqual(0, writer.Length, "length");
        }

        [TestMethod]
        [DataRow(0x81, 7)]
        [DataRow(0x80, 8)]
        [DataRow(-1, 1)]
        public void BitString_BreakingDer_IsRefused(int lastByte, int unusedBits)
        {
            var writer = new DerWriter(new byte[16], 0, 16);
            byte[] data = lastByte < 0 ? new byte[0] : new byte[] { (byte)lastByte };

            PkiAssert.Throws(PkiError.BadValue, () => writer.WriteBitString(data, 0, data.Length, unusedBits));
            writer.WriteBitString(new byte[0], 0, 0, 0);
            PkiAssert.Bytes("030100", writer.Buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        public void Strings_EncodeWithTheirTags()
        {
            var buffer = new byte[64];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteIA5String(0x82, "a.b");
            writer.WriteIA5String("x@y");
            writer.WritePrintableString("A z'()+,-./:=?");
            writer.WriteUtf8String("dev1");

            PkiAssert.Bytes(
                "0C0464657631 130E41207A2728292B2C2D2E2F3A3D3F 1603784079 8203612E62",
                buffer,
                writer.Start,
                writer.Length);
        }

        // Characters beyond U+FFFF are not in these vectors: nanoCLR 1.x returns a surrogate pair's high half twice
        // (and turns a lone surrogate into U+FFFD), so they are refused there; the Lab tests them on desktop .NET.
        [TestMethod]
        [DataRow("\u00E9", "0C02C3A9")]
        [DataRow("\u20AC", "0C03E282AC")]
        [DataRow("M\u00FCller", "0C074DC3BC6C6C6572")]
        public void Utf8String_NonAscii_IsUtf8(string value, string expected)
        {
            var buffer = new byte[16];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            writer.WriteUtf8String(value);

            PkiAssert.Bytes(expected, buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        [DataRow("ab@c", 2, 7)]
        [DataRow("a_b", 1, 7)]
        [DataRow("dev\u00E9", 3, 7)]
        public void PrintableString_OutsideCharset_IsRefused(string value, int index, int error)
        {
            var writer = new DerWriter(new byte[32], 0, 32);

            int offset = PkiAssert.Throws((PkiError)error, () => writer.WritePrintableString(value)).Offset;

            Assert.AreEqual(index, offset, "offset");
            Assert.AreEqual(0, writer.Length, "length");
        }

        [TestMethod]
        public void IA5String_NonAscii_IsUnsupported()
        {
            var writer = new DerWriter(new byte[32], 0, 32);

            int offset = PkiAssert.Throws(PkiError.Unsupported, () => writer.WriteIA5String("dev\u00E9")).Offset;

            Assert.AreEqual(3, offset, "offset");
        }

        [TestMethod]
        public void Nesting_WrittenBackwards_IsForwardDer()
        {
            // SEQUENCE { INTEGER 0, SET { SEQUENCE { OID CN, UTF8String "dev1" } }, [0] { }, NULL }
            var buffer = new byte[64];
            var writer = new DerWriter(buffer, 10, 40);
            int outer = writer.Length;
            writer.WriteNull();
            writer.WrapConstructed(DerWriter.ContextConstructed, writer.Length);
            int rdn = writer.Length;
            writer.WriteUtf8String("dev1");
            writer.WriteObjectIdentifier(RecognizedOids.CommonName);
            writer.WrapConstructed(DerWriter.Sequence, rdn);
            writer.WrapConstructed(DerWriter.Set, rdn);
            writer.WriteInteger(0);
            writer.WrapConstructed(DerWriter.Sequence, outer);

            int end = writer.Start + writer.Length;
            Assert.AreEqual(50, end, "end");
            PkiAssert.Bytes("3016 020100 310D300B0603550403 0C0464657631 A000 0500", buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        public void WrapBitString_AddsZeroUnusedBits()
        {
            var buffer = new byte[16];
            var writer = new DerWriter(buffer, 0, buffer.Length);
            int mark = writer.Length;
            writer.WriteNull();
            writer.WrapConstructed(DerWriter.Sequence, mark);

            writer.WrapBitString(mark);

            PkiAssert.Bytes("03050030020500", buffer, writer.Start, writer.Length);
        }

        [TestMethod]
        public void Measuring_GivesTheWrittenLength()
        {
            var measure = new DerWriter();
            var buffer = new byte[400];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            WriteSample(measure);
            WriteSample(writer);

            bool measuring = measure.IsMeasuring;
            int measured = measure.Length;
            Assert.IsTrue(measuring, "measuring");
            Assert.AreEqual(writer.Length, measured, "length");
            Assert.AreEqual(buffer.Length - measured, writer.Start, "start");
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(10)]
        [DataRow(11)]
        public void NoRoom_TooLarge_NothingWritten(int room)
        {
            // each of the writes needs 12 bytes; a region of up to 11 must stay untouched
            var buffer = PkiAssert.Filled(32, 0xEE);
            var writer = new DerWriter(buffer, 4, room);

            for (int write = 0; write < 8; write++)
            {
                PkiAssert.Throws(PkiError.TooLarge, () => WriteTwelve(writer, write));
            }

            Assert.AreEqual(0, writer.Length, "length");
            PkiAssert.Untouched(buffer, 0xEE);
        }

        [TestMethod]
        public void Header_NoRoom_KeepsTheContent()
        {
            var buffer = PkiAssert.Filled(10, 0xEE);
            var writer = new DerWriter(buffer, 1, 8);
            int mark = writer.Length;
            writer.WriteOctetString(PkiAssert.Filled(4, 0x11), 0, 4);

            PkiAssert.Throws(PkiError.TooLarge, () => writer.WriteHeader(DerWriter.Sequence, 200));
            PkiAssert.Throws(PkiError.TooLarge, () => writer.WrapBitString(mark));
            PkiAssert.Bytes("EEEEEE040411111111EE", buffer, 0, 10);
            writer.WrapConstructed(DerWriter.Sequence, mark);

            PkiAssert.Bytes("EE3006040411111111EE", buffer, 0, 10);
            Assert.AreEqual(0, writer.Remaining, "remaining");
        }

        [TestMethod]
        public void HighTagNumber_IsNotWritten()
        {
            var writer = new DerWriter(new byte[8], 0, 8);

            Assert.ThrowsException(typeof(System.ArgumentException), () => writer.WriteHeader(0x1F, 0), "0x1F");
        }

        // Eight different writes of 12 bytes each.
        private static void WriteTwelve(DerWriter w, int which)
        {
            switch (which)
            {
                case 0: w.WriteOctetString(PkiAssert.Filled(10, 0x11), 0, 10); break;
                case 1: w.WriteEncoded(PkiAssert.Filled(12, 0x22), 0, 12); break;
                case 2: w.WriteInteger(PkiAssert.Filled(10, 0x80), 0, 10); break;   // 13 with the 00 pad
                case 3: w.WriteBitString(PkiAssert.Filled(9, 0x33), 0, 9, 0); break;
                case 4: w.WriteIA5String("0123456789"); break;
                case 5: w.WritePrintableString("0123456789"); break;
                case 6: w.WriteUtf8String("01234\u00E9678"); break;
                default: w.WriteObjectIdentifier(Hex.Parse("2A864886F70D01090E01")); break;
            }
        }

        private static void WriteSample(DerWriter w)
        {
            int mark = w.Length;
            w.WriteOctetString(PkiAssert.Filled(200, 0x42), 0, 200);
            w.WriteUtf8String("M\u00FCller \u20AC");
            w.WriteInteger(PkiAssert.Filled(33, 0xF0), 0, 33);
            w.WriteBoolean(true);
            w.WrapConstructed(DerWriter.Sequence, mark);
            w.WrapBitString(mark);
        }
    }
}
