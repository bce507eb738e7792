using DeviceAgent.Est;
using DeviceAgent.Est.Http;
using DeviceAgent.Pki;

namespace Lab.DeviceTls.Tests;

/// <summary>One EST POST over an <see cref="ITlsStream"/> with the portable HTTP/1.1 codec, as the device sends it.</summary>
internal static class EstExchange
{
    public sealed record Response(int StatusCode, byte[] Body, string? ContentType)
    {
        /// <summary>The single certificate of a certs-only PKCS#7 answer (DER).</summary>
        public byte[] Certificate()
        {
            var der = new byte[Body.Length];
            int length = Base64Body.Decode(Body, 0, Body.Length, der, 0, der.Length);
            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(der, 0, length);
            Assert.Equal(1, bundle.Count);
            return bundle.Buffer.AsSpan(bundle.GetCertificateOffset(0), bundle.GetCertificateLength(0)).ToArray();
        }
    }

    public static Response Post(ITlsStream tls, TlsEndpoint endpoint, string operation, byte[] body, string? user = null, string? password = null)
    {
        var writer = new HttpRequestWriter(endpoint.Host, endpoint.Port, "device-tls-tests/1.0");
        if (user is not null && password is not null)
        {
            writer.SetBasicCredentials(user, password);
        }

        string path = EstPath.Build(null, operation);
        var request = new byte[writer.GetHeadLength(HttpRequestWriter.Post, path, MediaType.Pkcs10, body.Length) + body.Length];
        int requestLength = writer.WriteRequest(HttpRequestWriter.Post, path, MediaType.Pkcs10, body, 0, body.Length, request, 0, request.Length);
        tls.Write(request, 0, requestLength);

        var reader = new HttpResponseReader();
        var responseBody = new byte[EstBodyLimits.Enroll];
        reader.Reset(responseBody, 0, responseBody.Length);
        var receive = new byte[4096];
        while (!reader.IsComplete)
        {
            int read = tls.Read(receive, 0, receive.Length);
            if (read == 0)
            {
                reader.End();
                break;
            }

            reader.Feed(receive, 0, read);
        }

        return new Response(reader.StatusCode, responseBody.AsSpan(reader.BodyOffset, reader.BodyLength).ToArray(), reader.GetHeader("Content-Type"));
    }
}
