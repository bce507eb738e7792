using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceAgent.Est;
using Lab.EstServer.Est;

namespace Lab.Tests.Lifecycle;

/// <summary>
/// An RFC 7030 responder behind the device's TLS port, in memory: the crash-safety sweep replays a whole lifecycle
/// once per cut point, so it needs answers in microseconds and a server whose state survives the device's power
/// cuts. It speaks real HTTP/1.1 and real PKCS#7 certs-only with .NET-issued P-256 certificates; the TLS client
/// authentication is modelled by asking the client credential's signer (the chip) to sign a fresh digest and
/// verifying it with the certificate's key, as CertificateVerify would. The Lab EST server over real TLS is exercised
/// by the integration tests; this is only a fast stand-in.
/// </summary>
internal sealed class InMemoryEst : ITlsConnector, IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _issuingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly HashSet<string> _issued = [];
    private readonly Func<DateTime> _now;
    private long _serial = 1;

    public InMemoryEst(Func<DateTime> now, TimeSpan lifetime)
    {
        _now = now;
        Lifetime = lifetime;
        DateTime start = now().AddYears(-1);
        var rootRequest = new CertificateRequest("CN=In-memory EST root", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = rootRequest.CreateSelfSigned(start, start.AddYears(30));
        var issuingRequest = new CertificateRequest("CN=In-memory EST issuing CA", _issuingKey, HashAlgorithmName.SHA256);
        issuingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        issuingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 issuing = issuingRequest.Create(Root, start, start.AddYears(20), [0x01]);
        Issuing = issuing.CopyWithPrivateKey(_issuingKey);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>Answer enrollments with 202 + Retry-After until cleared.</summary>
    public bool Pending { get; set; }

    /// <summary>Seconds in the 202's Retry-After.</summary>
    public int RetryAfterSeconds { get; set; } = 3600;

    /// <summary>Called once per exchange (the test's virtual clock advances the uptime by the network time).</summary>
    public Action? OnExchange { get; set; }

    public int Enrollments { get; private set; }

    public int Exchanges { get; private set; }

    public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
    {
        Exchanges++;
        OnExchange?.Invoke();
        string? authenticated = client is null ? null : Authenticate(client);
        return new Exchange(this, authenticated, client is not null);
    }

    public void Dispose()
    {
        Root.Dispose();
        Issuing.Dispose();
        _rootKey.Dispose();
        _issuingKey.Dispose();
    }

    // CertificateVerify, modelled: the credential's signer signs a fresh digest that the certificate's key must verify.
    private string? Authenticate(TlsClientCredential client)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(client.Chain[0]);
        byte[] digest = RandomNumberGenerator.GetBytes(32);
        byte[] signature = client.Signer.SignDigest(digest);
        using ECDsa? key = certificate.GetECDsaPublicKey();
        if (key is null || !key.VerifyHash(digest, signature) || !_issued.Contains(certificate.Thumbprint))
        {
            throw new IOException("handshake failed: client certificate refused");
        }

        return certificate.GetNameInfo(X509NameType.SimpleName, false);
    }

    private byte[] Respond(string head, byte[] body, string? clientName)
    {
        string path = head.Split(' ')[1];
        if (path.EndsWith("/cacerts", StringComparison.Ordinal))
        {
            return Pkcs7Answer([Issuing, Root]);
        }

        bool reenroll = path.EndsWith("/simplereenroll", StringComparison.Ordinal);
        if (reenroll ? clientName is null : !head.Contains("Authorization: Basic ", StringComparison.Ordinal))
        {
            return Text(401, "Unauthorized", "credentials required");
        }

        if (Pending)
        {
            return Answer("202 Accepted", "text/plain", "Retry-After: " + RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) + "\r\n", "waiting for approval"u8.ToArray());
        }

        byte[] der = Convert.FromBase64String(Encoding.ASCII.GetString(body));
        CertificateRequest csr = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var request = new CertificateRequest(csr.SubjectName, csr.PublicKey, HashAlgorithmName.SHA256);
        foreach (X509Extension extension in csr.CertificateExtensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                request.CertificateExtensions.Add(extension);
            }
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        DateTime now = _now();
        DateTime notBefore = new(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) - TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        byte[] serial = BitConverter.GetBytes(_serial++);
        Array.Reverse(serial);
        using X509Certificate2 issued = request.Create(Issuing, notBefore, notBefore + Lifetime, serial);
        _issued.Add(issued.Thumbprint);
        Enrollments++;
        return Pkcs7Answer([issued, Issuing]);
    }

    private byte[] Pkcs7Answer(IEnumerable<X509Certificate2> certificates) =>
        Answer("200 OK", "application/pkcs7-mime; smime-type=certs-only", "Content-Transfer-Encoding: base64\r\n", Encoding.ASCII.GetBytes(Convert.ToBase64String(Pkcs7CertsOnly.Encode(certificates))));

    private byte[] Text(int status, string reason, string text) =>
        Answer(status.ToString(CultureInfo.InvariantCulture) + " " + reason, "text/plain", string.Empty, Encoding.ASCII.GetBytes(text));

    private byte[] Answer(string status, string contentType, string extraHeaders, byte[] body)
    {
        string head = "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\n" + extraHeaders
            + "Date: " + _now().ToString("R", CultureInfo.InvariantCulture) + "\r\nContent-Length: "
            + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\nConnection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private sealed class Exchange(InMemoryEst server, string? clientName, bool presented) : ITlsStream
    {
        private readonly MemoryStream _request = new();
        private byte[]? _response;
        private int _read;

        public void Write(byte[] buffer, int offset, int count) => _request.Write(buffer, offset, count);

        public int Read(byte[] buffer, int offset, int count)
        {
            if (_response is null)
            {
                byte[] all = _request.ToArray();
                int end = all.AsSpan().IndexOf("\r\n\r\n"u8);
                string head = Encoding.ASCII.GetString(all, 0, end);
                byte[] body = all.AsSpan(end + 4).ToArray();
                _response = server.Respond(head, body, presented ? clientName : null);
            }

            int n = Math.Min(count, _response.Length - _read);
            Array.Copy(_response, _read, buffer, offset, n);
            _read += n;
            return n;
        }

        public void Dispose() => _request.Dispose();
    }
}
