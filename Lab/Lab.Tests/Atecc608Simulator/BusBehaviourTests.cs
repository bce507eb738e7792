using Atecc608Driver;
using Atecc608Simulator;

namespace Lab.Tests.Atecc608Simulator;

/// <summary>Sleep, wake, idle, busy, watchdog, read pointer and command framing on the simulated bus.</summary>
public sealed class BusBehaviourTests : IDisposable
{
    private static readonly byte[] InfoRevisionCommand = [0x03, 0x07, 0x30, 0x00, 0x00, 0x00, 0x03, 0x5D];

    private readonly SimulatedAtecc608 chip = new(seed: 1);
    private readonly FrameHost host;

    public BusBehaviourTests() => host = new FrameHost(chip);

    public void Dispose() => chip.Dispose();

    [Fact]
    public void PowerOn_ChipIsAsleep_AndNacksReadsAndWrites()
    {
        Assert.Equal(ChipPowerState.Asleep, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[4], 0, 4));
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Write(InfoRevisionCommand, 0, InfoRevisionCommand.Length));
        Assert.Equal(ChipPowerState.Asleep, chip.State);
    }

    [Fact]
    public void Wake_AfterTwhi_ReadsWakeReply041133_43()
    {
        Assert.Equal([0x04, 0x11, 0x33, 0x43], host.Wake());
        Assert.Equal(ChipPowerState.Awake, chip.State);
    }

    [Fact]
    public void Wake_BeforeTwhiHasPassed_ReadIsNacked()
    {
        chip.SendWake();
        chip.Delay(1000);

        Assert.Equal(ChipPowerState.Waking, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[4], 0, 4));
    }

    [Fact]
    public void Read_AdvancesPointer_ResetRewinds_AndPastTheGroupReads0xFF()
    {
        host.Wake();
        Assert.Equal(TransportStatus.Ok, host.WriteWordAddress(WordAddress.Reset));

        byte[] first = new byte[1];
        byte[] rest = new byte[5];
        chip.Read(first, 0, 1);
        chip.Read(rest, 0, 5);
        Assert.Equal(0x04, first[0]);
        Assert.Equal([0x11, 0x33, 0x43, 0xFF, 0xFF], rest);

        host.WriteWordAddress(WordAddress.Reset);
        byte[] again = new byte[4];
        chip.Read(again, 0, 4);
        Assert.Equal([0x04, 0x11, 0x33, 0x43], again);
    }

    [Fact]
    public void InfoRevision_ExactFrames_MatchFactSheetVector()
    {
        host.Wake();
        Assert.Equal(TransportStatus.Ok, chip.Write(InfoRevisionCommand, 0, InfoRevisionCommand.Length));

        Assert.Equal(Convert.FromHexString("0700006003" + "83BB"), host.ReceiveRaw());
    }

    [Fact]
    public void Command_NackedWhileBusy_UntilExecutionTimeHasPassed()
    {
        host.Wake();
        Assert.Equal(TransportStatus.Ok, host.Send(Opcode.Random, 0, 0));
        long start = chip.NowMicroseconds;
        // Random: 23 ms maximum (facts §3.2), 60 % by default = 13.8 ms.
        const long BusyFor = 13_800;
        Assert.Equal(ChipPowerState.Busy, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[1], 0, 1));

        while (host.WriteWordAddress(WordAddress.Reset) != TransportStatus.Ok)
        {
            chip.Delay(100);
        }

        // Each failed poll costs a NACKed write (180 µs at 100 kHz) and 100 µs; the successful one 270 µs.
        Assert.InRange(chip.NowMicroseconds - start, BusyFor, BusyFor + 280 + 270);
        byte[] reply = new byte[35];
        Assert.Equal(TransportStatus.Ok, chip.Read(reply, 0, 35));
        Assert.Equal(35, Packet.CheckResponse(reply, 0, 35, Opcode.Random));
    }

    [Fact]
    public void ExecutionTimeFraction_Maximum_UsesFactSheetM0Time()
    {
        chip.ExecutionTimeFraction = SimulatedAtecc608.MaximumExecutionTimeFraction;
        host.Wake();
        host.Send(Opcode.SelfTest, 0x3B, 0);
        long start = chip.NowMicroseconds;

        chip.Delay(249_000);
        Assert.Equal(ChipPowerState.Busy, chip.State);
        chip.Delay(1_000);
        Assert.Equal(ChipPowerState.Awake, chip.State);
        Assert.Equal(250_000, chip.NowMicroseconds - start);
    }

    [Fact]
    public void Command_WithBadCrc_AnswersCommunicationError0xFF()
    {
        host.Wake();
        byte[] corrupt = (byte[])InfoRevisionCommand.Clone();
        corrupt[^1] ^= 0x01;

        chip.Write(corrupt, 0, corrupt.Length);

        Assert.Equal(Convert.FromHexString("04FF0142"), host.Receive(Opcode.Info));
    }

    [Fact]
    public void Command_WhoseCountDisagreesWithBytesWritten_AnswersCommunicationError()
    {
        host.Wake();
        byte[] shortWrite = InfoRevisionCommand[..6];

        chip.Write(shortWrite, 0, shortWrite.Length);

        Assert.Equal(0xFF, host.Receive(Opcode.Info)[1]);
    }

    [Fact]
    public void Watchdog_ExpiresAfter1300ms_ChipSleepsAndNacks()
    {
        host.Wake();
        chip.Delay(1_290_000);
        Assert.Equal(ChipPowerState.Awake, chip.State);

        chip.Delay(20_000);

        Assert.Equal(ChipPowerState.Asleep, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, host.WriteWordAddress(WordAddress.Reset));
    }

    [Fact]
    public void Idle_StopsWatchdog_AndNacksUntilNextWake()
    {
        host.Wake();
        host.WriteWordAddress(WordAddress.Idle);
        chip.Delay(5_000_000);

        Assert.Equal(ChipPowerState.Idle, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, chip.Read(new byte[1], 0, 1));
        Assert.Equal([0x04, 0x11, 0x33, 0x43], host.Wake());
    }

    [Fact]
    public void WakeWhileAwake_IsIgnored_OutputAndWatchdogUnchanged()
    {
        host.Wake();
        host.Send(Opcode.Info, 0, 0);
        chip.Delay(1_000_000);

        chip.SendWake();
        chip.Delay(1500);

        Assert.Equal(7, host.Receive(Opcode.Info).Length);
        chip.Delay(300_000);
        Assert.Equal(ChipPowerState.Asleep, chip.State);
    }

    [Fact]
    public void CommandNearWatchdogEnd_AnswersWatchdogAboutToExpire0xEE_AndDoesNotExecute()
    {
        host.Wake();
        chip.Delay(1_290_000);

        host.Send(Opcode.Counter, 0x01, 0);

        Assert.Equal(0xEE, host.Receive(Opcode.Counter)[1]);
        host.WriteWordAddress(WordAddress.Sleep);
        Assert.Equal([0, 0, 0, 0], host.Data(Opcode.Counter, 0x00, 0));
    }

    [Fact]
    public void ChipModeBit2_SelectsThirteenSecondWatchdog()
    {
        // Bytes 16–19: I2C address C0, reserved, CountMatch, ChipMode = 0x04.
        Assert.Equal(0x00, host.Status(Opcode.Write, 0x00, 4, [0xC0, 0x00, 0x00, 0x04]));
        host.Wake();
        chip.Delay(5_000_000);
        Assert.Equal(ChipPowerState.Awake, chip.State);

        chip.Delay(8_000_000);

        Assert.Equal(ChipPowerState.Asleep, chip.State);
    }

    [Fact]
    public void SleepWordAddress_PutsChipToSleep()
    {
        host.Wake();
        Assert.Equal(TransportStatus.Ok, host.WriteWordAddress(WordAddress.Sleep));
        Assert.Equal(ChipPowerState.Asleep, chip.State);
        Assert.Equal(TransportStatus.NotAcknowledged, host.WriteWordAddress(WordAddress.Reset));
    }

    [Theory]
    [InlineData(SimulatedAtecc608.StandardModeHz, 540)]
    [InlineData(SimulatedAtecc608.FastModeHz, 135)]
    public void BusTime_FourByteRead_CostsNineBitsPerByteWithAddressAndOverhead(int hz, long expectedUs)
    {
        chip.BusFrequencyHz = hz;
        host.Wake();
        long before = chip.NowMicroseconds;

        chip.Read(new byte[4], 0, 4);

        Assert.Equal(expectedUs, chip.NowMicroseconds - before);
    }

    [Fact]
    public void Settings_OutOfRange_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.BusFrequencyHz = 2_000_000);
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.ExecutionTimeFraction = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.ExecutionTimeFraction = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.Delay(-1));
    }
}
