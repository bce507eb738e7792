using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using Lab.EstServer;
using Lab.EstServer.Faults;
using Lab.EstServer.Storage;

namespace Lab.VirtualDevice;

/// <summary>
/// A fleet's compressed life, one wake per device per simulated day: provisioning of blank chips, bootstrap
/// enrollment, scheduled renewals, an EST outage, manual approval (202), a 503 storm, an outage past expiry that the
/// server's grace window rescues, cloud commands (rekey, renew now), and a power cut in the middle of a renewal.
/// The days are those of a 30-day certificate and scale with --lifetime-days.
/// </summary>
internal sealed class LifetimeScenario
{
    public const int WindowMs = 30_000;

    private readonly DemoOptions _options;
    private readonly VirtualClock _clock;
    private readonly DemoServer _server;
    private readonly IReadOnlyList<DemoDevice> _devices;
    private readonly LiveLog _log;
    private readonly double _scale;
    private readonly DemoCloud? _cloud;
    private readonly DateTime _start;
    private byte[] _anchor = [];
    private TimeSpan _graceWhenDown;

    public LifetimeScenario(DemoOptions options, VirtualClock clock, DemoServer server, IReadOnlyList<DemoDevice> devices, LiveLog log, DemoCloud? cloud)
    {
        _cloud = cloud;
        _options = options;
        _clock = clock;
        _server = server;
        _devices = devices;
        _log = log;
        _scale = options.LifetimeDays / 30.0;
        _start = clock.Now;
        foreach (DemoDevice device in devices)
        {
            Stats[device] = new DeviceStats();
        }
    }

    public Dictionary<DemoDevice, DeviceStats> Stats { get; } = [];

    private TimeSpan ServerGrace => _server.IsUp ? _server.Host.Policy.ReenrollGracePeriod : _graceWhenDown;

    public async Task RunAsync()
    {
        _anchor = _server.Host.RootCertificate.RawData;
        _graceWhenDown = _server.Host.Policy.ReenrollGracePeriod;
        _log.Phase("Provisioning blank ATECC608s: keys generated inside");
        foreach (DemoDevice device in _devices)
        {
            var identity = device.Provision();
            _log.Device(device, $"{identity.Outcome} {identity.Part}, key in slot {identity.KeySlot}, {identity.Steps.Count} steps" +
                (device.StockFirmware ? "; plays a stock-firmware board: HTTP Basic re-enrollment, chip-token MQTT login" : string.Empty));
        }

        _log.Phase("Bootstrap enrollment with the birth credential");
        WakeAll();

        bool quick = _options.Scenario == "quick";
        int end = quick ? Day(26) : Day(110);
        bool longOutageOver = false;
        for (int day = 1; day <= end; day++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            await EventsOfDayAsync(day, quick, longOutageOver);
            if (!quick && day >= Day(84) && !_server.IsUp && !longOutageOver && _clock.Now > LatestExpiry() + TimeSpan.FromDays(2))
            {
                await _server.StartAsync();
                longOutageOver = true;
                _log.Server("[green]back up[/] after every certificate expired");
            }

            if (day == Day(104) && !quick)
            {
                DemoDevice victim = _devices[0];
                _log.Cloud($"{victim.Id}'s flash will lose power in the middle of the renewal");
                Command(victim, "renew");
                victim.Flash.CutPowerAtWrite(_cloud is null ? 2 : 5);
            }

            WakeAll();
            if (_options.MillisecondsPerDay > 0)
            {
                await Task.Delay(_options.MillisecondsPerDay);
            }
        }

        if (!_server.IsUp)
        {
            await _server.StartAsync();
        }
    }

    private async Task EventsOfDayAsync(int day, bool quick, bool longOutageOver)
    {
        if (quick)
        {
            return;
        }

        if (day == Day(19))
        {
            await _server.StopAsync();
            _log.Phase("EST outage around the renewal date");
            _log.Server("[red]down[/]");
        }
        else if (day == Day(23))
        {
            await _server.StartAsync();
            _log.Server("[green]back up[/]");
        }
        else if (day == Day(40))
        {
            _log.Phase("Manual approval: 202 + Retry-After");
            _server.Host.Policy = _server.Host.Policy with { Approval = EstApprovalMode.Manual, RetryAfter = TimeSpan.FromHours(6) };
        }
        else if (day == Day(52))
        {
            _server.Host.Policy = _server.Host.Policy with { Approval = EstApprovalMode.Automatic };
            _log.Server("approval mode back to automatic");
        }
        else if (day == Day(61))
        {
            _log.Phase("Server error storm: 503 for five days");
            _server.Host.Faults.Inject(new EstFault(EstFaultKind.ServiceUnavailable) { Count = 1000, RetryAfter = TimeSpan.FromHours(12) });
        }
        else if (day == Day(66))
        {
            _server.Host.Faults.Clear();
            _log.Server("storm over");
        }
        else if (day == Day(84) && !longOutageOver)
        {
            _log.Phase("Long outage: certificates expire, grace rescues");
            await _server.StopAsync();
            _log.Server("[red]down[/]");
        }
        else if (day == Day(100))
        {
            _log.Phase("Cloud commands and a power cut");
            Command(_devices[Math.Min(1, _devices.Count - 1)], "rekey");
            if (_devices.Count > 2)
            {
                Command(_devices[2], "renew");
            }
        }

        if (_server.IsUp && _server.Host.Policy.Approval == EstApprovalMode.Manual)
        {
            foreach (PendingRequest pending in _server.Host.Approvals.List(PendingStatus.Pending))
            {
                _server.Host.Approvals.Approve(pending.Id);
                _log.Server($"operator approved {pending.DeviceId}'s request");
            }
        }
    }

    /// <summary>A cloud command over MQTT (on the device's next session), or straight to the runner without a broker of ours.</summary>
    private void Command(DemoDevice device, string op)
    {
        if (_cloud is not null)
        {
            _cloud.Send(device.Id, op);
            return;
        }

        _log.Cloud($"{device.Id}: {op} (applied directly: commands need the embedded broker)");
        device.Boot(_server.Port, _anchor);
        _ = op == "rekey" ? device.Runner.Rekey() : device.Runner.RenewNow();
    }

    private void WakeAll()
    {
        foreach (DemoDevice device in _devices)
        {
            device.Wake(_server.Port, _anchor, WindowMs);
            Stats[device].CountDay(device, _clock.Now, ServerGrace);
        }
    }

    private DateTime LatestExpiry()
    {
        DateTime latest = DateTime.MinValue;
        foreach (DemoDevice device in _devices)
        {
            if (device.Current is Certificate c && c.NotAfter > latest)
            {
                latest = c.NotAfter;
            }
        }

        return latest;
    }

    private int Day(int dayOfThirty) => Math.Max(1, (int)Math.Round(dayOfThirty * _scale));
}
