using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>
/// A minimal host for the tests, built from the portable framing only (no driver): wakes the chip, writes a
/// command group made by <see cref="Packet.EncodeCommand"/>, polls with NACK-aware reads the way CryptoAuthLib
/// does (facts/atecc608.md §1.6), checks the reply with <see cref="Packet.CheckResponse"/> and idles.
/// </summary>
internal sealed class FrameHost(SimulatedAtecc608 chip)
{
    /// <summary>CAL's first wait after a command and poll interval (facts §1.6), in microseconds.</summary>
    private const int PollInitialUs = 1000;
    private const int PollIntervalUs = 2000;
    private const int PollBudgetUs = 2_500_000;

    public SimulatedAtecc608 Chip { get; } = chip;

    /// <summary>SendWake, wait tWHI, read the 4-byte wake reply.</summary>
    public byte[] Wake()
    {
        Assert.Equal(TransportStatus.Ok, Chip.SendWake());
        Chip.Delay(1500);
        byte[] reply = new byte[4];
        Assert.Equal(TransportStatus.Ok, Chip.Read(reply, 0, 4));
        return reply;
    }

    public TransportStatus WriteWordAddress(WordAddress address) => Chip.Write([(byte)address], 0, 1);

    /// <summary>Writes one command group (word address 0x03 first).</summary>
    public TransportStatus Send(Opcode opcode, byte param1, ushort param2, byte[]? data = null)
    {
        byte[] buffer = new byte[Packet.MaxCommandWriteLength];
        int length = Packet.EncodeCommand(buffer, 0, opcode, param1, param2, data, 0, data?.Length ?? 0);
        return Chip.Write(buffer, 0, length);
    }

    /// <summary>Polls until the chip acknowledges, then reads count and the rest; returns the raw group.</summary>
    public byte[] ReceiveRaw()
    {
        Chip.Delay(PollInitialUs);
        for (int waited = PollInitialUs; waited <= PollBudgetUs; waited += PollIntervalUs)
        {
            if (WriteWordAddress(WordAddress.Reset) == TransportStatus.Ok)
            {
                byte[] group = new byte[Packet.MaxResponseLength];
                Assert.Equal(TransportStatus.Ok, Chip.Read(group, 0, 1));
                int count = group[0];
                Assert.InRange(count, Packet.MinResponseLength, Packet.MaxResponseLength);
                Assert.Equal(TransportStatus.Ok, Chip.Read(group, 1, count - 1));
                return group[..count];
            }

            Chip.Delay(PollIntervalUs);
        }

        throw new TimeoutException("simulated chip never acknowledged");
    }

    /// <summary>Polls and checks count and CRC; returns the group.</summary>
    public byte[] Receive(Opcode opcode)
    {
        byte[] group = ReceiveRaw();
        Packet.CheckResponse(group, 0, group.Length, opcode);
        return group;
    }

    /// <summary>CAL style: wake, send, poll, read, idle. Returns the checked response group.</summary>
    public byte[] Execute(Opcode opcode, byte param1, ushort param2, byte[]? data = null)
    {
        Assert.True(Packet.IsWakeResponse(Wake(), 0), "wake reply");
        Assert.Equal(TransportStatus.Ok, Send(opcode, param1, param2, data));
        byte[] group = Receive(opcode);
        Assert.Equal(TransportStatus.Ok, WriteWordAddress(WordAddress.Idle));
        return group;
    }

    /// <summary>Executes a command that answers with a status group; returns the status byte.</summary>
    public byte Status(Opcode opcode, byte param1, ushort param2, byte[]? data = null)
    {
        byte[] group = Execute(opcode, param1, param2, data);
        Assert.True(group.Length == Packet.StatusResponseLength, $"expected a status group, got {group.Length} bytes");
        return group[1];
    }

    /// <summary>Executes a command that answers with data; returns the data bytes.</summary>
    public byte[] Data(Opcode opcode, byte param1, ushort param2, byte[]? data = null)
    {
        byte[] group = Execute(opcode, param1, param2, data);
        Assert.True(group.Length > Packet.StatusResponseLength, $"expected data, got status 0x{group[1]:X2}");
        return group[1..^2];
    }

    /// <summary>The 128 config bytes via four 32-byte reads.</summary>
    public byte[] ReadConfig()
    {
        var config = new List<byte>();
        for (ushort block = 0; block < 4; block++)
        {
            config.AddRange(Data(Opcode.Read, 0x80, (ushort)(block << 3)));
        }

        return [.. config];
    }

    /// <summary>Locks the config zone with the CRC of what the chip holds (read back first, facts §6).</summary>
    public void LockConfig()
    {
        byte[] config = ReadConfig();
        Assert.Equal(0x00, Status(Opcode.Lock, 0x00, Crc16.Compute(config, 0, config.Length)));
    }

    /// <summary>Config locked, then (optionally) a P-256 key created in <paramref name="slot"/>, then data locked without CRC.</summary>
    public byte[]? Provision(int? keySlot = 0)
    {
        LockConfig();
        byte[]? publicKey = keySlot is int slot ? Data(Opcode.GenKey, 0x04, (ushort)slot) : null;
        Assert.Equal(0x00, Status(Opcode.Lock, 0x81, 0));
        return publicKey;
    }

    /// <summary>Nonce pass-through of <paramref name="digest"/> to the message-digest buffer, then Sign 0xA0.</summary>
    public byte[] SignDigest(int slot, byte[] digest)
    {
        Assert.Equal(0x00, Status(Opcode.Nonce, 0x43, 0, digest));
        return Data(Opcode.Sign, 0xA0, (ushort)slot);
    }

    /// <summary>Verifies R‖S over <paramref name="digest"/> with X‖Y using .NET, independently of the simulator.</summary>
    public static bool DotNetVerifies(byte[] publicKey, byte[] digest, byte[] signature)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            Q = new System.Security.Cryptography.ECPoint { X = publicKey[..32], Y = publicKey[32..64] },
        });
        return key.VerifyHash(digest, signature, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
