using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>
/// A behavioural SIMULATOR of the Microchip ATECC608B on its I2C bus, for the desktop Lab: it implements the
/// driver's transport port, so a host driver talks to it exactly as to the chip, and answers in modelled time
/// (no real sleeping). It models sleep/idle/wake and the watchdog, busy NACKs, the I/O buffer with its read
/// pointer, CRC and framing checks, the config/data/OTP zones with their lock and slot rules, and the commands
/// a certificate-lifecycle device uses (see README.md for the exact list and what is left out).
/// </summary>
/// <remarks>
/// It is not the chip and not a security boundary: private keys sit in process memory and in the image file
/// written by <see cref="Save"/>. All public members are safe to call from several threads; the bus calls
/// serialize on one lock as a single I2C bus would.
/// </remarks>
public sealed class SimulatedAtecc608 : IAtecc608Transport, IDisposable
{
    /// <summary>Default fraction of the §3.2 maximum used as "typical" execution time (our choice, not a Microchip number).</summary>
    public const double TypicalExecutionTimeFraction = 0.6;

    /// <summary>Fraction giving CAL's M0 maximum execution times (facts §3.2).</summary>
    public const double MaximumExecutionTimeFraction = 1.0;

    /// <summary>I2C standard mode.</summary>
    public const int StandardModeHz = 100_000;

    /// <summary>I2C fast mode.</summary>
    public const int FastModeHz = 400_000;

    /// <summary>Wake reply: count 4, status 0x11, CRC 33 43 (facts §1.3).</summary>
    private static readonly byte[] WakeReply = [0x04, 0x11, 0x33, 0x43];

    private readonly Lock gate = new();
    private readonly NonVolatileMemory memory;
    private readonly VolatileState volatileState = new();
    private readonly CommandEngine engine;

    private long now;
    private bool awake;
    private bool idle;
    private long wakeReadyAt;
    private long busyUntil;
    private long watchdogDeadline;
    private byte[] output = [];
    private int readPointer;
    private bool sleepBeforeNextWrite;
    private bool corruptNextCrcRead;
    private bool powerLost;
    private int busFrequencyHz = StandardModeHz;
    private double executionTimeFraction = TypicalExecutionTimeFraction;

    /// <summary>
    /// A factory-blank ATECC608B (config and data unlocked), asleep as after power-on. The serial number is
    /// derived from <paramref name="seed"/>, so chips made with different seeds are distinct and the same seed
    /// gives the same chip identity.
    /// </summary>
    public SimulatedAtecc608(int seed)
        : this(NonVolatileMemory.CreateFactoryBlank(seed))
    {
    }

    private SimulatedAtecc608(NonVolatileMemory memory)
    {
        this.memory = memory;
        engine = new CommandEngine(memory, volatileState);
        Account = new SimulatorAccount(() => Volatile.Read(ref now));
    }

    /// <summary>Bus traffic, modelled time and commands since the account was last reset.</summary>
    public SimulatorAccount Account { get; }

    /// <summary>Fault injection: arm faults here.</summary>
    public SimulatorFaults Faults { get; } = new();

    /// <summary>Modelled time since the simulator was created, in microseconds.</summary>
    public long NowMicroseconds
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
    }

    /// <summary>
    /// SCL frequency used to charge bus time per transaction (9 bits per byte, plus the address byte and about a
    /// byte of START/STOP overhead). 100 kHz by default; a host that changes its bus speed sets this too.
    /// </summary>
    public int BusFrequencyHz
    {
        get => busFrequencyHz;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1_000);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1_000_000);
            busFrequencyHz = value;
        }
    }

    /// <summary>
    /// Fraction of CAL's maximum execution time (facts §3.2, column chosen by the ChipMode clock divider) that a
    /// command keeps the chip busy: <see cref="TypicalExecutionTimeFraction"/> (0.6, default) up to
    /// <see cref="MaximumExecutionTimeFraction"/> (1.0).
    /// </summary>
    public double ExecutionTimeFraction
    {
        get => executionTimeFraction;
        set
        {
            if (!(value > 0 && value <= MaximumExecutionTimeFraction))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "must be in (0, 1]");
            }

            executionTimeFraction = value;
        }
    }

    /// <summary>What the chip is doing at the current modelled time.</summary>
    public ChipPowerState State
    {
        get
        {
            lock (gate)
            {
                ExpireWatchdogIfDue();
                if (!awake)
                {
                    return idle ? ChipPowerState.Idle : ChipPowerState.Asleep;
                }

                return now < wakeReadyAt ? ChipPowerState.Waking
                    : now < busyUntil ? ChipPowerState.Busy
                    : ChipPowerState.Awake;
            }
        }
    }

    /// <summary>The 9-byte serial number (config bytes 0–3 ‖ 8–12).</summary>
    public byte[] SerialNumber
    {
        get
        {
            lock (gate)
            {
                return memory.SerialNumber();
            }
        }
    }

    /// <summary>LockConfig (config byte 87) is locked.</summary>
    public bool IsConfigLocked
    {
        get
        {
            lock (gate)
            {
                return memory.ConfigLocked;
            }
        }
    }

    /// <summary>LockValue (config byte 86) is locked.</summary>
    public bool IsDataLocked
    {
        get
        {
            lock (gate)
            {
                return memory.DataLocked;
            }
        }
    }

    /// <summary>
    /// Loads a simulated chip saved with <see cref="Save"/>: same identity, keys, locks and counters, asleep as
    /// after power-on.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a version-1 simulator image.</exception>
    public static SimulatedAtecc608 Load(string path) => new(NonVolatileImageFile.Load(path));

    /// <summary>
    /// Writes the non-volatile state (config, data slots, OTP, counters) to <paramref name="path"/> in the JSON
    /// format described in README.md. Volatile state is not saved.
    /// </summary>
    public void Save(string path)
    {
        lock (gate)
        {
            NonVolatileImageFile.Save(path, memory);
        }
    }

    /// <summary>A copy of the 128-byte configuration zone, for inspection (the config zone is always readable).</summary>
    public byte[] GetConfigZone()
    {
        lock (gate)
        {
            return (byte[])memory.Config.Clone();
        }
    }

    /// <summary>Removes and restores power: volatile state lost, chip asleep, a pending power-loss exception dropped.</summary>
    public void PowerCycle()
    {
        lock (gate)
        {
            EnterSleep();
            powerLost = false;
        }
    }

    /// <inheritdoc/>
    public TransportStatus Write(byte[] buffer, int offset, int count)
    {
        CheckRange(buffer, offset, count);
        lock (gate)
        {
            ThrowIfPowerLost();
            ExpireWatchdogIfDue();
            if (sleepBeforeNextWrite && (count == 0 || buffer[offset] != (byte)WordAddress.Reset))
            {
                // Injected watchdog expiry: the host may still poll and read the response, not send anything else.
                EnterSleep();
            }

            if (!Acknowledges())
            {
                return NotAcknowledged();
            }

            long busTime = ChipTiming.TransactionMicroseconds(count, busFrequencyHz);
            Advance(busTime);
            Account.RecordTransaction(acknowledged: true, count, 0, busTime);
            if (count == 0)
            {
                return TransportStatus.Ok;
            }

            switch ((WordAddress)buffer[offset])
            {
                case WordAddress.Reset:
                    readPointer = 0;
                    break;
                case WordAddress.Sleep:
                    EnterSleep();
                    break;
                case WordAddress.Idle:
                    EnterIdle();
                    break;
                case WordAddress.Command:
                    ReceiveCommand(buffer, offset + 1, count - 1);
                    break;
                default:
                    // Reserved word addresses (0x04–0xFF): acknowledged and ignored.
                    break;
            }

            return TransportStatus.Ok;
        }
    }

    /// <inheritdoc/>
    public TransportStatus Read(byte[] buffer, int offset, int count)
    {
        CheckRange(buffer, offset, count);
        lock (gate)
        {
            ThrowIfPowerLost();
            ExpireWatchdogIfDue();
            if (!Acknowledges())
            {
                return NotAcknowledged();
            }

            for (int i = 0; i < count; i++)
            {
                // Past the end of the output group the chip sends 0xFF.
                buffer[offset + i] = readPointer < output.Length ? output[readPointer] : (byte)0xFF;
                if (corruptNextCrcRead && readPointer == output.Length - 2)
                {
                    // Wire noise on this one transfer of the CRC byte; the stored response stays intact.
                    buffer[offset + i] ^= 0x5A;
                    corruptNextCrcRead = false;
                }

                readPointer++;
            }

            long busTime = ChipTiming.TransactionMicroseconds(count, busFrequencyHz);
            Advance(busTime);
            Account.RecordTransaction(acknowledged: true, 0, count, busTime);
            return TransportStatus.Ok;
        }
    }

    /// <inheritdoc/>
    public TransportStatus SendWake()
    {
        lock (gate)
        {
            ThrowIfPowerLost();
            ExpireWatchdogIfDue();
            if (sleepBeforeNextWrite)
            {
                EnterSleep();
            }

            Advance(ChipTiming.WakeLowMicroseconds);
            Account.RecordWake(ChipTiming.WakeLowMicroseconds);
            if (!awake && !Faults.TakeIgnoredWake())
            {
                // A wake sent to an awake chip is ignored (facts §1.3).
                awake = true;
                idle = false;
                wakeReadyAt = now + ChipTiming.WakeHighMicroseconds;
                busyUntil = 0;
                watchdogDeadline = now + ChipTiming.WatchdogMicroseconds(memory.ChipMode);
                output = (byte[])WakeReply.Clone();
                readPointer = 0;
            }

            return TransportStatus.Ok;
        }
    }

    /// <inheritdoc/>
    public void Delay(int microseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        lock (gate)
        {
            Advance(microseconds);
            Account.RecordDelay(microseconds);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            volatileState.Dispose();
        }
    }

    private static void CheckRange(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0 || count < 0 || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "range outside the buffer");
        }
    }

    /// <summary>One command group from a write with word address 0x03 (facts §2.1, §2.4).</summary>
    private void ReceiveCommand(byte[] buffer, int offset, int length)
    {
        byte[] payload;
        long execution = 0;
        Opcode? opcode = null;
        int count = length > 0 ? buffer[offset] : 0;
        if (length < Packet.MinCommandLength || count != length || count > Packet.MaxCommandLength
            || !Crc16.Matches(buffer, offset, count - 2))
        {
            // Bad CRC or framing: nothing is parsed or executed (split commands are not modelled).
            payload = [(byte)Atecc608Status.CommunicationError];
        }
        else
        {
            CommandRequest request = CommandRequest.Parse(buffer, offset, count);
            opcode = request.Opcode;
            execution = ChipTiming.ExecutionMicroseconds((byte)request.Opcode, memory.ChipMode, executionTimeFraction);
            byte? replacement = Faults.TakeReplacementStatus();
            if (replacement is byte status)
            {
                payload = [status];
            }
            else if (watchdogDeadline - now < execution)
            {
                // Not enough watchdog left to finish: refused, not executed.
                payload = [(byte)Atecc608Status.WatchdogAboutToExpire];
                execution = 0;
            }
            else
            {
                payload = engine.Execute(request);
            }
        }

        bool corrupt = Faults.TakeCrcCorruption(out bool persistent);
        output = Frame(payload, corrupt && persistent);
        corruptNextCrcRead = corrupt && !persistent;
        readPointer = 0;
        busyUntil = now + execution;
        Account.RecordCommand(opcode, execution);
        if (Faults.TakeWatchdogExpiry())
        {
            sleepBeforeNextWrite = true;
        }

        if (Faults.TakePowerLoss())
        {
            EnterSleep();
            powerLost = true;
        }
    }

    /// <summary>count ‖ payload ‖ CRC-16 (facts §2.2).</summary>
    private static byte[] Frame(byte[] payload, bool corruptCrc)
    {
        byte[] group = new byte[payload.Length + 3];
        group[0] = (byte)group.Length;
        payload.CopyTo(group, 1);
        Crc16.Append(group, 0, payload.Length + 1);
        if (corruptCrc)
        {
            group[^2] ^= 0x5A;
        }

        return group;
    }

    private bool Acknowledges()
    {
        bool injected = Faults.TakeNack();
        return !injected && awake && now >= wakeReadyAt && now >= busyUntil;
    }

    private TransportStatus NotAcknowledged()
    {
        long busTime = ChipTiming.TransactionMicroseconds(0, busFrequencyHz);
        Advance(busTime);
        Account.RecordTransaction(acknowledged: false, 0, 0, busTime);
        return TransportStatus.NotAcknowledged;
    }

    private void Advance(long microseconds)
    {
        now += microseconds;
        ExpireWatchdogIfDue();
    }

    private void ExpireWatchdogIfDue()
    {
        if (awake && now >= watchdogDeadline)
        {
            EnterSleep();
        }
    }

    private void ThrowIfPowerLost()
    {
        if (powerLost)
        {
            powerLost = false;
            throw new SimulatedPowerLossException();
        }
    }

    /// <summary>Sleep: everything volatile is lost (facts §1.5).</summary>
    private void EnterSleep()
    {
        awake = false;
        idle = false;
        busyUntil = 0;
        wakeReadyAt = 0;
        output = [];
        readPointer = 0;
        sleepBeforeNextWrite = false;
        volatileState.Clear();
    }

    /// <summary>Idle: volatile state kept, I/O buffer flushed, watchdog stopped (facts §1.5).</summary>
    private void EnterIdle()
    {
        awake = false;
        idle = true;
        busyUntil = 0;
        output = [];
        readPointer = 0;
    }
}
