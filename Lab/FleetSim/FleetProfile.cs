using DeviceAgent.Renewal;

namespace Lab.FleetSim;

/// <summary>
/// The fleet itself, shared by every strategy's run so that they are compared on the same devices: serial numbers and
/// the engine's jitter position derived from them, each window's time of day, the rollout day, who is poorly connected
/// or has no SNTP, which days each device misses, when its power is cut, and which devices get revoked.
/// Immutable after construction; the per-day draws are pure functions of the seed.
/// </summary>
internal sealed class FleetProfile
{
    private readonly double[] _missRate;
    private readonly double _powerCutPerDay;
    private readonly ulong _seed;

    public FleetProfile(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        _seed = scenario.Seed;
        int n = scenario.Devices;
        JitterUnits = new uint[n];
        TimeOfDay = new long[n];
        FirstDay = new int[n];
        HasSntp = new bool[n];
        _missRate = new double[n];
        _powerCutPerDay = scenario.PowerCutsPerYear / 365.0;
        long spread = (long)(scenario.WindowSpreadHours * TimeSpan.TicksPerHour);
        spread = Math.Clamp(spread, TimeSpan.TicksPerSecond, TimeSpan.TicksPerDay - (scenario.WindowSeconds * TimeSpan.TicksPerSecond));
        for (int d = 0; d < n; d++)
        {
            JitterUnits[d] = RenewalSchedule.JitterUnit(Serial(d));
            double unit = FleetRandom.Unit(_seed, FleetRandom.Stream.TimeOfDay, (ulong)d, 0);
            TimeOfDay[d] = (long)(unit * spread) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
            FirstDay[d] = (int)(FleetRandom.Unit(_seed, FleetRandom.Stream.Rollout, (ulong)d, 0) * Math.Max(1, scenario.RolloutDays));
            bool poor = FleetRandom.Unit(_seed, FleetRandom.Stream.DeviceClass, (ulong)d, 0) < scenario.PoorShare;
            _missRate[d] = poor ? scenario.PoorMissRate : scenario.MissRate;
            HasSntp[d] = FleetRandom.Unit(_seed, FleetRandom.Stream.Sntp, (ulong)d, 0) >= scenario.NoSntpShare;
        }

        Order = Enumerable.Range(0, n).OrderBy(d => TimeOfDay[d]).ThenBy(d => d).ToArray();
        var revoked = new Dictionary<int, int[]>();
        var chosen = new HashSet<int>();
        for (int e = 0; e < scenario.RevocationDays.Count; e++)
        {
            int count = Math.Min(scenario.RevocationsPerDay, n - chosen.Count);
            var picked = new int[count];
            for (int k = 0, draw = 0; k < count; draw++)
            {
                int d = (int)(FleetRandom.Hash(_seed, FleetRandom.Stream.Revocation, (ulong)e, (ulong)draw) % (ulong)n);
                if (chosen.Add(d))
                {
                    picked[k++] = d;
                }
            }

            revoked[scenario.RevocationDays[e]] = picked;
        }

        RevokedOnDay = revoked;
    }

    /// <summary>The scenario the fleet was drawn for.</summary>
    public Scenario Scenario { get; }

    /// <summary>Number of devices.</summary>
    public int Count => JitterUnits.Length;

    /// <summary>Per device: <see cref="RenewalSchedule.JitterUnit"/> of its serial number.</summary>
    public uint[] JitterUnits { get; }

    /// <summary>Per device: start of its daily window, ticks after 00:00 (whole seconds).</summary>
    public long[] TimeOfDay { get; }

    /// <summary>Device indexes ordered by <see cref="TimeOfDay"/>: the order of the day's windows.</summary>
    public int[] Order { get; }

    /// <summary>Per device: the day of its first boot.</summary>
    public int[] FirstDay { get; }

    /// <summary>Per device: whether SNTP answers in its windows.</summary>
    public bool[] HasSntp { get; }

    /// <summary>Devices revoked on each revocation day.</summary>
    public IReadOnlyDictionary<int, int[]> RevokedOnDay { get; }

    /// <summary>Whether <paramref name="device"/> gets no window on <paramref name="day"/>.</summary>
    public bool Missed(int device, int day) => FleetRandom.Unit(_seed, FleetRandom.Stream.Missed, (ulong)device, (ulong)day) < _missRate[device];

    /// <summary>Whether <paramref name="device"/> loses power (and reboots) before its window on <paramref name="day"/>.</summary>
    public bool PowerCut(int device, int day) => FleetRandom.Unit(_seed, FleetRandom.Stream.PowerCut, (ulong)device, (ulong)day) < _powerCutPerDay;

    /// <summary>
    /// The device's 9-byte ATECC608 serial number: SN[0..1] = 01 23 as on every part (facts/atecc608.md §4.4), the
    /// device index after it, fixed bytes to fill.
    /// </summary>
    public static byte[] Serial(int device)
    {
        return [0x01, 0x23, (byte)(device >> 24), (byte)(device >> 16), (byte)(device >> 8), (byte)device, 0x5A, 0xC3, 0xEE];
    }
}
