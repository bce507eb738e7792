using DeviceAgent.Est;
using DeviceAgent.Pki;
using Lab.EstServer;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// One device's certificate life, end to end, with the pieces the board runs: a provisioned (simulated) ATECC608,
/// the portable <see cref="DeviceAgent.Est.EstClient"/> over <see cref="DeviceTlsConnector"/>, the Lab EST server over
/// real loopback TLS. /cacerts, bootstrap /simpleenroll with HTTP Basic, /simplereenroll authenticated by the
/// chip-held key alone, re-enrollment with an expired certificate inside the server's grace window, and the refusal
/// once the device is revoked, which leaves the device's current certificate as it was.
/// </summary>
public sealed class EstLifecycleWalkthroughTests
{
    private const string DeviceId = "walk1";
    private const string Secret = "bootstrap-walk-1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Device_EnrollsRenewsOnTheChipKey_RenewsInGrace_AndIsRefusedOnceRevoked()
    {
        string directory = Path.Combine(Path.GetTempPath(), "est-walkthrough-" + Guid.NewGuid().ToString("N"));
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        using var chip = new SimulatedChip(seed: 21);
        EstServerHost server = await EstServerHost.StartAsync(new EstServerOptions
        {
            DataDirectory = directory,
            Port = 0,
            SecretHashIterations = 1_000,
            Policy = new EstPolicy { CertificateLifetime = Lifetime, ReenrollGracePeriod = Grace },
            TimeProvider = clock,
        });
        try
        {
            server.Devices.Register(DeviceId, Secret);

            // The device as provisioned: the server's root as its only anchor; the chip checks signatures, as on the board.
            var store = new TrustAnchorStore();
            store.AddProvisioned(server.RootCertificate.RawData);
            var connector = new DeviceTlsConnector { Clock = clock };
            var client = new DeviceAgent.Est.EstClient(connector, "127.0.0.1", server.Port, store, chip.Signer);

            // 1. /cacerts: the issuing CA is linked to the provisioned root and kept as an intermediate.
            EstOutcome cacerts = client.CaCerts(Now(clock), Now(clock));
            Assert.Equal(EstOutcomeKind.Success, cacerts.Kind);
            Assert.False(cacerts.TrustAnchorAdded);
            Assert.Equal(1, store.Count);
            Assert.Single(store.Intermediates);

            // 2. Bootstrap /simpleenroll with the secret (HTTP Basic, no client certificate).
            client.SetBasicCredentials(DeviceId, Secret);
            byte[] csr = Csr(chip);
            EstOutcome enrolled = client.SimpleEnroll(csr, 0, csr.Length, Now(clock), Now(clock));
            Assert.Equal(EstOutcomeKind.Success, enrolled.Kind);
            Assert.Equal(server.RootCertificate.RawData, enrolled.TrustAnchor);
            Assert.Equal(AuthenticationMethods.Basic, Logged(server, enrolled.Certificate).Authentication);
            Assert.Equal(chip.PublicKey, Certificate.Parse(enrolled.Certificate).PublicKey);

            // 3. /simplereenroll on the chip-held key alone: the secret is forgotten, so only the TLS client
            //    certificate, whose CertificateVerify the chip signs, can authenticate the request.
            client.ClearBasicCredentials();
            client.ClientCredential = new TlsClientCredential([enrolled.Certificate], chip.Signer);
            csr = Csr(chip);   // built ahead of the window, as the renewal engine does
            int signsBefore = chip.SignCount;
            EstOutcome renewed = client.SimpleReenroll(csr, 0, csr.Length, Now(clock), Now(clock));
            Assert.Equal(EstOutcomeKind.Success, renewed.Kind);
            Assert.Equal(1, chip.SignCount - signsBefore);   // the handshake's CertificateVerify
            IssuedCertificate renewedLog = Logged(server, renewed.Certificate);
            Assert.Equal(EstOperation.SimpleReenroll, renewedLog.Operation);
            Assert.Equal(AuthenticationMethods.Certificate, renewedLog.Authentication);
            Assert.NotEqual(enrolled.Certificate, renewed.Certificate);

            // 4. The device sleeps past its certificate's notAfter but wakes inside the grace window: the expired
            //    certificate still authenticates the renewal, and the new one is valid at the new time.
            Certificate current = Certificate.Parse(renewed.Certificate);
            clock.Set(new DateTimeOffset(current.NotAfter, TimeSpan.Zero) + TimeSpan.FromMinutes(1));
            Assert.True(Now(clock) > current.NotAfter);
            Assert.True(Now(clock) < current.NotAfter + Grace);
            client.ClientCredential = new TlsClientCredential([renewed.Certificate], chip.Signer);
            csr = Csr(chip);
            signsBefore = chip.SignCount;
            EstOutcome inGrace = client.SimpleReenroll(csr, 0, csr.Length, Now(clock), Now(clock));
            Assert.Equal(EstOutcomeKind.Success, inGrace.Kind);
            Assert.Equal(1, chip.SignCount - signsBefore);
            Assert.Equal(AuthenticationMethods.CertificateInGrace, Logged(server, inGrace.Certificate).Authentication);
            Certificate fresh = Certificate.Parse(inGrace.Certificate);
            Assert.True(fresh.NotBefore <= Now(clock) && Now(clock) < fresh.NotAfter);

            // 5. The operator revokes the device: the next renewal is refused with a typed outcome, and nothing the
            //    device holds changes (its certificate, its trust anchors) and nothing is issued.
            byte[] held = inGrace.Certificate;
            byte[] heldCopy = (byte[])held.Clone();
            byte[] storeBefore = store.ToBytes();
            int issuedBefore = server.Issued.ForDevice(DeviceId).Count;
            Assert.True(server.Devices.Revoke(DeviceId));
            client.ClientCredential = new TlsClientCredential([held], chip.Signer);
            csr = Csr(chip);
            signsBefore = chip.SignCount;
            EstOutcome refused = client.SimpleReenroll(csr, 0, csr.Length, Now(clock), Now(clock));
            Assert.Equal(EstOutcomeKind.AuthenticationFailed, refused.Kind);
            Assert.Equal(403, refused.HttpStatus);
            Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
            Assert.Null(refused.Certificate);
            Assert.Equal(1, chip.SignCount - signsBefore);   // the handshake completed; the refusal is the server's answer
            Assert.Equal(heldCopy, held);
            Assert.Same(held, client.ClientCredential.Chain[0]);
            Assert.Equal(storeBefore, store.ToBytes());
            Assert.Equal(issuedBefore, server.Issued.ForDevice(DeviceId).Count);
            Assert.Equal(3, issuedBefore);   // enroll, renew, renew in grace
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file for a moment; a temp directory left behind is harmless
            }
        }
    }

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static IssuedCertificate Logged(EstServerHost server, byte[] certificate) =>
        Assert.Single(server.Issued.ForDevice(DeviceId), i => i.CertificateDer.Span.SequenceEqual(certificate));

    /// <summary>The device's request: CN = id, SAN URI urn:dev:id, signed by the chip (DER).</summary>
    private static byte[] Csr(SimulatedChip chip)
    {
        var builder = new Pkcs10Builder(chip.Signer) { CommonName = DeviceId };
        builder.AddUri("urn:dev:" + DeviceId);
        var der = new byte[builder.GetMaxLength()];
        int length = builder.Build(der, 0, der.Length);
        return der[..length];
    }

    /// <summary>A clock that stands still until moved: the server's and the device's shared notion of now.</summary>
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
    }
}
