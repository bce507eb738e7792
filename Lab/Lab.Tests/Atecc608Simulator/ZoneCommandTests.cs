using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>Info, Random, Read, Write, Lock, UpdateExtra and Counter against the zone and lock rules.</summary>
public sealed class ZoneCommandTests : IDisposable
{
    private const byte ExecutionError = 0x0F;
    private const byte ParseError = 0x03;

    private readonly SimulatedAtecc608 chip = new(seed: 2);
    private readonly FrameHost host;

    public ZoneCommandTests() => host = new FrameHost(chip);

    public void Dispose() => chip.Dispose();

    [Fact]
    public void InfoRevision_Answers608BRevision()
    {
        Assert.Equal([0x00, 0x00, 0x60, 0x03], host.Data(Opcode.Info, 0x00, 0));
    }

    [Fact]
    public void Random_WhileConfigUnlocked_ReturnsFactSheetTestPattern()
    {
        host.Wake();
        host.Send(Opcode.Random, 0, 0);

        byte[] expected = [0x23, .. Enumerable.Repeat<byte[]>([0xFF, 0xFF, 0x00, 0x00], 8).SelectMany(b => b), 0x41, 0x1A];
        Assert.Equal(expected, host.Receive(Opcode.Random));
    }

    [Fact]
    public void Random_AfterConfigLock_ReturnsFreshRandomBytes()
    {
        host.LockConfig();

        byte[] first = host.Data(Opcode.Random, 0, 0);
        byte[] second = host.Data(Opcode.Random, 0, 0);

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
        Assert.NotEqual([0xFF, 0xFF, 0x00, 0x00], first[..4]);
    }

    [Fact]
    public void Config_BlankFactoryImage_HasUnlockedBytesAndDerivedSerial()
    {
        byte[] config = host.ReadConfig();

        Assert.Equal([0x01, 0x23], config[..2]);
        Assert.Equal(0xEE, config[12]);
        Assert.Equal([0x00, 0x55, 0x55, 0xFF, 0xFF], config[85..90]);
        Assert.Equal([0x83, 0x20], config[20..22]);
        Assert.Equal(chip.SerialNumber, (byte[])[.. config[..4], .. config[8..13]]);
        using var other = new SimulatedAtecc608(seed: 3);
        Assert.NotEqual(chip.SerialNumber, other.SerialNumber);
    }

    [Fact]
    public void ConfigWrite_FourAndThirtyTwoBytes_ReadBackIdentically()
    {
        byte[] word = [0x11, 0x22, 0x33, 0x44];
        byte[] block3 = [.. Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i))];

        Assert.Equal(0x00, host.Status(Opcode.Write, 0x00, (2 << 3) | 1, word)); // bytes 68–71
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x80, 3 << 3, block3));     // bytes 96–127

        Assert.Equal(word, host.Data(Opcode.Read, 0x00, (2 << 3) | 1));
        byte[] config = host.ReadConfig();
        Assert.Equal(word, config[68..72]);
        Assert.Equal(block3, config[96..128]);
    }

    [Theory]
    [InlineData(0x80, 0)]            // block 0 as 32 bytes covers the serial number
    [InlineData(0x00, 2)]            // bytes 8–11
    [InlineData(0x00, (2 << 3) | 5)] // bytes 84–87: UserExtra, UserExtraAdd, LockValue, LockConfig
    [InlineData(0x80, 2 << 3)]       // block 2 includes bytes 84–87
    public void ConfigWrite_ToFixedBytes_IsExecutionError(byte mode, ushort address)
    {
        byte[] data = new byte[(mode & 0x80) != 0 ? 32 : 4];

        Assert.Equal(ExecutionError, host.Status(Opcode.Write, mode, address, data));
        Assert.Equal(0x55, host.ReadConfig()[87]);
    }

    [Fact]
    public void LockConfig_WithCrcOfHeldBytes_Succeeds_ThenConfigIsReadOnly()
    {
        host.LockConfig();

        Assert.True(chip.IsConfigLocked);
        Assert.Equal(0x00, host.ReadConfig()[87]);
        Assert.Equal(ExecutionError, host.Status(Opcode.Write, 0x00, (2 << 3) | 1, [1, 2, 3, 4]));
        Assert.Equal(ExecutionError, host.Status(Opcode.Lock, 0x80, 0));
    }

    [Fact]
    public void LockConfig_WithWrongCrc_IsExecutionError_AndLeavesConfigUnlocked()
    {
        byte[] config = host.ReadConfig();
        ushort crc = Crc16.Compute(config, 0, config.Length);

        Assert.Equal(ExecutionError, host.Status(Opcode.Lock, 0x00, (ushort)(crc ^ 0x0100)));

        Assert.False(chip.IsConfigLocked);
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x00, (2 << 3) | 1, [1, 2, 3, 4]));
    }

    [Fact]
    public void LockData_BeforeConfigLock_IsExecutionError()
    {
        Assert.Equal(ExecutionError, host.Status(Opcode.Lock, 0x81, 0));
        Assert.False(chip.IsDataLocked);
    }

    [Fact]
    public void LockData_WithCrcOverSlotsThenOtp_Succeeds_WrongCrcFails()
    {
        host.LockConfig();
        byte[] slot8 = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        byte[] otp0 = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x82, 8 << 3, slot8));
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x81, 0, otp0));

        var zone = new List<byte>();
        for (int slot = 0; slot < 16; slot++)
        {
            int size = slot < 8 ? 36 : slot == 8 ? 416 : 72;
            zone.AddRange(slot == 8 ? [.. slot8, .. new byte[size - 32]] : new byte[size]);
        }

        zone.AddRange([.. otp0, .. new byte[32]]);
        ushort crc = Crc16.Compute([.. zone], 0, zone.Count);

        Assert.Equal(ExecutionError, host.Status(Opcode.Lock, 0x01, (ushort)(crc + 1)));
        Assert.Equal(0x00, host.Status(Opcode.Lock, 0x01, crc));
        Assert.True(chip.IsDataLocked);
        Assert.Equal(slot8, host.Data(Opcode.Read, 0x82, 8 << 3));
        Assert.Equal(otp0, host.Data(Opcode.Read, 0x81, 0));
    }

    [Fact]
    public void DataRead_BeforeDataLock_IsExecutionError()
    {
        host.LockConfig();

        Assert.Equal(ExecutionError, host.Status(Opcode.Read, 0x82, 8 << 3));
        Assert.Equal(ExecutionError, host.Status(Opcode.Read, 0x01, 0));
    }

    [Fact]
    public void DataWrite_BeforeDataLock_OnlyThirtyTwoBytes()
    {
        host.LockConfig();

        Assert.Equal(ExecutionError, host.Status(Opcode.Write, 0x02, 8 << 3, [1, 2, 3, 4]));
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x82, 8 << 3, new byte[32]));
    }

    [Theory]
    [InlineData(0)] // private key slot, SlotConfig 0x2083
    [InlineData(3)] // secret with encrypted read, 0x8FC4
    [InlineData(5)] // secret, 0x8F8F
    public void Read_SecretSlotAfterDataLock_IsExecutionError(int slot)
    {
        host.Provision(keySlot: 0);

        Assert.Equal(ExecutionError, host.Status(Opcode.Read, 0x82, (ushort)(slot << 3)));
        Assert.Equal(ExecutionError, host.Status(Opcode.Read, 0x02, (ushort)((1 << 8) | (slot << 3))));
    }

    [Fact]
    public void Write_AfterDataLock_FollowsSlotPolicy()
    {
        host.Provision(keySlot: 0);

        Assert.Equal(0x00, host.Status(Opcode.Write, 0x02, (12 << 8) | (8 << 3) | 7, [9, 8, 7, 6])); // slot 8 last word
        Assert.Equal([9, 8, 7, 6], host.Data(Opcode.Read, 0x02, (12 << 8) | (8 << 3) | 7));
        Assert.Equal(ExecutionError, host.Status(Opcode.Write, 0x82, 0 << 3, new byte[32]));  // private key slot
        Assert.Equal(ExecutionError, host.Status(Opcode.Write, 0x82, 5 << 3, new byte[32]));  // WriteConfig Never
        Assert.Equal(ExecutionError, host.Status(Opcode.Write, 0x81, 0, new byte[32]));       // OTP after lock
    }

    [Fact]
    public void Read_ShortLastBlockOfSlot_ReturnsThirtyTwoBytesPadded()
    {
        host.LockConfig();
        byte[] block2 = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x82, (2 << 8) | (10 << 3), block2));
        Assert.Equal(0x00, host.Status(Opcode.Lock, 0x81, 0));

        byte[] read = host.Data(Opcode.Read, 0x82, (2 << 8) | (10 << 3));

        Assert.Equal(block2[..8], read[..8]);
        Assert.Equal(new byte[24], read[8..]);
        Assert.Equal(ParseError, host.Status(Opcode.Read, 0x82, (3 << 8) | (10 << 3)));
    }

    [Fact]
    public void SlotLock_LockableSlot_BlocksGenKeyAfterwards()
    {
        host.Provision(keySlot: 0);
        Assert.Equal(64, host.Data(Opcode.GenKey, 0x04, 1).Length);

        Assert.Equal(0x00, host.Status(Opcode.Lock, 0x02 | (1 << 2), 0));

        Assert.Equal(ExecutionError, host.Status(Opcode.GenKey, 0x04, 1));
        Assert.Equal(ExecutionError, host.Status(Opcode.Lock, 0x02 | (1 << 2), 0));
        Assert.Equal(0xFD, host.ReadConfig()[88]);
    }

    [Fact]
    public void UpdateExtra_WritesByte84Once_OnlyAfterConfigLock()
    {
        Assert.Equal(ExecutionError, host.Status(Opcode.UpdateExtra, 0x00, 0x5A));
        host.LockConfig();

        Assert.Equal(0x00, host.Status(Opcode.UpdateExtra, 0x00, 0x5A));
        Assert.Equal(ExecutionError, host.Status(Opcode.UpdateExtra, 0x00, 0x33));
        Assert.Equal(0x5A, host.ReadConfig()[84]);
    }

    [Fact]
    public void Counter_IncrementReturnsNewValue_LittleEndian_CountersIndependent()
    {
        Assert.Equal([0, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 0));
        Assert.Equal([1, 0, 0, 0], host.Data(Opcode.Counter, 0x01, 0));
        Assert.Equal([2, 0, 0, 0], host.Data(Opcode.Counter, 0x01, 0));

        Assert.Equal([2, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 0));
        Assert.Equal([0, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 1));
        Assert.Equal(ParseError, host.Status(Opcode.Counter, 0x00, 2));
    }

    [Fact]
    public void SelfTest_RunAllAndReadMap_AnswerZero_InvalidBitsParseError()
    {
        Assert.Equal(0x00, host.Status(Opcode.SelfTest, 0x3B, 0));
        Assert.Equal(0x00, host.Status(Opcode.SelfTest, 0x00, 0));
        Assert.Equal(ParseError, host.Status(Opcode.SelfTest, 0x04, 0));
    }

    [Theory]
    [InlineData((byte)Opcode.Pause, 0x00, 0)]
    [InlineData(0x99, 0x00, 0)]
    [InlineData((byte)Opcode.Info, 0x00, 4)]  // Info takes no data
    [InlineData((byte)Opcode.Read, 0x04, 0)]  // stray mode bit
    [InlineData((byte)Opcode.Read, 0x03, 0)]  // zone 3
    [InlineData((byte)Opcode.Nonce, 0x02, 20)] // mode 2 invalid on the 608
    [InlineData((byte)Opcode.Nonce, 0x03, 20)] // pass-through needs 32 bytes
    public void MalformedCommand_IsParseError(byte opcode, byte mode, int dataLength)
    {
        Assert.Equal(ParseError, host.Status((Opcode)opcode, mode, 0, new byte[dataLength]));
    }
}
