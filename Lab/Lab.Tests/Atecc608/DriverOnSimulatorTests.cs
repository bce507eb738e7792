using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608;

/// <summary>
/// The portable driver (desktop build) against the ATECC608B simulator: every command it offers, with results
/// checked by .NET crypto, and the rule that no API returns a secret slot's contents.
/// </summary>
public sealed class DriverOnSimulatorTests : IDisposable
{
    private readonly SimulatedAtecc608 _sim = new(seed: 608);
    private readonly Atecc608Driver.Atecc608 _chip;
    private readonly ProvisioningResult _identity;

    public DriverOnSimulatorTests()
    {
        _chip = new Atecc608Driver.Atecc608(_sim);
        _identity = new Provisioner(_chip).Run();
    }

    public void Dispose() => _sim.Dispose();

    [Fact]
    public void SignDigest_SignaturesVerifyWithDotNetAndTheGenKeyPublicKey()
    {
        using ECDsa verifier = P256.FromPublicKey(_chip.GetPublicKey(0));
        Assert.Equal(_identity.PublicKey, _chip.GetPublicKey(0));
        for (int i = 0; i < 5; i++)
        {
            byte[] digest = SHA256.HashData(BitConverter.GetBytes(i));

            byte[] signature = _chip.SignDigest(0, digest);

            Assert.True(verifier.VerifyHash(digest, signature), $"signature {i}");
        }
    }

    [Fact]
    public void VerifySignature_AcceptsDotNetSignature_RejectsAlteredOnes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] digest = SHA256.HashData("enrol me"u8);
        byte[] signature = key.SignHash(digest);
        byte[] publicKey = P256.PublicKeyOf(key);

        Assert.True(_chip.VerifySignature(digest, signature, publicKey));

        byte[] altered = (byte[])signature.Clone();
        altered[10] ^= 0x01;
        Assert.False(_chip.VerifySignature(digest, altered, publicKey));
        byte[] otherDigest = (byte[])digest.Clone();
        otherDigest[0] ^= 0x80;
        Assert.False(_chip.VerifySignature(otherDigest, signature, publicKey));
    }

    [Fact]
    public void Info_Random_SelfTest_Counter()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x60, 0x03 }, _chip.Info());
        byte[] a = _chip.Random();
        byte[] b = _chip.Random();
        Assert.NotEqual(a, b);
        Assert.Equal(0, _chip.SelfTest(0x3B));
        uint before = _chip.CounterRead(1);
        Assert.Equal(before + 1, _chip.CounterIncrement(1));
        Assert.Equal(before + 1, _chip.CounterRead(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(300)]
    public void Sha256_OnTheChip_EqualsDotNet(int length)
    {
        byte[] data = new byte[length + 3];
        new Random(length).NextBytes(data);

        Assert.Equal(SHA256.HashData(data.AsSpan(3, length)), _chip.Sha256(data, 3, length));
    }

    [Fact]
    public void PublicDataSlot_WriteThenRead_RoundTrips()
    {
        byte[] block = RandomNumberGenerator.GetBytes(32);
        _chip.Write(Zone.Data, Atecc608Driver.Atecc608.DataAddress(DeviceConfiguration.CertificateSlot, 3, 0), block, 0, 32);
        var back = new byte[32];

        _chip.Read(Zone.Data, Atecc608Driver.Atecc608.DataAddress(DeviceConfiguration.CertificateSlot, 3, 0), back, 0, 32);

        Assert.Equal(block, back);
    }

    [Fact]
    public void RekeySlot_GenKeyThenSignThenLock_KeyIsFrozen()
    {
        byte[] publicKey = _chip.GenKeyCreate(DeviceConfiguration.FirstRekeySlot);
        byte[] digest = SHA256.HashData("rekey"u8);
        using (ECDsa verifier = P256.FromPublicKey(publicKey))
        {
            Assert.True(verifier.VerifyHash(digest, _chip.SignDigest(DeviceConfiguration.FirstRekeySlot, digest)));
        }

        _chip.LockSlot(DeviceConfiguration.FirstRekeySlot);

        var e = Assert.Throws<Atecc608Exception>(() => _chip.GenKeyCreate(DeviceConfiguration.FirstRekeySlot));
        Assert.Equal((byte)Atecc608Status.ExecutionError, e.ChipStatus);
        Assert.Equal(publicKey, _chip.GetPublicKey(DeviceConfiguration.FirstRekeySlot));
    }

    [Fact]
    public void IdentityKey_IsPermanent_AndPolicyForbidsEcdh()
    {
        var genKey = Assert.Throws<Atecc608Exception>(() => _chip.GenKeyCreate(0));
        Assert.Equal((byte)Atecc608Status.ExecutionError, genKey.ChipStatus);

        using var peer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecdh = Assert.Throws<Atecc608Exception>(() => _chip.Ecdh(0, P256.PublicKeyOf(peer)));
        Assert.Equal(Atecc608Error.ChipStatus, ecdh.Error);
    }

    [Fact]
    public void UpdateExtra_SetsByte84Once()
    {
        _chip.UpdateExtra(0, 0x5A);
        Assert.Equal(0x5A, _chip.ReadConfigZone().UserExtra);

        var e = Assert.Throws<Atecc608Exception>(() => _chip.UpdateExtra(0, 0x33));
        Assert.Equal((byte)Atecc608Status.ExecutionError, e.ChipStatus);
    }

    [Fact]
    public void SecretSlots_NoApiReturnsTheirContents()
    {
        _chip.ReadConfigZone();
        var fresh = new Atecc608Driver.Atecc608(_sim);   // no cached config: the chip itself must refuse
        for (int slot = 0; slot < DeviceConfiguration.CertificateSlot; slot++)
        {
            var buffer = new byte[32];
            ushort address = Atecc608Driver.Atecc608.DataAddress(slot, 0, 0);

            Assert.Throws<ArgumentException>(() => _chip.Read(Zone.Data, address, buffer, 0, 32));
            var e = Assert.Throws<Atecc608Exception>(() => fresh.Read(Zone.Data, address, buffer, 0, 32));
            Assert.Equal((byte)Atecc608Status.ExecutionError, e.ChipStatus);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        // The driver's public surface has no method returning private key material by name either.
        Assert.DoesNotContain(typeof(Atecc608Driver.Atecc608).GetMethods(), m => m.Name.Contains("Private", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Persistence_ReloadedChip_KeepsItsIdentity()
    {
        string path = Path.Combine(Path.GetTempPath(), $"atecc608-{Guid.NewGuid():N}.json");
        try
        {
            _sim.Save(path);
            using SimulatedAtecc608 reloaded = SimulatedAtecc608.Load(path);

            ProvisioningResult again = new Provisioner(new Atecc608Driver.Atecc608(reloaded)).Run();

            Assert.Equal(ProvisioningOutcome.AlreadyProvisioned, again.Outcome);
            Assert.Equal(_identity.PublicKey, again.PublicKey);
            Assert.Equal(_identity.SerialNumber, again.SerialNumber);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
