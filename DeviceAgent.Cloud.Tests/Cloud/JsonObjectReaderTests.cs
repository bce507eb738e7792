using DeviceAgent.Cloud;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>
    /// The strict flat-object reader: every valid form of RFC 8259 it accepts, and each malformed or oversized input
    /// refused with its own error. Inputs are one byte per char ("\u00c3\u00a9" is the UTF-8 of é).
    /// </summary>
    [TestClass]
    public class JsonObjectReaderTests
    {
        private static readonly JsonObjectReader Reader = new JsonObjectReader();

        private static JsonError Read(string input)
        {
            byte[] bytes = Text.Bytes(input);
            return Reader.Read(bytes, 0, bytes.Length);
        }

        [TestMethod]
        public void EmptyObject_WithWhitespace()
        {
            Assert.AreEqual((int)JsonError.None, (int)Read(" \t\r\n{ }\n"));
            Assert.AreEqual(0, Reader.Count);
        }

        [TestMethod]
        public void AllValueKinds_AreRead()
        {
            Assert.AreEqual((int)JsonError.None, (int)Read("{ \"s\" : \"x\" , \"n\":-12.5e+3,\"z\":0,\"t\":true,\"f\":false,\"u\":null}"));

            Assert.AreEqual(6, Reader.Count, "count");
            Assert.AreEqual("x", Reader.ValueAt(Reader.IndexOf("s")));
            Assert.AreEqual("-12.5e+3", Reader.ValueAt(Reader.IndexOf("n")));
            Assert.AreEqual("0", Reader.ValueAt(Reader.IndexOf("z")));
            Assert.AreEqual((int)JsonKind.Number, (int)Reader.KindAt(1));
            Assert.AreEqual((int)JsonKind.True, (int)Reader.KindAt(3));
            Assert.AreEqual((int)JsonKind.False, (int)Reader.KindAt(4));
            Assert.AreEqual((int)JsonKind.Null, (int)Reader.KindAt(5));
            Assert.IsNull(Reader.ValueAt(5), "null");
            Assert.AreEqual(-1, Reader.IndexOf("q"));
        }

        [TestMethod]
        public void Escapes_AreDecoded_IncludingSurrogatePair()
        {
            Assert.AreEqual((int)JsonError.None, (int)Read("{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}"));

            Assert.AreEqual("\"\\/\b\f\n\r\t\u00e9\ud83d\ude00", Reader.ValueAt(0));
        }

        [TestMethod]
        public void Utf8_IsDecoded()
        {
            // é (2 bytes), € (3), U+10FFFF (4, the highest)
            Assert.AreEqual((int)JsonError.None, (int)Read("{\"s\":\"\u00c3\u00a9\u00e2\u0082\u00ac\u00f4\u008f\u00bf\u00bf\"}"));

            Assert.AreEqual("\u00e9\u20ac\udbff\udfff", Reader.ValueAt(0));
        }

        [TestMethod]
        public void Limits_AtTheBoundAreAccepted()
        {
            string s128 = new string('a', JsonObjectReader.MaxStringLength);
            string eight = "{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"" + s128 + "\":\"" + s128 + "\"}";

            Assert.AreEqual((int)JsonError.None, (int)Read(eight));
            Assert.AreEqual(8, Reader.Count);
        }

        [TestMethod]
        [DataRow("", 2)]
        [DataRow("   ", 2)]
        [DataRow("{\"a\":1", 2)]
        [DataRow("{\"a\":\"x", 2)]
        [DataRow("{\"a\":nul", 2)]
        [DataRow("{\"a\":\"\\u00", 2)]
        [DataRow("{\"a\" 1}", 3)]
        [DataRow("{\"a\":1,}", 3)]
        [DataRow("{'a':1}", 3)]
        [DataRow("{a:1}", 3)]
        [DataRow("{\"a\":+1}", 3)]
        [DataRow("{\"a\":.5}", 3)]
        [DataRow("{\"a\":1 2}", 3)]
        [DataRow("[]", 4)]
        [DataRow("\"a\"", 4)]
        [DataRow("\u00ef\u00bb\u00bf{}", 4)]
        [DataRow("{\"a\":{}}", 5)]
        [DataRow("{\"a\":[1]}", 5)]
        [DataRow("{\"a\":\"\\x\"}", 8)]
        [DataRow("{\"a\":\"\\u12G4\"}", 8)]
        [DataRow("{\"a\":\"\\ud800\"}", 8)]
        [DataRow("{\"a\":\"\\ud800\\u0041\"}", 8)]
        [DataRow("{\"a\":\"\\udc00\"}", 8)]
        [DataRow("{\"a\":\"\u00c0\u00af\"}", 9)]
        [DataRow("{\"a\":\"\u00e0\u0080\u00af\"}", 9)]
        [DataRow("{\"a\":\"\u00ed\u00a0\u0080\"}", 9)]
        [DataRow("{\"a\":\"\u00f4\u0090\u0080\u0080\"}", 9)]
        [DataRow("{\"a\":\"\u00c3\"}", 9)]
        [DataRow("{\"a\":\"\u00ff\"}", 9)]
        [DataRow("{\"a\":\"\u0080\"}", 9)]
        [DataRow("{\"a\":\"\u0001\"}", 10)]
        [DataRow("{\"a\":\"\n\"}", 10)]
        [DataRow("{\"a\":01}", 11)]
        [DataRow("{\"a\":-}", 11)]
        [DataRow("{\"a\":1.}", 11)]
        [DataRow("{\"a\":1e}", 11)]
        [DataRow("{\"a\":-x}", 11)]
        [DataRow("{\"a\":tru}", 12)]
        [DataRow("{\"a\":nulL}", 12)]
        [DataRow("{\"a\":1,\"a\":2}", 13)]
        [DataRow("{\"a\":1} x", 14)]
        [DataRow("{\"a\":1}{}", 14)]
        public void Malformed_IsRefusedWithItsError(string input, int error)
        {
            Assert.AreEqual(error, (int)Read(input), input);
            Assert.AreEqual(0, Reader.Count, "count");
        }

        [TestMethod]
        public void TooManyMembers_TooLongString_TooLarge()
        {
            Assert.AreEqual((int)JsonError.TooManyFields, (int)Read("{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,\"9\":9}"), "fields");
            Assert.AreEqual((int)JsonError.StringTooLong, (int)Read("{\"a\":\"" + new string('a', JsonObjectReader.MaxStringLength + 1) + "\"}"), "string");
            Assert.AreEqual((int)JsonError.StringTooLong, (int)Read("{\"" + new string('a', JsonObjectReader.MaxStringLength + 1) + "\":1}"), "name");
            Assert.AreEqual((int)JsonError.TooLarge, (int)Read("{\"a\":\"" + new string(' ', JsonObjectReader.MaxPayload) + "\"}"), "size");
        }

        [TestMethod]
        public void ErrorOffset_PointsAtTheFault()
        {
            Read("{\"a\":1,\"a\":2}");
            Assert.AreEqual(7, Reader.ErrorOffset, "dup");
            Read("{\"a\":1} x");
            Assert.AreEqual(8, Reader.ErrorOffset, "trailing");
        }

        [TestMethod]
        public void Read_AfterAFailure_StartsClean()
        {
            Read("{\"a\":1,\"b\":[");
            Assert.AreEqual((int)JsonError.None, (int)Read("{\"b\":\"2\"}"));
            Assert.AreEqual(1, Reader.Count, "count");
            Assert.AreEqual(-1, Reader.IndexOf("a"), "a gone");
        }
    }
}
