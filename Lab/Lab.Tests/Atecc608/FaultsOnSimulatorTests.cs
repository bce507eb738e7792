using System.Security.Cryptography;
using Atecc608Driver;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608;

/// <summary>
/// The driver against every fault the simulator can inject: each ends in a bounded retry with the right answer or
/// in an <see cref="Atecc608Exception"/>, never a hang (bounded modelled time), another exception or a wrong answer.
/// </summary>
public sealed class FaultsOnSimulatorTests : IDisposable
{
    private readonly SimulatedAtecc608 _sim = new(seed: 77);
    private readonly CommandHookTransport _bus;
    private readonly Atecc608Driver.Atecc608 _chip;
    private readonly byte[] _publicKey;

    public FaultsOnSimulatorTests()
    {
        _bus = new CommandHookTransport(_sim);
        _chip = new Atecc608Driver.Atecc608(_bus);
        _publicKey = new Provisioner(_chip).Run().PublicKey;
    }

    public void Dispose() => _sim.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void NackedTransactions_AreRetried(int count)
    {
        _sim.Faults.NackNextTransactions(count);

        Assert.Equal(new byte[] { 0, 0, 0x60, 0x03 }, _chip.Info());
    }

    [Fact]
    public void CorruptResponseCrcOnTheWire_IsReRead()
    {
        _sim.Faults.CorruptNextResponseCrc();

        AssertSignatureValid(SHA256.HashData("crc"u8));
    }

    [Fact]
    public void CorruptStoredResponse_IsReportedAsResponseCrc()
    {
        _sim.Faults.CorruptNextResponseCrc(persistent: true);

        var e = Assert.Throws<Atecc608Exception>(() => _chip.Info());
        Assert.Equal(Atecc608Error.ResponseCrc, e.Error);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x11)]
    [InlineData(0xEE)]
    public void NotExecutedStatus_IsSentAgain(byte status)
    {
        _sim.Faults.ReplaceNextStatus(status);

        Assert.Equal(new byte[] { 0, 0, 0x60, 0x03 }, _chip.Info());
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x0F)]
    [InlineData(0x07)]
    public void FailureStatus_IsReportedWithTheChipsByte(byte status)
    {
        _sim.Faults.ReplaceNextStatus(status);

        var e = Assert.Throws<Atecc608Exception>(() => _chip.Info());

        Assert.Equal(Atecc608Error.ChipStatus, e.Error);
        Assert.Equal(status, e.ChipStatus);
        Assert.Equal(Opcode.Info, e.Command);
    }

    [Fact]
    public void EccFault_OnSign_RetriesTheSequence()
    {
        _bus.BeforeCommand = op =>
        {
            if (op == Opcode.Sign)
            {
                _sim.Faults.ReplaceNextStatus((byte)Atecc608Status.EccFault);
                _bus.BeforeCommand = null;
            }
        };

        AssertSignatureValid(SHA256.HashData("ecc"u8));
    }

    [Fact]
    public void MissedWakes_AreRetried_ButNotForever()
    {
        _sim.Faults.IgnoreNextWakes(2);
        Assert.Equal(new byte[] { 0, 0, 0x60, 0x03 }, _chip.Info());

        _sim.Faults.IgnoreNextWakes(50);
        var e = Assert.Throws<Atecc608Exception>(() => _chip.Info());
        Assert.Equal(Atecc608Error.WakeFailed, e.Error);
    }

    [Fact]
    public void WatchdogExpiryBetweenNonceAndSign_SignDigestStillSignsTheRightDigest()
    {
        _bus.BeforeCommand = op =>
        {
            if (op == Opcode.Nonce)
            {
                _sim.Faults.ExpireWatchdogAfterNextCommand();
                _bus.BeforeCommand = null;
            }
        };

        AssertSignatureValid(SHA256.HashData("watchdog"u8));
    }

    [Fact]
    public void RandomFaultCampaign_EveryOutcomeIsCorrectOrTyped()
    {
        var random = new Random(20261127);
        int succeeded = 0;
        int typed = 0;
        for (int i = 0; i < 400; i++)
        {
            InjectRandomFault(random);
            long started = _sim.NowMicroseconds;
            try
            {
                RunRandomOperation(random, i);
                succeeded++;
            }
            catch (Atecc608Exception)
            {
                typed++;
            }

            Assert.True(_sim.NowMicroseconds - started < 10_000_000, $"operation {i} took {(_sim.NowMicroseconds - started) / 1000} ms of modelled time");
            _sim.Faults.Clear();
            _bus.BeforeCommand = null;
            Assert.Equal(new byte[] { 0, 0, 0x60, 0x03 }, _chip.Info());   // the chip and driver recover
        }

        Assert.True(succeeded > 200, $"{succeeded} succeeded, {typed} typed errors");
        Assert.True(typed > 10, $"{succeeded} succeeded, {typed} typed errors");
    }

    private void InjectRandomFault(Random random)
    {
        switch (random.Next(7))
        {
            case 0: _sim.Faults.NackNextTransactions(random.Next(1, 6)); break;
            case 1: _sim.Faults.CorruptNextResponseCrc(persistent: random.Next(2) == 0); break;
            case 2: _sim.Faults.ReplaceNextStatus(new byte[] { 0x03, 0x05, 0x0F, 0x11, 0xEE, 0xFF }[random.Next(6)]); break;
            case 3: _sim.Faults.IgnoreNextWakes(random.Next(1, 8)); break;
            case 4:
                Opcode victim = new[] { Opcode.Random, Opcode.Nonce, Opcode.Sign, Opcode.Read }[random.Next(4)];
                _bus.BeforeCommand = op =>
                {
                    if (op == victim)
                    {
                        _sim.Faults.ExpireWatchdogAfterNextCommand();
                        _bus.BeforeCommand = null;
                    }
                };
                break;
            case 5: _sim.Faults.ExpireWatchdogAfterNextCommand(); break;
            default: break;
        }
    }

    private void RunRandomOperation(Random random, int i)
    {
        switch (random.Next(5))
        {
            case 0:
                Assert.Equal(new byte[] { 0, 0, 0x60, 0x03 }, _chip.Info());
                break;
            case 1:
                AssertSignatureValid(SHA256.HashData(BitConverter.GetBytes(i)));
                break;
            case 2:
                Assert.Equal(_sim.SerialNumber, _chip.ReadSerialNumber());
                break;
            case 3:
                byte[] data = new byte[100 + i];
                random.NextBytes(data);
                Assert.Equal(SHA256.HashData(data), _chip.Sha256(data, 0, data.Length));
                break;
            default:
                Assert.Equal(_publicKey, _chip.GetPublicKey(0));
                break;
        }
    }

    private void AssertSignatureValid(byte[] digest)
    {
        byte[] signature = _chip.SignDigest(0, digest);
        using ECDsa verifier = P256.FromPublicKey(_publicKey);
        Assert.True(verifier.VerifyHash(digest, signature), "signature over the requested digest");
    }
}
