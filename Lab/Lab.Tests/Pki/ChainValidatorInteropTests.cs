using System.Collections;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Pki;
using Xunit.Abstractions;

namespace Lab.Tests.Pki;

/// <summary>
/// <see cref="ChainValidator"/> with real ECDSA (.NET behind <see cref="ISignatureVerifier"/>) on chains issued by
/// OpenSSL and by .NET; good chains are also checked by .NET's <see cref="X509Chain"/> so both verdicts agree.
/// </summary>
public sealed class ChainValidatorInteropTests(OpenSslPki openSsl, ITestOutputHelper output) : IClassFixture<OpenSslPki>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void OpenSslChain_AcceptedWithClientAuth()
    {
        var verifier = new DotNetEcdsaVerifier();
        var validator = new ChainValidator(verifier) { RequireClientAuth = true };

        ArrayList path = validator.Validate(Parse("leaf"), List(Parse("issuing")), Parse("root"), Now.UtcDateTime);

        Assert.Equal(3, path.Count);
        Assert.Equal(2, verifier.Calls);
        Assert.True(DotNetAccepts(openSsl.Der("leaf"), [openSsl.Der("issuing")], openSsl.Der("root"), Now));
    }

    [Fact]
    public void OpenSslPathLengthViolation_RejectedLikeOpenSsl()
    {
        // openssl verify: "path length constraint exceeded"
        PkiException e = Fails(new ChainValidator(new DotNetEcdsaVerifier()), Parse("leaf2"), List(Parse("subca"), Parse("issuing")), Parse("root"), Now.UtcDateTime);

        Assert.Contains("pathLenConstraint", e.Message, StringComparison.Ordinal);
        Assert.False(DotNetAccepts(openSsl.Der("leaf2"), [openSsl.Der("subca"), openSsl.Der("issuing")], openSsl.Der("root"), Now));
    }

    [Fact]
    public void OpenSslNonCaIssuer_Rejected()
    {
        PkiException e = Fails(new ChainValidator(new DotNetEcdsaVerifier()), Parse("sub"), List(Parse("leaf"), Parse("issuing")), Parse("root"), Now.UtcDateTime);

        Assert.Contains("not a CA", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsaissued", "rsaroot")]
    [InlineData("p384", "p384")]
    public void NonP256Links_Unsupported(string child, string anchor)
    {
        var validator = new ChainValidator(new DotNetEcdsaVerifier());

        PkiException e = Assert.Throws<PkiException>(() => validator.ValidatePath(List(Parse(child), Parse(anchor)), Now.UtcDateTime));

        Assert.Equal(PkiError.Unsupported, e.Error);
    }

    [Fact]
    public void EveryTbsByteFlipped_NeverValidates()
    {
        byte[] original = openSsl.Der("leaf");
        Certificate good = Certificate.Parse(original);
        Certificate issuing = Parse("issuing");
        Certificate root = Parse("root");
        var validator = new ChainValidator(new DotNetEcdsaVerifier());
        validator.Validate(good, List(issuing), root, Now.UtcDateTime);
        int parseErrors = 0, rejected = 0;
        for (int i = good.TbsOffset; i < good.TbsOffset + good.TbsLength; i++)
        {
            byte[] tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            Certificate candidate;
            try
            {
                candidate = Certificate.Parse(tampered);
            }
            catch (PkiException)
            {
                parseErrors++;
                continue;
            }

            Assert.Throws<PkiException>(() => validator.Validate(candidate, List(issuing), root, Now.UtcDateTime));
            rejected++;
        }

        output.WriteLine($"{good.TbsLength} TBS bytes flipped: {parseErrors} rejected by the parser, {rejected} by the chain check");
    }

    [Fact]
    public void DotNetChains_GoodAcceptedBadRejected()
    {
        DateTimeOffset from = Now.AddDays(-10);
        using X509Certificate2 root = DotNetPki.CreateCa("CN=Net Root, O=Example", from, Now.AddYears(20));
        using X509Certificate2 level1 = DotNetPki.CreateCa("CN=Net Level 1, O=Example", from, Now.AddYears(10), root, pathLength: 1);
        using X509Certificate2 level2 = DotNetPki.CreateCa("CN=Net Level 2, O=Example", from, Now.AddYears(10), level1);
        using X509Certificate2 leaf = DotNetPki.CreateLeaf("net-device", level2, from, Now.AddYears(1));
        var validator = new ChainValidator(new DotNetEcdsaVerifier()) { RequireClientAuth = true };

        ArrayList path = validator.Validate(Parse(leaf), List(Parse(level2), Parse(level1)), Parse(root), Now.UtcDateTime);

        Assert.Equal(4, path.Count);
        Assert.True(DotNetAccepts(leaf.RawData, [level2.RawData, level1.RawData], root.RawData, Now));

        // pathLenConstraint 0 on level 1: level 2 may no longer issue.
        using X509Certificate2 strict1 = DotNetPki.CreateCa("CN=Net Level 1, O=Example", from, Now.AddYears(10), root, pathLength: 0);
        using X509Certificate2 strict2 = DotNetPki.CreateCa("CN=Net Level 2, O=Example", from, Now.AddYears(10), strict1);
        using X509Certificate2 strictLeaf = DotNetPki.CreateLeaf("net-device", strict2, from, Now.AddYears(1));
        Assert.Contains("pathLenConstraint", Fails(validator, Parse(strictLeaf), List(Parse(strict2), Parse(strict1)), Parse(root), Now.UtcDateTime).Message, StringComparison.Ordinal);
        Assert.False(DotNetAccepts(strictLeaf.RawData, [strict2.RawData, strict1.RawData], root.RawData, Now));
    }

    [Fact]
    public void DotNetChains_ExpiredNotYetValidWrongIssuerNonCa_Rejected()
    {
        DateTimeOffset from = Now.AddDays(-10);
        using X509Certificate2 root = DotNetPki.CreateCa("CN=Root A", from, Now.AddYears(20));
        using X509Certificate2 ca = DotNetPki.CreateCa("CN=Issuing A", from, Now.AddYears(10), root);
        using X509Certificate2 expired = DotNetPki.CreateLeaf("old", ca, Now.AddYears(-2), Now.AddDays(-1));
        using X509Certificate2 future = DotNetPki.CreateLeaf("new", ca, Now.AddDays(1), Now.AddYears(1));
        using X509Certificate2 good = DotNetPki.CreateLeaf("good", ca, from, Now.AddYears(1));
        using X509Certificate2 otherRoot = DotNetPki.CreateCa("CN=Root A", from, Now.AddYears(20));       // same name, other key
        using X509Certificate2 nonCa = DotNetPki.CreateCa("CN=Not A CA", from, Now.AddYears(10), root, isCa: false);
        using X509Certificate2 underNonCa = DotNetPki.CreateLeaf("under-non-ca", nonCa, from, Now.AddYears(1));
        using X509Certificate2 noCertSign = DotNetPki.CreateCa("CN=No CertSign", from, Now.AddYears(10), root, usage: X509KeyUsageFlags.DigitalSignature);
        using X509Certificate2 underNoCertSign = DotNetPki.CreateLeaf("under-no-certsign", noCertSign, from, Now.AddYears(1));
        using X509Certificate2 noKeyUsage = DotNetPki.CreateCa("CN=No KeyUsage", from, Now.AddYears(10), root, withKeyUsage: false);
        using X509Certificate2 underNoKeyUsage = DotNetPki.CreateLeaf("under-no-ku", noKeyUsage, from, Now.AddYears(1), clientAuth: false);
        var validator = new ChainValidator(new DotNetEcdsaVerifier());
        DateTime now = Now.UtcDateTime;

        Assert.Contains("expired", Fails(validator, Parse(expired), List(Parse(ca)), Parse(root), now).Message, StringComparison.Ordinal);
        Assert.Contains("not valid before", Fails(validator, Parse(future), List(Parse(ca)), Parse(root), now).Message, StringComparison.Ordinal);
        // Same anchor name, other key: path building already refuses it (AKI ≠ SKI); forced as a path, the signature fails.
        Assert.Contains("neither the trust anchor", Fails(validator, Parse(good), List(Parse(ca)), Parse(otherRoot), now).Message, StringComparison.Ordinal);
        PkiException forced = Assert.Throws<PkiException>(() => validator.ValidatePath(List(Parse(good), Parse(ca), Parse(otherRoot)), now));
        Assert.Equal(PkiError.VerificationFailed, forced.Error);
        Assert.Contains("link 1", forced.Message, StringComparison.Ordinal);
        Assert.Contains("signature does not verify", forced.Message, StringComparison.Ordinal);
        Assert.Contains("neither the trust anchor", Fails(validator, Parse(good), null, Parse(root), now).Message, StringComparison.Ordinal);
        Assert.Contains("not a CA", Fails(validator, Parse(underNonCa), List(Parse(nonCa)), Parse(root), now).Message, StringComparison.Ordinal);
        Assert.Contains("keyCertSign", Fails(validator, Parse(underNoCertSign), List(Parse(noCertSign)), Parse(root), now).Message, StringComparison.Ordinal);
        Assert.Contains("keyCertSign", Fails(validator, Parse(underNoKeyUsage), List(Parse(noKeyUsage)), Parse(root), now).Message, StringComparison.Ordinal);
        validator.RequireCaKeyUsage = false;
        Assert.Equal(3, validator.Validate(Parse(underNoKeyUsage), List(Parse(noKeyUsage)), Parse(root), now).Count);
        validator.RequireClientAuth = true;
        Assert.Contains("clientAuth", Fails(validator, Parse(underNoKeyUsage), List(Parse(noKeyUsage)), Parse(root), now).Message, StringComparison.Ordinal);
        Assert.False(DotNetAccepts(expired.RawData, [ca.RawData], root.RawData, Now));
        Assert.False(DotNetAccepts(underNonCa.RawData, [nonCa.RawData], root.RawData, Now));
    }

    [Fact]
    public void KeyRollover_SameNameDifferentKeys_PicksIssuerByKeyIdentifier()
    {
        // RFC 7030 §4.1.3: during a CA key update the bundle holds two CA certificates with the same subject.
        DateTimeOffset from = Now.AddDays(-10);
        using X509Certificate2 root = DotNetPki.CreateCa("CN=Rollover Root", from, Now.AddYears(20));
        using X509Certificate2 oldCa = DotNetPki.CreateCa("CN=Rollover CA", from, Now.AddYears(5), root);
        using X509Certificate2 newCa = DotNetPki.CreateCa("CN=Rollover CA", from, Now.AddYears(10), root);
        using X509Certificate2 leaf = DotNetPki.CreateLeaf("rolled", newCa, from, Now.AddYears(1));

        ArrayList path = new ChainValidator(new DotNetEcdsaVerifier()).Validate(Parse(leaf), List(Parse(oldCa), Parse(newCa)), Parse(root), Now.UtcDateTime);

        Assert.Equal(newCa.RawData, ((Certificate)path[1]!).GetEncoded());
    }

    private static PkiException Fails(ChainValidator validator, Certificate leaf, ArrayList? intermediates, Certificate anchor, DateTime time)
    {
        PkiException e = Assert.Throws<PkiException>(() => validator.Validate(leaf, intermediates, anchor, time));
        Assert.Contains(e.Error, new[] { PkiError.VerificationFailed, PkiError.Unsupported });
        return e;
    }

    private static bool DotNetAccepts(byte[] leaf, byte[][] intermediates, byte[] root, DateTimeOffset time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(root));
        foreach (byte[] intermediate in intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(intermediate));
        }

        using X509Certificate2 target = X509CertificateLoader.LoadCertificate(leaf);
        return chain.Build(target);
    }

    private Certificate Parse(string name) => Certificate.Parse(openSsl.Der(name));

    private static Certificate Parse(X509Certificate2 certificate) => Certificate.Parse(certificate.RawData);

    private static ArrayList List(params Certificate[] certificates) => [.. certificates];
}
