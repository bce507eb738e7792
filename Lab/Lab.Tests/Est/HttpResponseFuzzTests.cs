using System.Globalization;
using System.Reflection;
using System.Text;
using DeviceAgent.Est.Http;
using Xunit.Abstractions;

namespace Lab.Tests.Est;

/// <summary>
/// Randomised mutations of valid responses (fixed seed, so a failure replays): every outcome is a parsed response or
/// an <see cref="HttpException"/> with a defined <see cref="HttpError"/>, never another exception or a stall; the
/// outcome does not depend on how the bytes are split; the reader's invariants hold; and it neither allocates while
/// parsing nor replaces the two arrays it allocated at construction, so its memory stays at
/// <see cref="HttpResponseReader.BufferBytes"/> plus the caller's body buffer.
/// </summary>
public sealed class HttpResponseFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 20_000;
    private const int BodyLimit = 512;

    private static readonly string[] Corpus =
    [
        "HTTP/1.1 200 OK\r\nStatus: 200 OK\r\nContent-Type: application/pkcs7-mime; smime-type=certs-only\r\nContent-Transfer-Encoding: base64\r\nContent-Length: 10\r\n\r\nMIIB\nAAA=\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/pkcs7-mime\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nMIIBx\r\n0A ; q=\"x; y\"\r\n0123456789\r\n0\r\nExpires: never\r\n\r\n",
        "HTTP/1.1 202 Accepted\r\nStatus: 202 Accepted\r\nRetry-After: 300\r\n\r\n",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.0 200 OK\r\ncontent-type: application/csrattrs\r\n\r\nMAA=",
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"estrealm\"\r\nContent-Length: 17\r\n\r\n401 Unauthorized\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\nRetry-After: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n",
    ];

    private static readonly byte[] Interesting = "\r\n:; \t0123456789abcdefABCDEF,-=\"\0\x7f\xff"u8.ToArray();

    [Fact]
    public void MutatedResponses_EndInAResponseOrAnHttpException_WhateverTheSplit()
    {
        var random = new Random(9112);
        var reader = new HttpResponseReader();
        FieldInfo headField = typeof(HttpResponseReader).GetField("_head", BindingFlags.Instance | BindingFlags.NonPublic)!;
        FieldInfo fieldsField = typeof(HttpResponseReader).GetField("_fields", BindingFlags.Instance | BindingFlags.NonPublic)!;
        object head = headField.GetValue(reader)!;
        object fields = fieldsField.GetValue(reader)!;
        int bufferBytes = reader.BufferBytes;
        var outcomes = new Dictionary<string, int>();
        long allocatedWhileParsing = 0;

        // warm up the JIT so its own allocations are not counted below
        Parse(reader, Encoding.ASCII.GetBytes(Corpus[0]), random, whole: true, close: true, out _);

        for (int n = 0; n < Cases; n++)
        {
            byte[] input = Mutate(Encoding.ASCII.GetBytes(Corpus[random.Next(Corpus.Length)]), random);
            bool close = random.Next(4) != 0;

            string whole = Parse(reader, input, random, whole: true, close, out long allocated);
            string split = Parse(reader, input, random, whole: false, close, out long allocatedSplit);

            Assert.True(whole == split, $"case {n}: whole gave {whole}, split gave {split}; input {Show(input)}");
            if (!whole.StartsWith("error", StringComparison.Ordinal))
            {
                allocatedWhileParsing += allocated + allocatedSplit;
            }

            string kind = whole.Split(' ')[0] + " " + whole.Split(' ')[1];
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            Assert.Same(head, headField.GetValue(reader));
            Assert.Same(fields, fieldsField.GetValue(reader));
            Assert.Equal(bufferBytes, reader.BufferBytes);
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.Equal(0, allocatedWhileParsing);

        // The mutations reach both sides: many responses still parse, and most error kinds occur.
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("ok", StringComparison.Ordinal)) >= 2, string.Join(", ", outcomes));
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("error", StringComparison.Ordinal)) >= 10, string.Join(", ", outcomes));
    }

    [Fact]
    public void RandomBytes_AfterAValidStatusLine_NeverThrowAnythingElse()
    {
        var random = new Random(7230);
        var reader = new HttpResponseReader(256, 8);
        for (int n = 0; n < Cases; n++)
        {
            var noise = new byte[random.Next(1, 400)];
            random.NextBytes(noise);
            for (int i = 0; i < noise.Length; i++)
            {
                if (random.Next(3) == 0)
                {
                    noise[i] = Interesting[random.Next(Interesting.Length)];
                }
            }

            byte[] input = [.. "HTTP/1.1 200 OK\r\n"u8, .. noise];
            Parse(reader, input, random, whole: false, close: true, out _);
        }
    }

    // Outcome as text: "ok <status> ..." with everything a caller can read, or "error <code> at <offset>".
    private static string Parse(HttpResponseReader reader, byte[] input, Random random, bool whole, bool close, out long allocated)
    {
        reader.Reset(new byte[BodyLimit]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        allocated = 0;
        try
        {
            for (int i = 0; i < input.Length;)
            {
                int n = whole ? input.Length : Math.Min(input.Length - i, random.Next(1, 20));
                int consumed = reader.Feed(input, i, n);
                Assert.True(consumed == n || reader.IsComplete, "a reader that is not complete must take every byte");
                Assert.True(consumed >= 0 && consumed <= n);
                i += n;
            }

            if (close)
            {
                reader.End();
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        catch (HttpException e)
        {
            Assert.True(Enum.IsDefined(e.Error), $"undefined error {e.Error}");
            Assert.True(e.IsMalformedResponse || e.IsLimitExceeded, $"{e.Error} is not a response error");
            Assert.Equal(HttpReadState.Failed, reader.State);
            Assert.InRange(e.Offset, 0, input.Length);
            return $"error {(int)e.Error} at {e.Offset}";
        }

        Assert.InRange(reader.BodyLength, 0, BodyLimit);
        Assert.InRange(reader.BytesConsumed, 0, input.Length);
        Assert.InRange(reader.HeaderCount, 0, reader.MaxHeaders);
        if (reader.IsComplete)
        {
            Assert.True(reader.IsHeadComplete);
            Assert.InRange(reader.StatusCode, 200, 599);
            Assert.NotEqual(HttpBodyFraming.Unknown, reader.Framing);
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"ok {reader.State} {reader.StatusCode} {reader.MinorVersion} [{reader.ReasonPhrase}] {reader.Framing} {reader.ContentLength} {reader.BytesConsumed}"));
        for (int h = 0; h < reader.HeaderCount; h++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {{{reader.GetHeaderName(h)}={reader.GetHeaderValue(h)}}}");
        }

        return text.Append(" body ").Append(Convert.ToHexString(reader.Body!, reader.BodyOffset, reader.BodyLength)).ToString();
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 6)));
                    break;
                case 4:
                    int from = random.Next(bytes.Count);
                    bytes.InsertRange(at, bytes.GetRange(from, random.Next(1, Math.Min(20, bytes.Count - from) + 1)));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes[at] = (byte)('0' + random.Next(10));
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Show(byte[] input) => Encoding.ASCII.GetString(input).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
