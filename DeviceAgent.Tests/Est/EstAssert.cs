using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Assertions with an explicit message. The TestFramework's Assert methods take [CallerArgumentExpression], so every
    /// plain call stores the source text of its argument in the test assembly's string table, which the nanoFramework
    /// metadata processor caps at 64 KB for the whole NFUnitTest assembly; these wrappers store none.
    /// </summary>
    internal static class EstAssert
    {
        public static void Equal(int expected, int actual)
        {
            Assert.AreEqual(expected, actual, string.Empty);
        }

        public static void Equal(long expected, long actual)
        {
            Assert.AreEqual(expected, actual, string.Empty);
        }

        public static void Equal(string expected, string actual)
        {
            Assert.AreEqual(expected, actual, string.Empty);
        }

        public static void Equal(bool expected, bool actual)
        {
            Assert.AreEqual(expected, actual, string.Empty);
        }

        public static void True(bool condition)
        {
            Assert.IsTrue(condition, string.Empty);
        }

        public static void False(bool condition)
        {
            Assert.IsFalse(condition, string.Empty);
        }

        /// <summary>The error of a caught exception (0 when none was thrown) is <paramref name="expected"/>.</summary>
        public static void Error(HttpError expected, HttpException caught)
        {
            Assert.IsNotNull(caught, "no HttpException");
            Assert.AreEqual((int)expected, (int)caught.Error, caught.Message);
        }
    }
}
