using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using Lab.EstServer;
using Lab.EstServer.Ca;
using Lab.EstServer.Est;
using Lab.EstServer.Faults;
using Lab.Tests.Pki;
using Microsoft.Extensions.Logging;

namespace Lab.Tests.EstClient;

/// <summary>
/// A device walked through the Lab server's CA rollovers (RFC 7030 §4.1.3): it trusts only the old root, the server
/// rolls its root over, the device takes the new root only because NewWithOld links it to the old one, validates a
/// certificate from the new issuing CA, confirms the new root and drops the old one; an unlinked root is refused; an
/// issuing-CA-only rollover needs no anchor change.
/// </summary>
public sealed class TrustAnchorRolloverLabTests : IAsyncLifetime
{
    private const string DeviceId = "dev1";
    private const string Secret = "bootstrap-secret-1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "est-rollover-lab-" + Guid.NewGuid().ToString("N"));
    private readonly SoftwareDigestSigner _signer = SoftwareDigestSigner.Create();
    private readonly MovableClock _clock = new() { Offset = TimeSpan.FromDays(-1) };
    private EstServerHost _server = null!;
    private TrustAnchorStore _store = null!;
    private DeviceAgent.Est.EstClient _client = null!;
    private byte[] _oldRoot = null!;

    public async Task InitializeAsync()
    {
        _server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = _directory,
            Port = 0,
            SecretHashIterations = 1_000,
            TimeProvider = _clock,
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        // The old CA was made yesterday; everything after runs on the real time (a successor root is strictly newer).
        _clock.Offset = TimeSpan.Zero;
        _server.Devices.Register(DeviceId, Secret);
        _oldRoot = _server.RootCertificate.RawData;
        _store = new TrustAnchorStore();
        _store.AddProvisioned(_oldRoot);
        _client = new DeviceAgent.Est.EstClient(new PeerChainTlsConnector(), "127.0.0.1", _server.Port, _store, new DotNetEcdsaVerifier());
        _client.SetBasicCredentials(DeviceId, Secret);
        Assert.Equal(EstOutcomeKind.Success, CaCerts().Kind);
        Assert.Equal(1, _store.Count);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _signer.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the directory is in /tmp
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RootRollover_NewRootTakenThroughNewWithOld_NewIssuingCaValidates_ConfirmDropsTheOldRoot(bool reissueServerCertificate)
    {
        byte[] csr = Csr(_signer);
        EstOutcome before = Enroll(csr);
        Assert.Equal(EstOutcomeKind.Success, before.Kind);
        Assert.Equal(_oldRoot, before.TrustAnchor);

        _server.RollOverRoot(reissueServerCertificate);
        byte[] newRoot = _server.RootCertificate.RawData;
        RootRollover rollover = _server.Ca.Rollover!;

        // The device still trusts only the old root: the TLS handshake works (old chain, or the new one via NewWithOld)
        // and the new root enters the store only because NewWithOld, signed by the old root, names it.
        EstOutcome cacerts = CaCerts();
        Assert.Equal(EstOutcomeKind.Success, cacerts.Kind);
        Assert.True(cacerts.TrustAnchorAdded);
        Assert.Equal(6, cacerts.CaCertificates.Count);
        Assert.Equal(2, _store.Count);
        Assert.Equal(_oldRoot, _store.GetAnchor(0).GetEncoded());
        Assert.False(_store.IsPending(0));
        Assert.Equal(newRoot, _store.GetAnchor(1).GetEncoded());
        Assert.True(_store.IsPending(1));
        Assert.Contains(_store.Intermediates.Cast<Certificate>(), c => c.GetEncoded().AsSpan().SequenceEqual(rollover.NewWithOld.RawData));
        Assert.Contains(_store.Intermediates.Cast<Certificate>(), c => c.GetEncoded().AsSpan().SequenceEqual(_server.IssuingCertificate.RawData));

        // A certificate from the new issuing CA validates, and the client names the new root as its anchor.
        EstOutcome enrolled = Enroll(csr);
        Assert.Equal(EstOutcomeKind.Success, enrolled.Kind);
        Assert.True(Certificate.Parse(enrolled.Certificate).Issuer.RawEquals(Certificate.Parse(_server.IssuingCertificate.RawData).Subject));
        Assert.Equal(newRoot, enrolled.TrustAnchor);

        // Only the pending anchor's confirmation changes anything, and it drops the old root.
        Assert.False(_store.ConfirmWorked(_oldRoot));
        Assert.Equal(2, _store.Count);
        Assert.True(_store.ConfirmWorked(enrolled.TrustAnchor));
        Assert.Equal(1, _store.Count);
        Assert.Equal(newRoot, _store.GetAnchor(0).GetEncoded());
        Assert.False(_store.IsPending(0));
        byte[] persisted = _store.ToBytes();
        Assert.Equal(persisted, TrustAnchorStore.FromBytes(persisted, 0, persisted.Length).ToBytes());

        // Trusting only the new root, the device still reaches the server while the rollover lasts (a TLS certificate
        // under the old root comes with OldWithNew) and renews under the new issuing CA.
        _client.ReenrollWithBasic = true;
        EstOutcome renewed = _client.SimpleReenroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);
        Assert.Equal(EstOutcomeKind.Success, renewed.Kind);
        Assert.Equal(newRoot, renewed.TrustAnchor);

        // The operator retires the old root: /cacerts holds only the new generation, nothing changes on the device.
        _server.RetireOldRoot();
        EstOutcome after = CaCerts();
        Assert.Equal(EstOutcomeKind.Success, after.Kind);
        Assert.False(after.TrustAnchorAdded);
        Assert.Equal(2, after.CaCertificates.Count);
        Assert.Equal(1, _store.Count);
        Assert.Equal(newRoot, _store.GetAnchor(0).GetEncoded());
        Assert.False(_store.IsPending(0));
    }

    [Fact]
    public void RootRollover_AfterTheNewRootIsConfirmed_ACaCertsBeforeRetiringDoesNotBringTheOldRootBack()
    {
        byte[] csr = Csr(_signer);
        _server.RollOverRoot();
        Assert.Equal(EstOutcomeKind.Success, CaCerts().Kind);
        EstOutcome enrolled = Enroll(csr);
        Assert.True(_store.ConfirmWorked(enrolled.TrustAnchor));
        byte[] confirmed = _store.ToBytes();

        // The server still publishes OldWithOld and OldWithNew (the old root's key signed by the new root).
        EstOutcome again = CaCerts();

        Assert.Equal(EstOutcomeKind.Success, again.Kind);
        Assert.False(again.TrustAnchorAdded);
        Assert.Equal(1, _store.Count);
        Assert.Equal(confirmed, _store.ToBytes());
    }

    [Fact]
    public void UnlinkedNewRoot_InCaCerts_RefusedAndTheStoreIsUnchanged()
    {
        byte[] before = _store.ToBytes();
        Certificate anchor = _store.GetAnchor(0);

        // A self-signed root named like the next generation, an issuing CA under it, and a "NewWithOld" that claims the
        // real root as issuer but is signed by the forger's key: none of it is linked to the anchor.
        using ECDsa forgedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 forgedRoot = CertificateAuthorityLike.Root(
            new X500DistinguishedName($"CN={_server.RootCertificate.GetNameInfo(X509NameType.SimpleName, false)} G2, O=EST Lab"), forgedKey);
        using X509Certificate2 forgedIssuing = CertificateAuthorityLike.Issued(
            new X500DistinguishedName("CN=Forged Issuing CA, O=EST Lab"), forgedRoot, forgedKey);
        using X509Certificate2 forgedLink = CertificateAuthorityLike.Link(forgedRoot, _server.RootCertificate, forgedKey);
        X509Certificate2[] genuine = [.. _server.Ca.CaCertificates];

        foreach (X509Certificate2[] bag in (X509Certificate2[][])[
            [.. genuine, forgedRoot],
            [.. genuine, forgedRoot, forgedIssuing],
            [.. genuine, forgedRoot, forgedLink]])
        {
            var client = new DeviceAgent.Est.EstClient(new CannedCaCertsConnector(Lab.EstServer.Est.Pkcs7CertsOnly.Encode(bag)), "127.0.0.1", _server.Port, _store, new DotNetEcdsaVerifier());

            EstOutcome outcome = client.CaCerts(DateTime.UtcNow, DateTime.UtcNow);

            Assert.Equal(EstOutcomeKind.CertificateUntrusted, outcome.Kind);
            Assert.False(outcome.TrustAnchorAdded);
            Assert.Equal(before, _store.ToBytes());
        }

        // The same through the real server: its /cacerts fault answers with an unknown CA's root and issuing CA.
        _server.Faults.Inject(new EstFault(EstFaultKind.CertificateFromUnknownCa) { Operation = EstOperation.CaCerts });
        Assert.Equal(EstOutcomeKind.CertificateUntrusted, CaCerts().Kind);
        Assert.Equal(before, _store.ToBytes());
        Assert.True(anchor.RawEquals(_store.GetAnchor(0)));
    }

    [Fact]
    public void IssuingCaRollover_NeedsNoAnchorChange()
    {
        byte[] csr = Csr(_signer);
        Assert.Equal(EstOutcomeKind.Success, Enroll(csr).Kind);
        X509Certificate2 oldIssuing = _server.IssuingCertificate;

        _server.RollOverIssuingCa();

        EstOutcome cacerts = CaCerts();
        Assert.Equal(EstOutcomeKind.Success, cacerts.Kind);
        Assert.False(cacerts.TrustAnchorAdded);
        Assert.Equal(3, cacerts.CaCertificates.Count);
        Assert.Equal(1, _store.Count);
        Assert.Equal(_oldRoot, _store.GetAnchor(0).GetEncoded());
        Assert.False(_store.IsPending(0));
        Assert.Contains(_store.Intermediates.Cast<Certificate>(), c => c.GetEncoded().AsSpan().SequenceEqual(oldIssuing.RawData));
        Assert.Contains(_store.Intermediates.Cast<Certificate>(), c => c.GetEncoded().AsSpan().SequenceEqual(_server.IssuingCertificate.RawData));

        EstOutcome enrolled = Enroll(csr);
        Assert.Equal(EstOutcomeKind.Success, enrolled.Kind);
        Assert.True(Certificate.Parse(enrolled.Certificate).Issuer.RawEquals(Certificate.Parse(_server.IssuingCertificate.RawData).Subject));
        Assert.Equal(_oldRoot, enrolled.TrustAnchor);
        Assert.False(_store.ConfirmWorked(enrolled.TrustAnchor));
        Assert.Equal(1, _store.Count);
    }

    private EstOutcome CaCerts() => _client.CaCerts(DateTime.UtcNow, DateTime.UtcNow);

    private EstOutcome Enroll(byte[] csr) => _client.SimpleEnroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);

    private static byte[] Csr(IDigestSigner signer)
    {
        var builder = new Pkcs10Builder(signer) { CommonName = DeviceId };
        builder.AddUri("urn:dev:" + DeviceId);
        var der = new byte[builder.GetMaxLength()];
        int length = builder.Build(der, 0, der.Length);
        return der[..length];
    }

    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }

    /// <summary>Forged CA certificates with the Lab server's profile.</summary>
    private static class CertificateAuthorityLike
    {
        public static X509Certificate2 Root(X500DistinguishedName name, ECDsa key)
        {
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(25));
        }

        public static X509Certificate2 Issued(X500DistinguishedName name, X509Certificate2 issuer, ECDsa issuerKey)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
            return request.Create(
                issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddHours(-1),
                DateTimeOffset.UtcNow.AddYears(1), Serial());
        }

        private static byte[] Serial()
        {
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
            return serial;
        }

        /// <summary>A link for <paramref name="subject"/> naming <paramref name="claimedIssuer"/> as issuer, signed by <paramref name="signingKey"/>.</summary>
        public static X509Certificate2 Link(X509Certificate2 subject, X509Certificate2 claimedIssuer, ECDsa signingKey)
        {
            var request = new CertificateRequest(subject.SubjectName, subject.PublicKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(subject.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(claimedIssuer, true, false));
            return request.Create(
                claimedIssuer.SubjectName, X509SignatureGenerator.CreateForECDsa(signingKey), DateTimeOffset.UtcNow.AddHours(-1),
                DateTimeOffset.UtcNow.AddYears(1), Serial());
        }
    }

    /// <summary>
    /// Like <see cref="SslStreamTlsConnector"/>, but path building also uses the certificates the server sends after its
    /// own (as mbedTLS on the board does): during a rollover that is the link to the other root.
    /// </summary>
    private sealed class PeerChainTlsConnector : ITlsConnector
    {
        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            if (client is not null)
            {
                throw new NotSupportedException("this test connector cannot sign with a chip-held key");
            }

            var tcp = new TcpClient();
            try
            {
                tcp.Connect(endpoint.Host, endpoint.Port);
                tcp.ReceiveTimeout = endpoint.ReadTimeoutMilliseconds;
                tcp.SendTimeout = endpoint.ReadTimeoutMilliseconds;
                var anchors = new X509Certificate2Collection();
                foreach (byte[] der in endpoint.TrustAnchors)
                {
                    anchors.Add(X509CertificateLoader.LoadCertificate(der));
                }

                var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
                ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
                {
                    TargetHost = endpoint.Host,
                    RemoteCertificateValidationCallback = (_, certificate, sent, errors) => Verify(certificate, sent, errors, anchors),
                });
                return new Stream(tcp, ssl);
            }
            catch (SocketException e)
            {
                tcp.Dispose();
                throw new IOException("connect: " + e.Message, e);
            }
            catch (Exception)
            {
                tcp.Dispose();
                throw;
            }
        }

        private static bool Verify(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors, X509Certificate2Collection anchors)
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            if (sent is not null)
            {
                chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
            }

            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            using var server = new X509Certificate2(certificate);
            return chain.Build(server);
        }

        private sealed class Stream(TcpClient tcp, SslStream ssl) : ITlsStream
        {
            public int Read(byte[] buffer, int offset, int count) => ssl.Read(buffer, offset, count);

            public void Write(byte[] buffer, int offset, int count) => ssl.Write(buffer, offset, count);

            public void Dispose()
            {
                ssl.Dispose();
                tcp.Dispose();
            }
        }
    }

    /// <summary>Answers any request with 200 and the given certs-only PKCS#7 (a forged /cacerts; no TLS involved).</summary>
    private sealed class CannedCaCertsConnector(byte[] pkcs7) : ITlsConnector
    {
        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            string body = Convert.ToBase64String(pkcs7, Base64FormattingOptions.InsertLineBreaks) + "\r\n";
            string head = "HTTP/1.1 200 OK\r\nContent-Type: application/pkcs7-mime\r\nContent-Transfer-Encoding: base64\r\n" +
                $"Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\nConnection: close\r\n\r\n";
            return new Stream(new MemoryStream(Encoding.ASCII.GetBytes(head + body)));
        }

        private sealed class Stream(MemoryStream response) : ITlsStream
        {
            public int Read(byte[] buffer, int offset, int count) => response.Read(buffer, offset, count);

            public void Write(byte[] buffer, int offset, int count)
            {
                // the request is not looked at
            }

            public void Dispose() => response.Dispose();
        }
    }
}
