using System.Globalization;
using Atecc608Driver;
using Atecc608Driver.Provisioning;
using Atecc608Simulator;

namespace Lab.Benchmarks;

/// <summary>
/// I2C cost of the driver's two heavy flows, "sign a CSR digest" and "provision a blank chip", on the simulated
/// ATECC608B at 100 kHz and 400 kHz: transactions, bytes and modelled time, next to the least the protocol
/// allows for the same work (one wake, each command written once, each reply read once in one transaction as
/// soon as the chip is done, no polling, no idle/re-wake between commands).
/// </summary>
/// <remarks>
/// Modelled time is deterministic (the simulator's bus and execution-time model, execution at 60 % of the
/// datasheet maximum), so one run is exact; host CPU time is irrelevant to the device and not measured.
/// At 400 kHz the general-call wake pulse is too short for a real chip (facts §12.1); the model assumes the
/// wake is made another way (100 kHz for the wake only, or a GPIO pulse) and counts only the bus time.
/// </remarks>
internal static class Atecc608Bus
{
    private const int Seed = 20261127;

    public static void Run(TextWriter output)
    {
        output.WriteLine("| flow | bus | transactions | bytes | modelled time | minimum: transactions / bytes / time | time ratio |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (int hz in new[] { SimulatedAtecc608.StandardModeHz, SimulatedAtecc608.FastModeHz })
        {
            Row(output, "sign a CSR digest", hz, MeasureSign(hz), MinimumSign(hz));
            Row(output, "provision a blank chip", hz, MeasureProvisioning(hz, out Measurement minimum), minimum);
        }
    }

    private static Measurement MeasureSign(int hz)
    {
        using var sim = new SimulatedAtecc608(Seed);
        var chip = new Atecc608(sim);
        new Provisioner(chip).Run();
        sim.BusFrequencyHz = hz;
        sim.Account.Reset();

        chip.SignDigest(0, new byte[32]);
        chip.Sleep();

        return Measurement.Of(sim.Account);
    }

    private static Measurement MeasureProvisioning(int hz, out Measurement minimum)
    {
        using var sim = new SimulatedAtecc608(Seed);
        sim.BusFrequencyHz = hz;
        var chip = new Atecc608(sim);

        ProvisioningResult result = new Provisioner(chip).Run();
        chip.Sleep();

        int words = int.Parse(result.Steps.Cast<string>().First(s => s.StartsWith("wrote ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
        minimum = MinimumProvisioning(hz, words);
        return Measurement.Of(sim.Account);
    }

    /// <summary>Wake, Nonce (32-byte digest into the message-digest buffer), Sign, sleep.</summary>
    private static Measurement MinimumSign(int hz)
    {
        var m = new MinimumBuilder(hz);
        m.Wake();
        m.Command(Opcode.Nonce, commandBytes: 39, replyBytes: 4);
        m.Command(Opcode.Sign, commandBytes: 7, replyBytes: 67);
        m.Sleep();
        return m.Result;
    }

    /// <summary>Wake, read the config (4 × 32 B), write the differing words, lock config, GenKey, lock data, sleep.</summary>
    private static Measurement MinimumProvisioning(int hz, int words)
    {
        var m = new MinimumBuilder(hz);
        m.Wake();
        for (int i = 0; i < 4; i++)
        {
            m.Command(Opcode.Read, 7, 35);
        }

        for (int i = 0; i < words; i++)
        {
            m.Command(Opcode.Write, 11, 4);
        }

        m.Command(Opcode.Lock, 7, 4);
        m.Command(Opcode.GenKey, 7, 67);
        m.Command(Opcode.Lock, 7, 4);
        m.Sleep();
        return m.Result;
    }

    private static void Row(TextWriter output, string flow, int hz, Measurement measured, Measurement minimum)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {flow} | {hz / 1000} kHz | {measured.Transactions} | {measured.Bytes} | {measured.Microseconds / 1000.0:F1} ms | {minimum.Transactions} / {minimum.Bytes} / {minimum.Microseconds / 1000.0:F1} ms | {(double)measured.Microseconds / minimum.Microseconds:F2} |"));
    }

    private readonly record struct Measurement(long Transactions, long Bytes, long Microseconds)
    {
        public static Measurement Of(SimulatorAccount account) =>
            new(account.Transactions, account.BytesWritten + account.BytesRead, account.ElapsedMicroseconds);
    }

    /// <summary>Adds up the protocol's least cost with the simulator's own bus and execution-time model.</summary>
    private sealed class MinimumBuilder(int hz)
    {
        private long _transactions;
        private long _bytes;
        private long _micros;

        public Measurement Result => new(_transactions, _bytes, _micros);

        public void Wake()
        {
            _micros += ChipTiming.WakeLowMicroseconds + ChipTiming.WakeHighMicroseconds;
            Transfer(4);
            _transactions++; // the wake pulse itself
        }

        public void Command(Opcode opcode, int commandBytes, int replyBytes)
        {
            Transfer(1 + commandBytes);
            _micros += ChipTiming.ExecutionMicroseconds((byte)opcode, 0x00, SimulatedAtecc608.TypicalExecutionTimeFraction);
            Transfer(replyBytes);
        }

        public void Sleep() => Transfer(1);

        private void Transfer(int bytes)
        {
            _transactions++;
            _bytes += bytes;
            _micros += ChipTiming.TransactionMicroseconds(bytes, hz);
        }
    }
}
