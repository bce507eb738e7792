using System.Diagnostics;

namespace Lab.FleetSim;

/// <summary>
/// One strategy over the whole fleet in virtual time. Each day the devices wake in the order of their windows' times
/// of day; a window's later steps, and the scenario's events (outage, rekey campaign, root rollover, revocations), wait
/// in priority queues and are merged in time order, so every request reaches the server model when it happens.
/// </summary>
internal sealed class FleetSimulation
{
    private readonly FleetDevice[] _devices;
    private readonly PriorityQueue<int, long> _steps = new();
    private readonly PriorityQueue<ScenarioEvent, long> _events = new();
    private long _rolloverStart;

    public FleetSimulation(FleetProfile profile, Strategy strategy, CrlSizeModel crl)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(crl);
        Profile = profile;
        Scenario = profile.Scenario;
        Strategy = strategy;
        Crl = crl;
        Server = new ServerModel(Scenario.Server, profile.Count, strategy.Lifetime);
        if (Scenario.RevokeSupersededOnRekey)
        {
            Server.Superseded = (_, notAfter) => Server.Revocations.Add(notAfter);
        }

        // the token service is sized like the EST server but its refusals are only counted
        TokenService = new CapacityModel(int.MaxValue, Scenario.Server.ServiceTime);
        Metrics = new FleetMetrics(Scenario.Days, profile.Count, Scenario.Start.Ticks);
        _devices = new FleetDevice[profile.Count];
        var policy = strategy.Policy();
        foreach (int d in profile.Order)
        {
            // allocated in the order of the day's windows, so the daily sweep walks memory forwards
            _devices[d] = new FleetDevice(this, d, policy);
        }

        ScheduleEvents();
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The fleet.</summary>
    public FleetProfile Profile { get; }

    /// <summary>The strategy simulated.</summary>
    public Strategy Strategy { get; }

    /// <summary>The EST server model.</summary>
    public ServerModel Server { get; }

    /// <summary>Strategy C's token service (load only).</summary>
    public CapacityModel TokenService { get; }

    /// <summary>CRL size model.</summary>
    public CrlSizeModel Crl { get; }

    /// <summary>What this run counts.</summary>
    public FleetMetrics Metrics { get; }

    /// <summary>EstClient's clock skew allowance for an issued certificate's notBefore (its default, 5 minutes).</summary>
    public long ClientClockSkewTicks { get; } = TimeSpan.FromMinutes(5).Ticks;

    /// <summary>The devices (after <see cref="Run"/>: their final state).</summary>
    public IReadOnlyList<FleetDevice> Devices => _devices;

    /// <summary>Runs every day; <paramref name="progress"/> gets each finished year and the elapsed wall time.</summary>
    public FleetMetrics Run(Action<int, TimeSpan>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        int[] order = Profile.Order;
        long[] timeOfDay = Profile.TimeOfDay;
        int[] firstDay = Profile.FirstDay;
        for (int day = 0; day < Scenario.Days; day++)
        {
            long dayStart = Scenario.DayStart(day);
            Server.Revocations.Advance(dayStart);
            Metrics.CrlEntriesPerDay[day] = Server.Revocations.Count;
            for (int i = 0; i < order.Length; i++)
            {
                int d = order[i];
                if (day < firstDay[d])
                {
                    continue;
                }

                long now = dayStart + timeOfDay[d];
                Drain(now);
                long next = _devices[d].DailyWake(now, day);
                if (next >= 0)
                {
                    _steps.Enqueue(d, next);
                }
            }

            if ((day + 1) % 365 == 0)
            {
                progress?.Invoke((day + 1) / 365, clock.Elapsed);
            }
        }

        long end = Scenario.DayStart(Scenario.Days);
        Drain(end);
        foreach (FleetDevice device in _devices)
        {
            device.Finish(end);
        }

        Metrics.EstPeakConcurrency = Server.Capacity.PeakInFlight;
        Metrics.TokenPeakConcurrency = TokenService.PeakInFlight;
        Metrics.CrlPeakEntries = Server.Revocations.PeakCount;
        Server.Revocations.Advance(end);
        Metrics.CrlEndEntries = Server.Revocations.Count;
        return Metrics;
    }

    /// <summary>A device took the new root at <paramref name="now"/>.</summary>
    public void NewRootAcquired(long now)
    {
        double days = (now - _rolloverStart) / (double)TimeSpan.TicksPerDay;
        Metrics.RolloverDays = double.IsNaN(Metrics.RolloverDays) ? days : Math.Max(Metrics.RolloverDays, days);
    }

    /// <summary>Carries out every queued step and event up to <paramref name="until"/>, in time order.</summary>
    private void Drain(long until)
    {
        while (true)
        {
            bool haveStep = _steps.TryPeek(out int device, out long stepAt) && stepAt <= until;
            bool haveEvent = _events.TryPeek(out ScenarioEvent? evt, out long eventAt) && eventAt <= until;
            if (haveEvent && (!haveStep || eventAt <= stepAt))
            {
                _events.Dequeue();
                Apply(evt!, eventAt);
            }
            else if (haveStep)
            {
                _steps.Dequeue();
                long next = _devices[device].Continue(stepAt);
                if (next >= 0)
                {
                    _steps.Enqueue(device, next);
                }
            }
            else
            {
                return;
            }
        }
    }

    private void ScheduleEvents()
    {
        Scenario s = Scenario;
        if (s.InRun(s.OutageStartDay) && s.OutageDays > 0)
        {
            Add(new ScenarioEvent(ScenarioEventKind.OutageStart, s.OutageStartDay), s.DayStart(s.OutageStartDay));
            Add(new ScenarioEvent(ScenarioEventKind.OutageEnd, s.OutageStartDay), s.DayStart(s.OutageStartDay + s.OutageDays));
        }

        if (s.InRun(s.RekeyDay))
        {
            Add(new ScenarioEvent(ScenarioEventKind.RekeyCampaign, s.RekeyDay), s.DayStart(s.RekeyDay));
        }

        if (s.InRun(s.RootRolloverDay))
        {
            Add(new ScenarioEvent(ScenarioEventKind.RootRollover, s.RootRolloverDay), s.DayStart(s.RootRolloverDay));
            int retire = s.RootRolloverDay + s.RolloverRetireAfterDays;
            if (s.InRun(retire))
            {
                Add(new ScenarioEvent(ScenarioEventKind.RetireOldRoot, retire), s.DayStart(retire));
            }
        }

        foreach (int day in s.RevocationDays)
        {
            if (!s.InRun(day))
            {
                continue;
            }

            foreach (int device in Profile.RevokedOnDay[day])
            {
                // each at its own time of that day (whole seconds)
                long offset = (long)(FleetRandom.Unit(s.Seed, FleetRandom.Stream.Revocation, (ulong)device, (ulong)day) * 86_400) * TimeSpan.TicksPerSecond;
                Add(new ScenarioEvent(ScenarioEventKind.Revocation, day, device), s.DayStart(day) + offset);
            }
        }
    }

    private void Add(ScenarioEvent evt, long at) => _events.Enqueue(evt, at);

    private void Apply(ScenarioEvent evt, long now)
    {
        switch (evt.Kind)
        {
            case ScenarioEventKind.OutageStart:
                Server.Down = true;
                break;
            case ScenarioEventKind.OutageEnd:
                Server.Down = false;
                break;
            case ScenarioEventKind.RekeyCampaign:
                Server.Settings = Server.Settings with { AllowRekey = true };
                foreach (FleetDevice device in _devices)
                {
                    device.QueueRekey();
                }

                break;
            case ScenarioEventKind.RootRollover:
                _rolloverStart = now;
                Server.RollOverRoot();
                break;
            case ScenarioEventKind.RetireOldRoot:
                Server.RetireOldRoot();
                Metrics.StrandedByRollover = _devices.Count(d => d.InService && !d.Revoked && !d.TrustsNewRoot);
                if (Metrics.StrandedByRollover > 0)
                {
                    Metrics.RolloverDays = -1;
                }

                break;
            case ScenarioEventKind.Revocation:
                Server.Revoke(evt.Device);
                _devices[evt.Device].Revoke(now);
                break;
            default:
                throw new InvalidOperationException("unknown event " + evt.Kind);
        }
    }
}
