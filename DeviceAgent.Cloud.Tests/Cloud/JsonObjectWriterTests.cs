using DeviceAgent.Cloud;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>The bounded JSON writer: RFC 8259 §7 escaping, UTF-8, numbers, and the sticky overflow.</summary>
    [TestClass]
    public class JsonObjectWriterTests
    {
        private static string Write(JsonObjectWriter w)
        {
            int n = w.End();
            Assert.IsTrue(n >= 0, "fits");
            return Text.Of(w.Buffer, n);
        }

        [TestMethod]
        public void String_EscapesQuoteBackslashAndControls_KeepsSlash()
        {
            var w = new JsonObjectWriter(64);
            w.Begin();
            w.String("k", "a\"b\\c/\n\r\t\b\f\u0001\u001f");

            Assert.AreEqual("{\"k\":\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0001\\u001f\"}", Write(w));
        }

        [TestMethod]
        public void String_NonAscii_IsUtf8()
        {
            var w = new JsonObjectWriter(64);
            w.Begin();
            w.String("k", "\u00e9\u20ac\u0800\uffffx");

            // é C3 A9, € E2 82 AC, U+0800 E0 A0 80, U+FFFF EF BF BF (nanoCLR strings cannot carry U+10000 and up intact)
            Assert.AreEqual("{\"k\":\"\u00c3\u00a9\u00e2\u0082\u00ac\u00e0\u00a0\u0080\u00ef\u00bf\u00bfx\"}", Write(w));
        }

        [TestMethod]
        public void Members_NumbersBoolsNulls_CommaSeparated()
        {
            var w = new JsonObjectWriter(128);
            w.Begin();
            w.Number("a", 0);
            w.Number("b", -1);
            w.Number("c", long.MinValue);
            w.Number("d", long.MaxValue);
            w.Bool("e", true);
            w.Bool("f", false);
            w.Null("g");
            w.String("h", null);

            Assert.AreEqual("{\"a\":0,\"b\":-1,\"c\":-9223372036854775808,\"d\":9223372036854775807,\"e\":true,\"f\":false,\"g\":null,\"h\":null}", Write(w));
        }

        [TestMethod]
        public void Begin_StartsOver()
        {
            var w = new JsonObjectWriter(32);
            w.Begin();
            w.Number("a", 1);
            w.End();
            w.Begin();

            Assert.AreEqual("{}", Write(w));
        }

        [TestMethod]
        public void Overflow_IsSticky_EndReturnsMinusOne()
        {
            var w = new JsonObjectWriter(12);
            w.Begin();
            w.String("k", "0123456789");
            w.Null("x");

            Assert.AreEqual(-1, w.End(), "end");
            Assert.IsNull(w.ToArray(), "array");
        }

        [TestMethod]
        public void ExactFit_IsComplete()
        {
            var w = new JsonObjectWriter(10);
            w.Begin();
            w.String("k", "ab");

            Assert.AreEqual(10, w.End(), "len");
            Assert.AreEqual("{\"k\":\"ab\"}", Text.Of(w.ToArray()));
        }

        [TestMethod]
        public void Overflow_InsideEscape_IsDetected()
        {
            var w = new JsonObjectWriter(10);
            w.Begin();
            w.String("k", "\u0001");

            Assert.AreEqual(-1, w.End());
        }
    }
}
