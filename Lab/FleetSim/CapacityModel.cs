namespace Lab.FleetSim;

/// <summary>
/// A server that works on at most <see cref="MaxConcurrent"/> requests at once, each for a fixed service time: a request
/// arriving while it is full is refused (the EST server answers 503). Arrivals must come in time order, which the
/// simulation's event order guarantees. Records the peak number in flight and the refusals.
/// </summary>
internal sealed class CapacityModel
{
    private readonly PriorityQueue<long, long> _finishing = new();
    private readonly long _serviceTicks;
    private long _lastArrival = long.MinValue;

    public CapacityModel(int maxConcurrent, TimeSpan serviceTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
        _serviceTicks = serviceTime.Ticks;
    }

    /// <summary>Requests served at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Most requests in flight at one moment so far.</summary>
    public int PeakInFlight { get; private set; }

    /// <summary>Requests refused because the server was full.</summary>
    public long Refused { get; private set; }

    /// <summary>Requests accepted.</summary>
    public long Served { get; private set; }

    /// <summary>A request arriving at <paramref name="ticks"/>: true when served, false when refused for capacity.</summary>
    public bool TryAdmit(long ticks)
    {
        if (ticks < _lastArrival)
        {
            throw new InvalidOperationException("arrivals out of time order");
        }

        _lastArrival = ticks;
        while (_finishing.TryPeek(out _, out long finish) && finish <= ticks)
        {
            _finishing.Dequeue();
        }

        if (_finishing.Count >= MaxConcurrent)
        {
            Refused++;
            return false;
        }

        _finishing.Enqueue(ticks + _serviceTicks, ticks + _serviceTicks);
        Served++;
        PeakInFlight = Math.Max(PeakInFlight, _finishing.Count);
        return true;
    }
}
