using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>The strict DER reader: lengths, tags, nesting, BER mode, and each primitive type's DER rules.</summary>
    [TestClass]
    public class DerReaderTests
    {
        [TestMethod]
        [DataRow("04 00", 0)]
        [DataRow("04 01", 1)]
        [DataRow("04 7F", 127)]
        [DataRow("04 81 80", 128)]
        [DataRow("04 81 FF", 255)]
        [DataRow("04 82 01 00", 256)]
        [DataRow("04 82 FF FF", 65535)]
        [DataRow("04 83 01 00 00", 65536)]
        public void ReadOctetString_MinimalLengths_GiveContentLength(string header, int length)
        {
            byte[] data = Tlv.Concat(Hex.Parse(header), new byte[length]);

            var reader = new DerReader(data, 0, data.Length);
            reader.ReadOctetString();

            Assert.AreEqual(length, reader.ContentLength);
            Assert.AreEqual(data.Length - length, reader.ContentOffset);
            Assert.AreEqual(data.Length, reader.ElementLength);
            reader.ExpectEnd();
        }

        [TestMethod]
        [DataRow("04 81 05 01 02 03 04 05", 1)]
        [DataRow("04 81 7F", 1)]
        [DataRow("04 82 00 80", 1)]
        [DataRow("04 82 00 05 01 02 03 04 05", 1)]
        [DataRow("04 85 01 00 00 00 00", 1)]
        [DataRow("04 FF 01", 1)]
        public void Read_NonMinimalOrOverlongLength_IsBadLength(string hex, int errorOffset)
        {
            PkiException e = Attempt.Failed(PkiError.BadLength, Attempt.Read(Hex.Parse(hex), Attempt.Element, false));
            Assert.AreEqual(errorOffset, e.Offset);
        }

        [TestMethod]
        [DataRow("30 80 00 00")]
        [DataRow("04 80 00 00")]
        [DataRow("30 03 30 80 00")]
        public void Read_IndefiniteLengthInDerMode_IsRejected(string hex)
        {
            Attempt.Failed(PkiError.IndefiniteLength, Attempt.Read(Hex.Parse(hex), Attempt.Walk, false));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("04")]
        [DataRow("04 05 01 02 03 04")]
        [DataRow("04 82 01")]
        [DataRow("04 81")]
        [DataRow("04 84 FF FF FF FF")]
        [DataRow("04 84 7F FF FF FF 00")]
        public void Read_Truncated_IsTruncated(string hex)
        {
            Attempt.Failed(PkiError.Truncated, Attempt.Read(Hex.Parse(hex), Attempt.Element, false));
        }

        [TestMethod]
        public void Read_ChildLongerThanParent_IsTruncatedAtChild()
        {
            // SEQUENCE of 3 bytes whose OCTET STRING claims 5: the parent's end bounds the child.
            byte[] data = Hex.Parse("30 03 04 05 01 02 03 04 05");
            var reader = new DerReader(data, 0, data.Length);
            reader.Enter(0x30);

            PkiException e = Attempt.Failed(PkiError.Truncated, Attempt.Read(reader, Attempt.OctetString));
            Assert.AreEqual(3, e.Offset);
        }

        [TestMethod]
        public void Read_WindowInsideLargerBuffer_StopsAtWindowEnd()
        {
            byte[] data = Hex.Parse("FF 04 03 01 02 03 FF");
            var reader = new DerReader(data, 1, 4);

            Attempt.Failed(PkiError.Truncated, Attempt.Read(reader, Attempt.OctetString));
            reader = new DerReader(data, 1, 5);
            reader.ReadOctetString();
            Assert.AreEqual(3, reader.ContentOffset);
        }

        [TestMethod]
        [DataRow("1F 01 00")]
        [DataRow("BF 1F 01 00")]
        [DataRow("7F 81 01 00")]
        [DataRow("00 00")]
        public void Read_HighTagNumberOrEndOfContents_IsUnexpectedTag(string hex)
        {
            PkiException e = Attempt.Failed(PkiError.UnexpectedTag, Attempt.Read(Hex.Parse(hex), Attempt.Element, false));
            Assert.AreEqual(0, e.Offset);
        }

        [TestMethod]
        public void Enter_WrongTag_IsUnexpectedTagAtTheElement()
        {
            PkiException e = Attempt.Failed(PkiError.UnexpectedTag, Attempt.Read(Hex.Parse("31 00"), Attempt.Sequence, false));
            Assert.AreEqual(0, e.Offset);
        }

        [TestMethod]
        public void Enter_NestingBeyondMaxDepth_IsTooDeep()
        {
            byte[] data = new byte[0];
            for (int i = 0; i < DerReader.DefaultMaxDepth + 1; i++)
            {
                data = Tlv.Make(0x30, data);
            }

            var reader = new DerReader(data, 0, data.Length);
            for (int i = 0; i < DerReader.DefaultMaxDepth; i++)
            {
                reader.Enter(0x30);
            }

            Assert.AreEqual(DerReader.DefaultMaxDepth, reader.Depth);
            Attempt.Failed(PkiError.TooDeep, Attempt.Read(reader, Attempt.Sequence));
        }

        [TestMethod]
        public void Exit_WithUnreadContent_IsTrailingData()
        {
            byte[] data = Hex.Parse("30 06 02 01 01 02 01 02");
            var reader = new DerReader(data, 0, data.Length);
            reader.Enter(0x30);
            reader.ReadInt32();

            PkiException e = Attempt.Failed(PkiError.TrailingData, Attempt.Read(reader, Attempt.Exit));
            Assert.AreEqual(5, e.Offset);
        }

        [TestMethod]
        public void ExpectEnd_WithBytesAfterTheElement_IsTrailingData()
        {
            byte[] data = Hex.Parse("05 00 00");
            var reader = new DerReader(data, 0, data.Length);
            reader.ReadNull();

            Attempt.Failed(PkiError.TrailingData, Attempt.Read(reader, Attempt.End));
        }

        [TestMethod]
        public void Ber_IndefiniteSequences_AreWalkedAndClosed()
        {
            // 30 80 { 02 01 05, 30 80 { 04 01 AA } 00 00 } 00 00, then NULL.
            byte[] data = Hex.Parse("30 80 02 01 05 30 80 04 01 AA 00 00 00 00 05 00");
            var reader = new DerReader(data, 0, data.Length, true, 8);

            reader.Enter(0x30);
            Assert.IsTrue(reader.IsIndefinite);
            Assert.AreEqual(14, reader.ElementLength);
            Assert.AreEqual(5, reader.ReadInt32());
            reader.Enter(0x30);
            reader.ReadOctetString();
            Assert.AreEqual(9, reader.ContentOffset);
            Assert.IsFalse(reader.HasMore);
            reader.Exit();
            Assert.IsFalse(reader.HasMore);
            reader.Exit();
            reader.ReadNull();
            reader.ExpectEnd();
        }

        [TestMethod]
        public void Ber_SkipIndefiniteElement_LandsAfterItsEndOfContents()
        {
            byte[] data = Hex.Parse("30 80 A0 80 02 01 01 00 00 00 00 02 01 07");
            var reader = new DerReader(data, 0, data.Length, true, 8);

            Assert.AreEqual(0x30, reader.ReadElement());
            Assert.AreEqual(11, reader.ElementLength);
            Assert.AreEqual(7, reader.ReadInt32());
        }

        // error: 1 = Truncated, 3 = BadLength
        [TestMethod]
        [DataRow("30 80 02 01 05", 1)]
        [DataRow("30 80 02 01 05 00", 1)]
        [DataRow("30 80 30 80 00 00", 1)]
        [DataRow("30 80 00 01", 3)]
        [DataRow("04 80 01 00 00", 3)]
        [DataRow("30 80 04 80 00 00 00 00", 3)]
        public void Ber_MalformedIndefinite_IsRejected(string hex, int error)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length, true, 8);

            Attempt.Failed((PkiError)error, Attempt.Read(reader, Attempt.Element));
        }

        [TestMethod]
        public void Ber_DeeplyNestedIndefinite_IsTooDeep()
        {
            var data = new byte[2 * 40 + 2 * 40];
            for (int i = 0; i < 40; i++)
            {
                data[2 * i] = 0x30;
                data[(2 * i) + 1] = 0x80;
            }

            var reader = new DerReader(data, 0, data.Length, true, 8);

            Attempt.Failed(PkiError.TooDeep, Attempt.Read(reader, Attempt.Element));
        }

        [TestMethod]
        [DataRow("02 01 00", 0)]
        [DataRow("02 01 7F", 127)]
        [DataRow("02 02 00 80", 128)]
        [DataRow("02 01 80", -128)]
        [DataRow("02 02 FF 7F", -129)]
        [DataRow("02 04 7F FF FF FF", 2147483647)]
        [DataRow("02 04 80 00 00 00", -2147483648)]
        public void ReadInt32_MinimalIntegers_Decoded(string hex, int value)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Assert.AreEqual(value, reader.ReadInt32());
        }

        [TestMethod]
        [DataRow("02 00")]
        [DataRow("02 02 00 7F")]
        [DataRow("02 02 00 00")]
        [DataRow("02 02 FF 80")]
        [DataRow("02 02 FF FF")]
        [DataRow("02 05 01 00 00 00 00")]
        public void ReadInt32_EmptyNonMinimalOrTooLarge_IsBadValue(string hex)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.Int32));
        }

        [TestMethod]
        public void ReadInteger_Large_GivesRawBytes()
        {
            byte[] data = Hex.Parse("02 09 00 8A 1B 2C 3D 4E 5F 60 71");
            var reader = new DerReader(data, 0, data.Length);
            reader.ReadInteger();

            Assert.AreEqual(2, reader.ContentOffset);
            Assert.AreEqual(9, reader.ContentLength);
        }

        [TestMethod]
        [DataRow("01 01 FF", true)]
        [DataRow("01 01 00", false)]
        public void ReadBoolean_DerValues(string hex, bool value)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Assert.AreEqual(value, reader.ReadBoolean());
        }

        [TestMethod]
        [DataRow("01 01 01")]
        [DataRow("01 01 7F")]
        [DataRow("01 00")]
        [DataRow("01 02 FF FF")]
        public void ReadBoolean_NotDer_IsBadValue(string hex)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.Boolean));
        }

        [TestMethod]
        [DataRow("03 01 00", 0, 0)]
        [DataRow("03 02 07 80", 7, 1)]
        [DataRow("03 02 01 06", 1, 1)]
        [DataRow("03 03 00 AB CD", 0, 2)]
        public void ReadBitString_Valid_GivesUnusedBitsAndBits(string hex, int unused, int length)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Assert.AreEqual(unused, reader.ReadBitString());
            Assert.AreEqual(3, reader.ContentOffset);
            Assert.AreEqual(length, reader.ContentLength);
        }

        [TestMethod]
        [DataRow("03 00")]
        [DataRow("03 01 01")]
        [DataRow("03 02 08 00")]
        [DataRow("03 02 07 81")]
        [DataRow("03 02 01 07")]
        public void ReadBitString_BadUnusedBits_IsBadValue(string hex)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.BitString));
        }

        [TestMethod]
        public void ReadObjectIdentifier_Known_ComparesEqual()
        {
            byte[] data = Hex.Parse("06 08 2A 86 48 CE 3D 04 03 02");
            var reader = new DerReader(data, 0, data.Length);
            reader.ReadObjectIdentifier();

            Assert.IsTrue(reader.ContentEquals(RecognizedOids.EcdsaWithSha256));
            Assert.IsFalse(reader.ContentEquals(RecognizedOids.EcdsaWithSha384));
            Assert.AreEqual("1.2.840.10045.4.3.2", RecognizedOids.ToDotted(data, 2, 8));
        }

        [TestMethod]
        [DataRow("06 00")]
        [DataRow("06 02 80 01")]
        [DataRow("06 02 55 84")]
        [DataRow("06 03 55 80 01")]
        public void ReadObjectIdentifier_Malformed_IsBadValue(string hex)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.Oid));
        }

        [TestMethod]
        [DataRow("05 00", true)]
        [DataRow("05 01 00", false)]
        public void ReadNull_OnlyEmpty(string hex, bool ok)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);
            if (ok)
            {
                reader.ReadNull();
            }
            else
            {
                Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.Null));
            }
        }

        [TestMethod]
        [DataRow("13 02 55 53", "US")]
        [DataRow("0C 02 C3 A9", "\u00E9")]
        [DataRow("0C 03 E2 82 AC", "\u20AC")]
        [DataRow("1E 04 00 41 00 42", "AB")]
        [DataRow("16 03 61 40 62", "a@b")]
        [DataRow("14 01 E9", "\u00E9")]
        [DataRow("1C 04 00 00 00 41", "A")]
        [DataRow("12 03 31 20 32", "1 2")]
        public void ReadText_StringTypes_Decoded(string hex, string text)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Assert.AreEqual(text, reader.ReadText());
        }

        [TestMethod]
        public void ReadText_Utf8FourByteSequence_GivesSurrogatePair()
        {
            byte[] data = Hex.Parse("0C 04 F0 9F 98 80");
            var reader = new DerReader(data, 0, data.Length);

            // U+1F600 is two UTF-16 chars; nanoFramework stores strings as UTF-8, so only the length and the
            // first char are compared here (the Lab tests compare the whole string with .NET's decoder).
            string text = reader.ReadText();
            Assert.AreEqual(2, text.Length);
            Assert.AreEqual(0xD83D, (int)text[0]);
        }

        [TestMethod]
        [DataRow("0C 02 C0 80")]
        [DataRow("0C 03 ED A0 80")]
        [DataRow("0C 01 80")]
        [DataRow("0C 02 E2 82")]
        [DataRow("0C 04 F4 90 80 80")]
        [DataRow("16 01 80")]
        [DataRow("13 01 0A")]
        [DataRow("12 01 41")]
        [DataRow("1E 01 41")]
        [DataRow("1C 04 00 00 D8 00")]
        public void ReadString_InvalidForItsType_IsBadValue(string hex)
        {
            byte[] data = Hex.Parse(hex);
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.String));
        }

        [TestMethod]
        public void ReadString_NotAStringTag_IsUnexpectedTag()
        {
            byte[] data = Hex.Parse("04 01 41");
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.UnexpectedTag, Attempt.Read(reader, Attempt.String));
        }

        [TestMethod]
        public void EnterEncapsulated_OctetString_ReadsTheInnerDer()
        {
            byte[] data = Hex.Parse("04 05 30 03 01 01 FF");
            var reader = new DerReader(data, 0, data.Length);

            reader.EnterEncapsulated(DerReader.TagOctetString);
            reader.Enter(0x30);
            Assert.IsTrue(reader.ReadBoolean());
            reader.Exit();
            reader.Exit();
            reader.ExpectEnd();
        }

        [TestMethod]
        public void EnterEncapsulated_BitStringWithUnusedBits_IsBadValue()
        {
            byte[] data = Hex.Parse("03 02 01 02");
            var reader = new DerReader(data, 0, data.Length);

            Attempt.Failed(PkiError.BadValue, Attempt.Read(reader, Attempt.EncapsulatedBits));
        }

        [TestMethod]
        public void PeekTag_AtEndOfLevel_IsMinusOne()
        {
            byte[] data = Hex.Parse("30 00 05 00");
            var reader = new DerReader(data, 0, data.Length);
            reader.Enter(0x30);

            Assert.AreEqual(-1, reader.PeekTag());
            reader.Exit();
            Assert.AreEqual(0x05, reader.PeekTag());
        }
    }
}
