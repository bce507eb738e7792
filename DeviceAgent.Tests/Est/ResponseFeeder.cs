using System;
using DeviceAgent.Est.Http;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// Feeds a response to an <see cref="HttpResponseReader"/> whole, one byte at a time or in random pieces, and
    /// describes the outcome in one string (status, headers, framing, body, or the error and its offset) so the
    /// three ways can be compared for equality.
    /// </summary>
    internal static class ResponseFeeder
    {
        public const int BodyLimit = 256;

        /// <summary>
        /// One byte per character (the low 8 bits). Test vectors write a NUL byte as "\u0100": the metadata processor
        /// stores strings NUL-terminated, so a literal "\u0000" would cut the vector short.
        /// </summary>
        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        /// <summary><paramref name="unit"/> repeated until the result has at least <paramref name="length"/> characters.</summary>
        public static string Repeat(string unit, int length)
        {
            int count = (length + unit.Length - 1) / unit.Length;
            var chars = new char[count * unit.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = unit[i % unit.Length];
            }

            return new string(chars);
        }

        public static string Body(HttpResponseReader reader)
        {
            return Text(reader.Body, reader.BodyOffset, reader.BodyLength);
        }

        public static string Text(byte[] data, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)data[offset + i];
            }

            return new string(chars);
        }

        /// <summary>Parses the whole response in one Feed, then End when <paramref name="close"/>.</summary>
        public static HttpResponseReader ParseWhole(string response, bool close)
        {
            var reader = new HttpResponseReader();
            reader.Reset(new byte[BodyLimit]);
            byte[] data = Ascii(response);
            reader.Feed(data, 0, data.Length);
            if (close)
            {
                reader.End();
            }

            return reader;
        }

        /// <summary>
        /// Feeds <paramref name="data"/> in pieces: <paramref name="piece"/> &gt; 0 gives pieces of that size, 0 random
        /// sizes from <paramref name="random"/>. Ends with End when <paramref name="close"/>. Returns the outcome
        /// description; the reader is left for further checks.
        /// </summary>
        public static string Run(HttpResponseReader reader, byte[] data, int piece, Random random, bool close, int bodyLimit)
        {
            reader.Reset(new byte[bodyLimit], 0, bodyLimit);
            int consumed = 0;
            try
            {
                int i = 0;
                while (i < data.Length)
                {
                    int n = piece > 0 ? piece : 1 + random.Next(9);
                    if (n > data.Length - i)
                    {
                        n = data.Length - i;
                    }

                    consumed += reader.Feed(data, i, n);
                    i += n;
                }

                if (close)
                {
                    reader.End();
                }
            }
            catch (HttpException e)
            {
                return "error " + (int)e.Error + " at " + e.Offset + (reader.IsHeadComplete ? " after status " + reader.StatusCode : string.Empty);
            }

            return Describe(reader) + " consumed " + consumed;
        }

        public static string Describe(HttpResponseReader reader)
        {
            string text = "state " + (int)reader.State + " HTTP/1." + reader.MinorVersion + " " + reader.StatusCode + " [" + reader.ReasonPhrase + "]";
            for (int h = 0; h < reader.HeaderCount; h++)
            {
                text += " {" + reader.GetHeaderName(h) + "=" + reader.GetHeaderValue(h) + "}";
            }

            return text + " framing " + (int)reader.Framing + " length " + reader.ContentLength + " body [" + Text(reader.Body, reader.BodyOffset, reader.BodyLength) + "]";
        }

        /// <summary>Whole, byte by byte and in 20 random splittings: the same description each time; returns it.</summary>
        public static string SameEverySplit(string response, bool close, int bodyLimit)
        {
            byte[] data = Ascii(response);
            var reader = new HttpResponseReader();
            string whole = Run(reader, data, data.Length == 0 ? 1 : data.Length, null, close, bodyLimit);
            Assert.AreEqual(whole, Run(reader, data, 1, null, close, bodyLimit), "byte by byte");
            var random = new Random(7030);
            for (int round = 0; round < 20; round++)
            {
                Assert.AreEqual(whole, Run(reader, data, 0, random, close, bodyLimit), "random split, round " + round);
            }

            return whole;
        }

        /// <summary>Asserts the response completes (after End), the same way however it is split.</summary>
        public static void Completes(string response, int bodyLimit)
        {
            string outcome = SameEverySplit(response, true, bodyLimit);
            Assert.StartsWith("state 2 ", outcome, outcome);
        }

        /// <summary>Asserts the response fails with <paramref name="error"/>, the same way however it is split, and that the failure sticks.</summary>
        public static void Fails(string response, bool close, HttpError error, int bodyLimit)
        {
            string outcome = SameEverySplit(response, close, bodyLimit);
            Assert.StartsWith("error " + (int)error + " at ", outcome, outcome);

            // A failed reader keeps failing with the same error until Reset.
            var reader = new HttpResponseReader();
            byte[] data = Ascii(response);
            Run(reader, data, data.Length == 0 ? 1 : data.Length, null, close, bodyLimit);
            EstAssert.Equal((int)HttpReadState.Failed, (int)reader.State);
            try
            {
                reader.Feed(data, 0, data.Length == 0 ? 0 : 1);
                Assert.IsTrue(false, "a failed reader accepted more bytes");
            }
            catch (HttpException e)
            {
                Assert.AreEqual((int)error, (int)e.Error, e.Message);
            }
        }
    }
}
