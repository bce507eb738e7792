using System.Net;
using System.Net.Sockets;
using System.Text;
using DeviceAgent.Est.Http;

namespace Lab.Tests.Est;

/// <summary>
/// The portable HTTP codec over a real socket: requests written by <see cref="HttpRequestWriter"/> are read by .NET's
/// <see cref="HttpListener"/> (a real HTTP/1.1 server, whose chunked writer produces the chunked bodies), and the
/// responses are read back in random-sized socket reads and fed to <see cref="HttpResponseReader"/>. A raw
/// <see cref="TcpListener"/> plays the servers .NET would not imitate (libest's 202 ending at close, folded headers,
/// HTTP/1.0), writing each response in small pieces so the reads really are short.
/// </summary>
public sealed class HttpCodecOnSocketTests : IDisposable
{
    private const string UserAgent = "lab-device/1.0";
    private readonly HttpListener _listener = new();
    private readonly int _port;
    private readonly Task _serverLoop;
    private readonly List<string> _serverErrors = [];

    public HttpCodecOnSocketTests()
    {
        _port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _serverLoop = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serverLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener's ObjectDisposed/HttpListener exception
        }
    }

    [Fact]
    public void SimpleEnroll_WithBasicAuth_ServerSeesTheRequest_ClientReadsContentLengthBody()
    {
        byte[] csr = RandomBytes(7030, 300);
        byte[] body = Encoding.ASCII.GetBytes(Wrap(Convert.ToBase64String(csr), 64, "\r\n"));
        var writer = new HttpRequestWriter("127.0.0.1", _port, UserAgent);
        writer.SetBasicCredentials("estuser", "estpwd");

        for (int seed = 0; seed < 10; seed++)
        {
            HttpResponseReader reader = Exchange(writer, HttpRequestWriter.Post, EstPath.Build("lab", EstPath.SimpleEnroll), MediaType.Pkcs10, body, EstBodyLimits.Enroll, seed);

            Assert.Equal(200, reader.StatusCode);
            Assert.Equal(HttpBodyFraming.ContentLength, reader.Framing);
            Assert.True(reader.ContentTypeIs(MediaType.Pkcs7Mime));
            Assert.Equal(csr, Decode(reader));
        }

        Assert.Empty(_serverErrors);
    }

    [Fact]
    public void CaCerts_LargeChunkedBodyFromDotNetsWriter_IsDechunkedAtAnyReadSize()
    {
        var writer = new HttpRequestWriter("127.0.0.1", _port, UserAgent);

        for (int seed = 0; seed < 10; seed++)
        {
            HttpResponseReader reader = Exchange(writer, HttpRequestWriter.Get, EstPath.Build(null, EstPath.CaCerts), null, null, EstBodyLimits.CaCerts, seed);

            Assert.Equal(200, reader.StatusCode);
            Assert.Equal(HttpBodyFraming.Chunked, reader.Framing);
            Assert.Equal("chunked", reader.GetHeader("Transfer-Encoding"), ignoreCase: true);
            Assert.Equal(CaCertsDer(), Decode(reader));
        }

        Assert.Empty(_serverErrors);
    }

    [Fact]
    public void CsrAttrs_204_AndPending_202WithRetryAfter()
    {
        var writer = new HttpRequestWriter("127.0.0.1", _port, UserAgent);

        HttpResponseReader none = Exchange(writer, HttpRequestWriter.Get, EstPath.Build(null, EstPath.CsrAttrs), null, null, EstBodyLimits.CsrAttrs, 1);
        Assert.Equal(204, none.StatusCode);
        Assert.Equal(HttpBodyFraming.NoBody, none.Framing);

        HttpResponseReader pending = Exchange(writer, HttpRequestWriter.Post, EstPath.Build("pending", EstPath.SimpleEnroll), MediaType.Pkcs10, "MIIB\r\n"u8.ToArray(), EstBodyLimits.Enroll, 2);
        Assert.Equal(202, pending.StatusCode);
        Assert.Equal(120, RetryAfter.Parse(pending.GetHeader("Retry-After"), DateTime.UtcNow).SecondsFrom(DateTime.UtcNow));
        Assert.Empty(_serverErrors);
    }

    [Fact]
    public void Unauthorized_CarriesWwwAuthenticate()
    {
        var writer = new HttpRequestWriter("127.0.0.1", _port, UserAgent);

        HttpResponseReader reader = Exchange(writer, HttpRequestWriter.Post, EstPath.Build(null, EstPath.SimpleEnroll), MediaType.Pkcs10, "MIIB\r\n"u8.ToArray(), EstBodyLimits.Enroll, 3);

        Assert.Equal(401, reader.StatusCode);
        Assert.StartsWith("Basic realm=\"estrealm\"", reader.GetHeader("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Empty(_serverErrors);
    }

    [Theory]
    [InlineData("HTTP/1.1 202 Accepted\r\nStatus: 202 Accepted\r\nRetry-After: 300\r\n\r\n", 202, "")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/pkcs7-mime\r\nX-Folded: a,\r\n  b\r\n\r\nTUlJQg==\n", 200, "TUlJQg==\n")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Type: application/csrattrs\r\nContent-Length: 4\r\n\r\nMAA=", 200, "MAA=")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\nMAA=\r\n0\r\nT: 1\r\n\r\n", 200, "MAA=")]
    public void CannedResponses_WrittenInPieces_ParseTheSame(string response, int status, string body)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            HttpResponseReader reader = CannedExchange(Encoding.ASCII.GetBytes(response), seed);

            Assert.True(reader.IsComplete);
            Assert.Equal(status, reader.StatusCode);
            Assert.Equal(body, Encoding.ASCII.GetString(reader.Body!, reader.BodyOffset, reader.BodyLength));
        }
    }

    [Fact]
    public void ConnectionClosedMidBody_IsTruncatedBody()
    {
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"u8.ToArray();

        HttpException e = Assert.Throws<HttpException>(() => CannedExchange(response, 4));

        Assert.Equal(HttpError.TruncatedBody, e.Error);
        Assert.True(e.IsMalformedResponse);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
            {
                lock (_serverErrors)
                {
                    _serverErrors.Add(e.Message);
                }
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        string path = request.Url!.AbsolutePath;
        Check(request.UserAgent == UserAgent, "User-Agent");
        Check(request.Headers["Host"] == $"127.0.0.1:{_port}", "Host");
        Check(!request.KeepAlive, "Connection: close");
        Check(request.ProtocolVersion == HttpVersion.Version11, "HTTP/1.1");
        Check(request.Headers["Accept"] == "*/*", "Accept");

        if (path == "/.well-known/est/lab/simpleenroll")
        {
            Check(request.HttpMethod == "POST", "method");
            Check(request.ContentType == MediaType.Pkcs10, "Content-Type");
            Check(request.Headers["Content-Transfer-Encoding"] == "base64", "Content-Transfer-Encoding");
            Check(request.Headers["Authorization"] == "Basic " + Convert.ToBase64String("estuser:estpwd"u8), "Authorization");
            using var reader = new StreamReader(request.InputStream, Encoding.ASCII);
            string text = await reader.ReadToEndAsync().ConfigureAwait(false);
            Check(request.ContentLength64 == text.Length, "Content-Length");
            byte[] csr = Convert.FromBase64String(text);

            // Echo the CSR as the "certificate": the client checks it gets back exactly what it sent.
            byte[] reply = Encoding.ASCII.GetBytes(Wrap(Convert.ToBase64String(csr), 64, "\n"));
            response.StatusCode = 200;
            response.ContentType = "application/pkcs7-mime; smime-type=certs-only";
            response.AddHeader("Content-Transfer-Encoding", "base64");
            response.ContentLength64 = reply.Length;
            await response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
        }
        else if (path == "/.well-known/est/cacerts")
        {
            Check(request.HttpMethod == "GET", "method");
            Check(request.Headers["Content-Length"] is null && request.ContentType is null, "GET without body headers");
            byte[] reply = Encoding.ASCII.GetBytes(Wrap(Convert.ToBase64String(CaCertsDer()), 76, "\r\n"));
            response.StatusCode = 200;
            response.ContentType = MediaType.Pkcs7Mime;
            response.SendChunked = true;
            var random = new Random(reply.Length);
            for (int i = 0; i < reply.Length;)
            {
                int n = Math.Min(reply.Length - i, random.Next(1, 3000));
                await response.OutputStream.WriteAsync(reply.AsMemory(i, n)).ConfigureAwait(false);
                await response.OutputStream.FlushAsync().ConfigureAwait(false);
                i += n;
            }
        }
        else if (path == "/.well-known/est/csrattrs")
        {
            response.StatusCode = 204;
        }
        else if (path == "/.well-known/est/pending/simpleenroll")
        {
            response.StatusCode = 202;
            response.AddHeader("Retry-After", "120");
            response.ContentLength64 = 0;
        }
        else
        {
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"estrealm\", charset=\"UTF-8\"");
            byte[] reply = "401 Unauthorized\n"u8.ToArray();
            response.ContentType = "text/plain; charset=utf-8";
            response.ContentLength64 = reply.Length;
            await response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
        }

        response.Close();
    }

    private void Check(bool condition, string what)
    {
        if (!condition)
        {
            lock (_serverErrors)
            {
                _serverErrors.Add("request check failed: " + what);
            }
        }
    }

    private HttpResponseReader Exchange(HttpRequestWriter writer, string method, string path, string? contentType, byte[]? body, int maxBody, int seed)
    {
        var request = new byte[2048];
        int length = writer.WriteRequest(method, path, contentType, body, 0, body?.Length ?? 0, request, 0, request.Length);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        client.Connect(IPAddress.Loopback, _port);
        client.ReceiveTimeout = 10_000;
        using NetworkStream stream = client.GetStream();
        stream.Write(request, 0, length);
        return ReadResponse(stream, maxBody, seed);
    }

    // A device-style receive loop: random read sizes, Feed until complete, End on a clean end of stream.
    internal static HttpResponseReader ReadResponse(Stream stream, int maxBody, int seed)
    {
        var random = new Random(seed);
        var reader = new HttpResponseReader();
        reader.Reset(new byte[maxBody]);
        var buffer = new byte[1500];
        while (!reader.IsComplete)
        {
            int read = stream.Read(buffer, 0, random.Next(1, buffer.Length + 1));
            if (read == 0)
            {
                reader.End();
                break;
            }

            int consumed = reader.Feed(buffer, 0, read);
            Assert.True(consumed == read || reader.IsComplete, "the reader stopped before the end of a response");
        }

        return reader;
    }

    private static HttpResponseReader CannedExchange(byte[] response, int seed)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        Task serve = Task.Run(() =>
        {
            using TcpClient peer = server.AcceptTcpClient();
            peer.NoDelay = true;
            using NetworkStream stream = peer.GetStream();
            var random = new Random(seed + 100);
            for (int i = 0; i < response.Length;)
            {
                int n = Math.Min(response.Length - i, random.Next(1, 12));
                stream.Write(response, i, n);
                stream.Flush();
                Thread.Sleep(1);
                i += n;
            }

            peer.Client.Shutdown(SocketShutdown.Send);
        });

        try
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, port);
            client.ReceiveTimeout = 10_000;
            using NetworkStream stream = client.GetStream();
            return ReadResponse(stream, 256, seed);
        }
        finally
        {
            serve.Wait(TimeSpan.FromSeconds(10));
            server.Stop();
        }
    }

    private static byte[] Decode(HttpResponseReader reader)
    {
        var der = new byte[reader.BodyLength];
        int length = Base64Body.Decode(reader.Body!, reader.BodyOffset, reader.BodyLength, der, 0, der.Length);
        return der.AsSpan(0, length).ToArray();
    }

    // about 12 KB of base64: many of .NET's chunks, inside the 16 KB /cacerts limit
    private static byte[] CaCertsDer() => RandomBytes(4096, 9_000);

    private static byte[] RandomBytes(int seed, int count)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Wrap(string text, int column, string lineEnd)
    {
        var wrapped = new StringBuilder();
        for (int i = 0; i < text.Length; i += column)
        {
            wrapped.Append(text, i, Math.Min(column, text.Length - i)).Append(lineEnd);
        }

        return wrapped.ToString();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
