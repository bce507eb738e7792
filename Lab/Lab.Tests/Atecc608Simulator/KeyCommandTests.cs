using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>GenKey, Nonce, Sign, Verify, SHA and ECDH, checked against .NET's independent P-256 and SHA-256.</summary>
public sealed class KeyCommandTests : IDisposable
{
    private const byte ExecutionError = 0x0F;

    private readonly SimulatedAtecc608 chip = new(seed: 4);
    private readonly FrameHost host;

    public KeyCommandTests() => host = new FrameHost(chip);

    public void Dispose() => chip.Dispose();

    [Fact]
    public void GenKey_ThenSign_SignatureVerifiesWithDotNetAndReturnedPublicKey()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] digest = SHA256.HashData("certificate signing request"u8);

        byte[] signature = host.SignDigest(0, digest);

        Assert.Equal(64, publicKey.Length);
        Assert.Equal(64, signature.Length);
        Assert.True(FrameHost.DotNetVerifies(publicKey, digest, signature));
        digest[0] ^= 1;
        Assert.False(FrameHost.DotNetVerifies(publicKey, digest, signature));
    }

    [Fact]
    public void Sign_ViaTempKeyPassThrough_SignsTheLoadedDigest()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] digest = SHA256.HashData("via TempKey"u8);

        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x03, 0, digest));
        byte[] signature = host.Data(Opcode.Sign, 0x80, 0);

        Assert.True(FrameHost.DotNetVerifies(publicKey, digest, signature));
    }

    [Fact]
    public void Sign_AfterRandomNonce_SignsShaOfRandOutNumInOpcodeMode()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] numIn = [.. Enumerable.Range(0, 20).Select(i => (byte)(i * 7))];

        byte[] randOut = host.Data(Opcode.Nonce, 0x00, 0, numIn);
        byte[] signature = host.Data(Opcode.Sign, 0x80, 0);

        byte[] tempKey = SHA256.HashData([.. randOut, .. numIn, 0x16, 0x00, 0x00]);
        Assert.True(FrameHost.DotNetVerifies(publicKey, tempKey, signature));
    }

    [Fact]
    public void GenKeyPublicMode_ReturnsSamePublicKey()
    {
        byte[] publicKey = host.Provision(keySlot: 2)!;

        Assert.Equal(publicKey, host.Data(Opcode.GenKey, 0x00, 2));
    }

    [Fact]
    public void GenKey_BeforeConfigLock_OrOnDataSlot_IsExecutionError()
    {
        Assert.Equal(ExecutionError, host.Status(Opcode.GenKey, 0x04, 0));
        host.LockConfig();
        Assert.Equal(ExecutionError, host.Status(Opcode.GenKey, 0x04, 8));
    }

    [Fact]
    public void Sign_BeforeDataLock_IsExecutionError()
    {
        host.LockConfig();
        host.Data(Opcode.GenKey, 0x04, 0);

        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x43, 0, new byte[32]));
        Assert.Equal(ExecutionError, host.Status(Opcode.Sign, 0xA0, 0));
    }

    [Fact]
    public void Sign_WithoutLoadedDigest_AndSecondSignWithSameDigest_AreExecutionErrors()
    {
        host.Provision(keySlot: 0);
        Assert.Equal(ExecutionError, host.Status(Opcode.Sign, 0xA0, 0));

        host.SignDigest(0, new byte[32]);

        Assert.Equal(ExecutionError, host.Status(Opcode.Sign, 0xA0, 0));
    }

    [Fact]
    public void Watchdog_ExpiryBetweenNonceAndSign_LosesDigest()
    {
        host.Provision(keySlot: 0);
        host.Wake();
        host.Send(Opcode.Nonce, 0x43, 0, new byte[32]);
        Assert.Equal(0x00, host.Receive(Opcode.Nonce)[1]);

        chip.Delay(1_300_000);
        Assert.Equal(ChipPowerState.Asleep, chip.State);

        Assert.Equal(ExecutionError, host.Status(Opcode.Sign, 0xA0, 0));
    }

    [Fact]
    public void Idle_BetweenNonceAndSign_KeepsDigestBeyondWatchdog()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] digest = SHA256.HashData("idle keeps TempKey"u8);
        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x43, 0, digest)); // ends with idle

        chip.Delay(10_000_000);

        Assert.True(FrameHost.DotNetVerifies(publicKey, digest, host.Data(Opcode.Sign, 0xA0, 0)));
    }

    [Fact]
    public void Sleep_BetweenNonceAndSign_LosesDigest()
    {
        host.Provision(keySlot: 0);
        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x43, 0, new byte[32]));
        host.Wake();
        host.WriteWordAddress(WordAddress.Sleep);

        Assert.Equal(ExecutionError, host.Status(Opcode.Sign, 0xA0, 0));
    }

    [Theory]
    [InlineData(0x02, 0x03)]
    [InlineData(0x22, 0x43)]
    public void Verify_External_AcceptsDotNetSignature_RejectsAlteredOne(byte verifyMode, byte nonceMode)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters parameters = key.ExportParameters(false);
        byte[] publicKey = [.. parameters.Q.X!, .. parameters.Q.Y!];
        byte[] digest = SHA256.HashData("server challenge"u8);
        byte[] signature = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.Equal(0x00, host.Status(Opcode.Nonce, nonceMode, 0, digest));
        Assert.Equal(0x00, host.Status(Opcode.Verify, verifyMode, 0x0004, [.. signature, .. publicKey]));

        signature[40] ^= 0x01;
        Assert.Equal(0x00, host.Status(Opcode.Nonce, nonceMode, 0, digest));
        Assert.Equal(0x01, host.Status(Opcode.Verify, verifyMode, 0x0004, [.. signature, .. publicKey]));
    }

    [Fact]
    public void Verify_PublicKeyNotOnCurve_IsExecutionError()
    {
        Assert.Equal(0x00, host.Status(Opcode.Nonce, 0x03, 0, new byte[32]));

        Assert.Equal(ExecutionError, host.Status(Opcode.Verify, 0x02, 0x0004, [.. new byte[64], .. new byte[64]]));
    }

    [Fact]
    public void Sha_StartUpdateEnd_EqualsDotNetSha256()
    {
        byte[] message = [.. Enumerable.Range(0, 64 + 64 + 17).Select(i => (byte)(i * 31))];

        Assert.Equal(0x00, host.Status(Opcode.Sha, 0x00, 0));
        Assert.Equal(0x00, host.Status(Opcode.Sha, 0x01, 64, message[..64]));
        Assert.Equal(0x00, host.Status(Opcode.Sha, 0x01, 64, message[64..128]));
        byte[] digest = host.Data(Opcode.Sha, 0xC2, 17, message[128..]);

        Assert.Equal(SHA256.HashData(message), digest);
    }

    [Fact]
    public void Sha_EndToMessageDigestBuffer_ThenSign_SignsTheDigest()
    {
        byte[] publicKey = host.Provision(keySlot: 0)!;
        byte[] message = "hashed on the chip"u8.ToArray();

        Assert.Equal(0x00, host.Status(Opcode.Sha, 0x00, 0));
        host.Data(Opcode.Sha, 0x42, (ushort)message.Length, message);
        byte[] signature = host.Data(Opcode.Sign, 0xA0, 0);

        Assert.True(FrameHost.DotNetVerifies(publicKey, SHA256.HashData(message), signature));
    }

    [Fact]
    public void Ecdh_ClearOutput_EqualsDotNetSharedSecret()
    {
        host.LockConfig();
        byte[] chipPublic = host.Data(Opcode.GenKey, 0x04, 1); // slot 1: SlotConfig 0x2087, ECDH allowed
        Assert.Equal(0x00, host.Status(Opcode.Lock, 0x81, 0));
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECParameters peerParameters = peer.ExportParameters(false);

        byte[] secret = host.Data(Opcode.Ecdh, 0x0C, 1, [.. peerParameters.Q.X!, .. peerParameters.Q.Y!]);

        using var chipKey = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = chipPublic[..32], Y = chipPublic[32..] },
        });
        Assert.Equal(peer.DeriveRawSecretAgreement(chipKey.PublicKey), secret);
    }

    [Fact]
    public void Ecdh_OnSlotWithoutEcdhPermission_IsExecutionError()
    {
        host.Provision(keySlot: 0); // slot 0: SlotConfig 0x2083, ReadKey bit 2 clear
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECParameters peerParameters = peer.ExportParameters(false);

        Assert.Equal(ExecutionError, host.Status(Opcode.Ecdh, 0x0C, 0, [.. peerParameters.Q.X!, .. peerParameters.Q.Y!]));
    }

    [Fact]
    public void Ecdh_PerSlotConfigWithReadKeyBit3_StoresResultInNextSlot_NotInOutput()
    {
        host.LockConfig();
        host.Data(Opcode.GenKey, 0x04, 2); // slot 2: SlotConfig 0x208F, ReadKey bit 3 = result to slot 3
        Assert.Equal(0x00, host.Status(Opcode.Lock, 0x81, 0));
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECParameters peerParameters = peer.ExportParameters(false);
        byte[] peerKey = [.. peerParameters.Q.X!, .. peerParameters.Q.Y!];

        Assert.Equal(0x00, host.Status(Opcode.Ecdh, 0x00, 2, peerKey));
        Assert.Equal(32, host.Data(Opcode.Ecdh, 0x0C, 2, peerKey).Length);
        Assert.Equal(ExecutionError, host.Status(Opcode.Read, 0x82, 3 << 3)); // slot 3 is secret
    }

    [Fact]
    public void InfoKeyValid_ReflectsGeneratedKey()
    {
        host.LockConfig();
        Assert.Equal([0, 0, 0, 0], host.Data(Opcode.Info, 0x01, 0));

        host.Data(Opcode.GenKey, 0x04, 0);

        Assert.Equal([1, 0, 0, 0], host.Data(Opcode.Info, 0x01, 0));
    }
}
