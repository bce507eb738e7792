using System;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// Assertions for the PKI tests. They pass short explicit messages: without one, the test framework's
    /// CallerArgumentExpression stores the argument's source text as a string literal, and nanoFramework keeps all
    /// literals and member names of the test assembly in one 64 KB string table.
    /// </summary>
    internal static class PkiAssert
    {
        /// <summary>Fails unless <paramref name="action"/> throws a <see cref="PkiException"/> with <paramref name="expected"/>.</summary>
        public static PkiException Throws(PkiError expected, Action action)
        {
            try
            {
                action();
            }
            catch (PkiException e)
            {
                Assert.AreEqual((int)expected, (int)e.Error, "PkiError (" + e.Message + ")");
                return e;
            }

            Assert.IsTrue(false, "expected PkiException " + (int)expected + ", nothing was thrown");
            return null;
        }

        /// <summary>Fails unless <paramref name="data"/>[offset .. offset+count) is the hex text (spaces optional).</summary>
        public static void Bytes(string expectedHex, byte[] data, int offset, int count)
        {
            byte[] expected = Hex.Parse(expectedHex);
            Assert.AreEqual(Hex.Format(expected, 0, expected.Length), Hex.Format(data, offset, count), "bytes");
        }

        /// <summary>Fails unless the two ranges hold the same bytes.</summary>
        public static void Same(byte[] expected, int expectedOffset, byte[] data, int offset, int count)
        {
            Assert.AreEqual(Hex.Format(expected, expectedOffset, count), Hex.Format(data, offset, count), "bytes");
        }

        /// <summary>A new array of <paramref name="length"/> bytes all set to <paramref name="value"/>.</summary>
        public static byte[] Filled(int length, byte value)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = value;
            }

            return data;
        }

        /// <summary>Fails when any byte differs from <paramref name="value"/> (a refused write changed the buffer).</summary>
        public static void Untouched(byte[] data, byte value)
        {
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] != value)
                {
                    Assert.IsTrue(false, "byte " + i + " was changed");
                }
            }
        }
    }
}
