using System.Security.Cryptography;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using Lab.EstServer;
using Lab.EstServer.Est;
using Lab.EstServer.Faults;
using Lab.Tests.Pki;
using Microsoft.Extensions.Logging;

namespace Lab.Tests.EstClient;

/// <summary>
/// The portable <see cref="DeviceAgent.Est.EstClient"/> against the Lab EST server over real loopback TLS: bootstrap
/// enroll, re-enroll with Basic, manual approval with the same CSR, refused credentials, and every fault the server can
/// inject, each a typed outcome that leaves the caller's current certificate untouched.
/// </summary>
public sealed class EstClientLabTests : IAsyncLifetime
{
    private const string DeviceId = "dev1";
    private const string Secret = "bootstrap-secret-1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "est-client-lab-" + Guid.NewGuid().ToString("N"));
    private readonly SoftwareDigestSigner _signer = SoftwareDigestSigner.Create();
    private EstServerHost _server = null!;
    private TrustAnchorStore _store = null!;
    private DeviceAgent.Est.EstClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = _directory,
            Port = 0,
            SecretHashIterations = 1_000,
            Policy = new EstPolicy { RetryAfter = TimeSpan.FromSeconds(30) },
            ConfigureLogging = logging => logging.ClearProviders(),
        });
        _server.Devices.Register(DeviceId, Secret);
        _store = new TrustAnchorStore();
        _store.AddProvisioned(_server.RootCertificate.RawData);
        _client = new DeviceAgent.Est.EstClient(new SslStreamTlsConnector(), "127.0.0.1", _server.Port, _store, new DotNetEcdsaVerifier());
        _client.SetBasicCredentials(DeviceId, Secret);
        EstOutcome cacerts = _client.CaCerts(DateTime.UtcNow, DateTime.UtcNow);
        Assert.Equal(EstOutcomeKind.Success, cacerts.Kind);
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

    [Fact]
    public void CaCerts_FromServer_KeepsIssuingCaAsIntermediate()
    {
        Assert.Equal(1, _store.Count);
        Assert.Single(_store.Intermediates.Cast<Certificate>(), c => c.Subject.RawEquals(Certificate.Parse(_server.IssuingCertificate.RawData).Subject));
    }

    [Fact]
    public void SimpleEnroll_WithBootstrapSecret_ReturnsValidatedCertificateAndServerDate()
    {
        byte[] csr = Csr(_signer);
        EstOutcome outcome = Enroll(csr);

        Assert.Equal(EstOutcomeKind.Success, outcome.Kind);
        Certificate issued = Certificate.Parse(outcome.Certificate);
        Assert.Equal(DeviceId, issued.Subject.CommonName);
        Assert.Equal(_server.RootCertificate.RawData, outcome.TrustAnchor);
        Assert.True(outcome.HasServerDate);
        Assert.InRange(outcome.ServerDate, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Single(_server.Issued.ForDevice(DeviceId));
    }

    [Fact]
    public void SimpleReenroll_WithBasicOption_RenewsTheCertificate()
    {
        byte[] csr = Csr(_signer);
        Assert.Equal(EstOutcomeKind.Success, Enroll(csr).Kind);
        _client.ReenrollWithBasic = true;

        EstOutcome renewed = _client.SimpleReenroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);

        Assert.Equal(EstOutcomeKind.Success, renewed.Kind);
        Assert.Equal(2, _server.Issued.ForDevice(DeviceId).Count);
    }

    [Fact]
    public void SimpleReenroll_WithClientCertificateOnThisConnector_ClientCertificateUnsupported()
    {
        byte[] csr = Csr(_signer);
        EstOutcome first = Enroll(csr);
        _client.ClientCredential = new TlsClientCredential([first.Certificate], _signer);

        EstOutcome outcome = _client.SimpleReenroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);

        Assert.Equal(EstOutcomeKind.ClientCertificateUnsupported, outcome.Kind);
    }

    [Fact]
    public void ManualApproval_202ThenSameCsrAfterApproval_Issued()
    {
        _server.Policy = _server.Policy with { Approval = EstApprovalMode.ManualEnroll };
        byte[] csr = Csr(_signer);

        EstOutcome pending = Enroll(csr);
        Assert.Equal(EstOutcomeKind.RetryLater, pending.Kind);
        Assert.Equal(30, pending.RetryAfterSeconds);
        Assert.Equal(EstOutcomeKind.RetryLater, Enroll(csr).Kind);

        Assert.Equal(1, _server.Approvals.ApproveDevice(DeviceId));
        EstOutcome issued = Enroll(csr);
        Assert.Equal(EstOutcomeKind.Success, issued.Kind);
    }

    [Fact]
    public void WrongSecret_AuthenticationFailed401()
    {
        _client.SetBasicCredentials(DeviceId, "wrong");
        EstOutcome outcome = Enroll(Csr(_signer));
        Assert.Equal(EstOutcomeKind.AuthenticationFailed, outcome.Kind);
        Assert.Equal(401, outcome.HttpStatus);
    }

    [Fact]
    public void RevokedDevice_AuthenticationFailed403()
    {
        _server.Devices.Revoke(DeviceId);
        EstOutcome outcome = Enroll(Csr(_signer));
        Assert.Equal(EstOutcomeKind.AuthenticationFailed, outcome.Kind);
        Assert.Equal(403, outcome.HttpStatus);
    }

    [Fact]
    public void CsrAttrs_FromServer_Success()
    {
        EstOutcome outcome = _client.CsrAttrs(DateTime.UtcNow);
        Assert.Equal(EstOutcomeKind.Success, outcome.Kind);
        Assert.Equal(0x30, outcome.CsrAttributes[0]);
    }

    [Theory]
    [InlineData(EstFaultKind.InternalServerError, EstOutcomeKind.ServerError)]
    [InlineData(EstFaultKind.ServiceUnavailable, EstOutcomeKind.ServerError)]
    [InlineData(EstFaultKind.DropConnection, EstOutcomeKind.TransportFailed)]
    [InlineData(EstFaultKind.WrongContentType, EstOutcomeKind.MalformedResponse)]
    [InlineData(EstFaultKind.GarbageBase64, EstOutcomeKind.MalformedResponse)]
    [InlineData(EstFaultKind.TruncatedBase64, EstOutcomeKind.MalformedResponse)]
    [InlineData(EstFaultKind.CertificateForDifferentKey, EstOutcomeKind.CertificateKeyMismatch)]
    [InlineData(EstFaultKind.CertificateFromUnknownCa, EstOutcomeKind.CertificateUntrusted)]
    [InlineData(EstFaultKind.OversizedBody, EstOutcomeKind.ResponseTooLarge)]
    public void Fault_GivesTypedOutcome_CurrentCertificateUntouched(EstFaultKind fault, EstOutcomeKind expected)
    {
        byte[] csr = Csr(_signer);
        EstOutcome first = Enroll(csr);
        Assert.Equal(EstOutcomeKind.Success, first.Kind);
        byte[] current = first.Certificate;
        byte[] saved = (byte[])current.Clone();
        _server.Faults.Inject(new EstFault(fault) { Operation = EstOperation.SimpleReenroll, RetryAfter = TimeSpan.FromSeconds(45) });
        _client.ReenrollWithBasic = true;

        EstOutcome outcome = _client.SimpleReenroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);

        Assert.Equal(expected, outcome.Kind);
        Assert.Null(outcome.Certificate);
        Assert.Equal(saved, current);
        if (fault == EstFaultKind.ServiceUnavailable)
        {
            Assert.Equal(503, outcome.HttpStatus);
            Assert.Equal(45, outcome.RetryAfterSeconds);
        }

        EstOutcome retry = _client.SimpleReenroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);
        Assert.Equal(EstOutcomeKind.Success, retry.Kind);
    }

    private EstOutcome Enroll(byte[] csr) => _client.SimpleEnroll(csr, 0, csr.Length, DateTime.UtcNow, DateTime.UtcNow);

    private static byte[] Csr(IDigestSigner signer)
    {
        var builder = new Pkcs10Builder(signer) { CommonName = DeviceId };
        builder.AddUri("urn:dev:" + DeviceId);
        var der = new byte[builder.GetMaxLength()];
        int length = builder.Build(der, 0, der.Length);
        return der[..length];
    }
}
