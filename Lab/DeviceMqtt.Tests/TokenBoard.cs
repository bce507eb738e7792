using System.Diagnostics;
using Atecc608Driver.Provisioning;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using Lab.DeviceTls;

namespace Lab.DeviceMqtt.Tests;

/// <summary>
/// A board on stock firmware, as far as the chip-token login needs it: a <see cref="ChipDevice"/>'s simulated chip,
/// flash in memory and the portable <see cref="RenewalRunner"/> that enrolled it at the Lab EST server, so a
/// <c>CloudSession(…, chipTokenLogin: true)</c> takes its certificate, key and trusted time from the runner.
/// </summary>
internal sealed class TokenBoard : IUptimeClock, IRandomSource, IBlobStore
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly Random _random = new(7);

    private TokenBoard(ChipDevice device) => Device = device;

    public ChipDevice Device { get; }

    public RenewalRunner Runner { get; private set; } = null!;

    public long UptimeMs => _uptime.ElapsedMilliseconds;

    /// <summary>Registers <paramref name="id"/>, boots the runner (SNTP answered with the lab's clock) and runs one
    /// window, which enrolls it; <see cref="ChipDevice.Certificate"/> is then the runner's current certificate.</summary>
    public static TokenBoard Enrolled(EstLab lab, string id)
    {
        var board = new TokenBoard(lab.NewDevice(id));
        lab.Server.Devices.Register(id, EstLab.Secret);
        var records = new RecordStore(board);
        TrustAnchorStore anchors = AnchorRecord.Load(records, lab.Server.RootCertificate.RawData, out long lastCheck, out _);
        var client = new EstClient(new DeviceTlsConnector(), "127.0.0.1", lab.Server.Port, anchors, board.Device.Signer);
        var engine = new RenewalEngine(new RenewalPolicy(), RenewalSchedule.JitterUnit(board.Device.Simulator.SerialNumber),
            DeviceConfiguration.IdentityKeySlot, DeviceConfiguration.FirstRekeySlot, DeviceConfiguration.LastRekeySlot);
        board.Runner = new RenewalRunner(engine, records, new ChipCsrSource(board.Device.Chip, id), client, anchors, new EnrollmentSettings(id, EstLab.Secret), null, board, board, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            LastCaCertsCheck = lastCheck,
        };
        board.Runner.Boot();
        board.Runner.Time.ObserveSntp(lab.Clock.UtcNow, board.UptimeMs);
        board.Runner.Idle();
        WindowResult window = board.Runner.RunWindow(30_000);
        TlsClientCredential? current = board.Runner.CurrentCredential();
        Assert.True(current is not null, $"{id} not enrolled: {window.Report} {window.LastOutcome}");
        board.Device.Certificate = current.Chain[0];
        return board;
    }

    public uint NextUInt32() => (uint)_random.NextInt64(0, 1L << 32);

    public byte[]? Read(string name) => _blobs.TryGetValue(name, out byte[]? blob) ? (byte[])blob.Clone() : null;

    public void Write(string name, byte[] data, int offset, int count) => _blobs[name] = data.AsSpan(offset, count).ToArray();
}
