namespace Lab.FleetSim;

/// <summary>
/// Counter-based randomness: a value is a pure function of (seed, stream, a, b), mixed with the SplitMix64 finalizer
/// (Steele, Lea, Flood 2014). No generator state is shared, so every strategy sees the same fleet (the same missed days,
/// power cuts and revoked devices) whatever order the simulations run in, and threads need no locks.
/// </summary>
internal static class FleetRandom
{
    /// <summary>Named streams, so that two uses of the same (device, day) never draw the same value.</summary>
    public enum Stream : ulong
    {
        Missed = 1,
        PowerCut = 2,
        DeviceClass = 3,
        TimeOfDay = 4,
        Engine = 5,
        Revocation = 6,
        Sntp = 7,
        Rollout = 8,
    }

    /// <summary>64 well-mixed bits.</summary>
    public static ulong Hash(ulong seed, Stream stream, ulong a, ulong b)
    {
        ulong x = Mix(seed ^ ((ulong)stream * 0x9E3779B97F4A7C15UL));
        x = Mix(x ^ (a * 0xBF58476D1CE4E5B9UL));
        return Mix(x ^ (b * 0x94D049BB133111EBUL));
    }

    /// <summary>Uniform in [0, 1).</summary>
    public static double Unit(ulong seed, Stream stream, ulong a, ulong b)
    {
        return (Hash(seed, stream, a, b) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform 32 bits, as the renewal engine takes them.</summary>
    public static uint UInt32(ulong seed, Stream stream, ulong a, ulong b)
    {
        return (uint)(Hash(seed, stream, a, b) >> 32);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
