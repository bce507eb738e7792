using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using DeviceAgent.Est.Http;
using DeviceAgent.Pki;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;
using Xunit.Abstractions;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// Mutual TLS to the Lab EST server where the client's key is the simulated ATECC608's: the server accepts the
/// chip-signed CertificateVerify and re-enrolls the device on its certificate alone (no HTTP credentials), over
/// TLS 1.2 and 1.3; a signature from any other key is refused.
/// </summary>
public sealed class ChipMutualTlsTests : IClassFixture<EstLab>
{
    private readonly EstLab _lab;
    private readonly ITestOutputHelper _output;

    public ChipMutualTlsTests(EstLab lab, ITestOutputHelper output)
    {
        _lab = lab;
        _output = output;
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13)]
    public void Reenroll_WithTheChipSigningTheHandshake_IsAuthenticatedByTheCertificate(DeviceTlsVersions version)
    {
        TlsEndpoint endpoint = _lab.Endpoint();
        byte[] csr = _lab.Chip.CsrBase64(EstLab.DeviceId);
        var connector = new DeviceTlsConnector { Versions = version };
        int signsBefore = _lab.Chip.SignCount;

        using DeviceTlsConnection tls = connector.Connect(endpoint, new TlsClientCredential([_lab.CertificateDer], _lab.Chip.Signer));
        int signsByHandshake = _lab.Chip.SignCount - signsBefore;
        EstExchange.Response response = EstExchange.Post(tls, endpoint, EstPath.SimpleReenroll, csr);

        Assert.Equal(version, tls.NegotiatedVersion);
        Assert.True(tls.ClientCertificateRequested);
        Assert.True(tls.ClientCertificateSent);
        Assert.Equal(1, signsByHandshake);
        Assert.Equal(200, response.StatusCode);
        Assert.True(MediaType.Matches(response.ContentType, MediaType.Pkcs7Mime));
        using X509Certificate2 renewed = X509CertificateLoader.LoadCertificate(response.Certificate());
        IssuedCertificate logged = Assert.Single(_lab.Server.Issued.List(), i => i.SerialNumber == renewed.SerialNumber);
        Assert.Equal(EstOperation.SimpleReenroll, logged.Operation);
        Assert.Equal("certificate", logged.Authentication);
        Assert.Equal(_lab.Chip.PublicKey, PublicKeyOf(renewed));
    }

    [Fact]
    public void DefaultVersions_NegotiateTls13_WithTheServerReachedByName()
    {
        TlsEndpoint endpoint = _lab.Endpoint("localhost");

        using DeviceTlsConnection tls = new DeviceTlsConnector().Connect(endpoint, new TlsClientCredential([_lab.CertificateDer], _lab.Chip.Signer));
        EstExchange.Response response = EstExchange.Post(tls, endpoint, EstPath.SimpleReenroll, _lab.Chip.CsrBase64(EstLab.DeviceId));

        Assert.Equal(DeviceTlsVersions.Tls13, tls.NegotiatedVersion);
        Assert.Equal(0x13, tls.CipherSuite >> 8);   // a TLS 1.3 suite (RFC 8446 §B.4)
        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13)]
    public void WithoutAClientCredential_TheSameReenrollIsRefused401(DeviceTlsVersions version)
    {
        TlsEndpoint endpoint = _lab.Endpoint();
        int signsBefore = _lab.Chip.SignCount;
        byte[] csr = _lab.Chip.CsrBase64(EstLab.DeviceId);

        using DeviceTlsConnection tls = new DeviceTlsConnector { Versions = version }.Connect(endpoint, null);
        EstExchange.Response response = EstExchange.Post(tls, endpoint, EstPath.SimpleReenroll, csr);

        Assert.True(tls.ClientCertificateRequested);
        Assert.False(tls.ClientCertificateSent);
        Assert.Equal(1, _lab.Chip.SignCount - signsBefore);   // the CSR only
        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public void AnotherChip_PresentingThisCertificate_IsRefusedBeforeConnecting_BecauseItsKeyIsNotTheCertificates()
    {
        using var other = new SimulatedChip(seed: 8);
        int signsBefore = other.SignCount;

        var e = Assert.Throws<IOException>(() =>
            new DeviceTlsConnector().Connect(_lab.Endpoint(), new TlsClientCredential([_lab.CertificateDer], other.Signer)));

        _output.WriteLine(e.Message);
        Assert.Contains("is not the signer's key", e.Message, StringComparison.Ordinal);
        Assert.Equal(signsBefore, other.SignCount);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13)]
    public void ASignatureByAnotherChip_UnderThisCertificate_IsRejectedByTheServer(DeviceTlsVersions version)
    {
        // The signer claims the enrolled chip's public key (so the connector's own check passes) but another chip
        // signs: only the server's verification of the CertificateVerify against the certificate can catch it.
        using var other = new SimulatedChip(seed: 9);
        var impostor = new ClaimedKeySigner(claimed: _lab.Chip.Signer, actual: other.Signer);
        TlsEndpoint endpoint = _lab.Endpoint();
        byte[] csr = _lab.Chip.CsrBase64(EstLab.DeviceId);
        int issuedBefore = _lab.Server.Issued.ForDevice(EstLab.DeviceId).Count;
        int ownSignsBefore = _lab.Chip.SignCount;
        int otherSignsBefore = other.SignCount;
        var connector = new DeviceTlsConnector { Versions = version };

        Exception? failure = Record.Exception(() =>
        {
            using DeviceTlsConnection tls = connector.Connect(endpoint, new TlsClientCredential([_lab.CertificateDer], impostor));
            EstExchange.Post(tls, endpoint, EstPath.SimpleReenroll, csr);
        });

        IOException e = Assert.IsAssignableFrom<IOException>(failure);
        _output.WriteLine(e.Message);
        Assert.Contains("decrypt_error", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, other.SignCount - otherSignsBefore);
        Assert.Equal(ownSignsBefore, _lab.Chip.SignCount);
        Assert.Equal(issuedBefore, _lab.Server.Issued.ForDevice(EstLab.DeviceId).Count);
    }

    [Theory]
    [InlineData(DeviceTlsVersions.Tls12)]
    [InlineData(DeviceTlsVersions.Tls13)]
    public void EstServer_UnderAnAnchorItDoesNotChainTo_IsRefused_BeforeTheChipSignsAnything(DeviceTlsVersions version)
    {
        // the issuing CA signs devices, not the server: as the only anchor it cannot vouch for the server's certificate
        var endpoint = new TlsEndpoint("127.0.0.1", _lab.Server.Port, [_lab.Server.IssuingCertificate.RawData]);
        int signsBefore = _lab.Chip.SignCount;

        IOException e = Assert.Throws<IOException>(() =>
            new DeviceTlsConnector { Versions = version }.Connect(endpoint, new TlsClientCredential([_lab.CertificateDer], _lab.Chip.Signer)));

        _output.WriteLine(e.Message);
        Assert.Contains("is not trusted", e.Message, StringComparison.Ordinal);
        Assert.Equal(signsBefore, _lab.Chip.SignCount);
    }

    [Fact]
    public void ChipFailure_DuringTheHandshake_IsAnIOException_CarryingTheChipsError()
    {
        // the chip stops answering on the bus once the handshake asks it to sign (the driver's retries run out)
        _lab.Chip.Simulator.Faults.NackNextTransactions(10_000);
        try
        {
            IOException e = Assert.Throws<IOException>(() =>
                new DeviceTlsConnector().Connect(_lab.Endpoint(), new TlsClientCredential([_lab.CertificateDer], _lab.Chip.Signer)));

            _output.WriteLine(e.Message);
            Assert.StartsWith("TLS handshake with 127.0.0.1:", e.Message, StringComparison.Ordinal);
            Assert.Contains("internal_error", e.Message, StringComparison.Ordinal);
            Assert.IsType<Atecc608Driver.Atecc608Exception>(e.InnerException?.InnerException);
        }
        finally
        {
            _lab.Chip.Simulator.Faults.Clear();
        }
    }

    private static byte[] PublicKeyOf(X509Certificate2 certificate)
    {
        using ECDsa key = certificate.GetECDsaPublicKey()!;
        ECParameters parameters = key.ExportParameters(false);
        return [.. parameters.Q.X!, .. parameters.Q.Y!];
    }

    /// <summary>Reports one key and signs with another: what a mismatched chip looks like to the server.</summary>
    private sealed class ClaimedKeySigner(IDigestSigner claimed, IDigestSigner actual) : IDigestSigner
    {
        public byte[] PublicKey => claimed.PublicKey;

        public byte[] SignDigest(byte[] digest) => actual.SignDigest(digest);
    }
}
