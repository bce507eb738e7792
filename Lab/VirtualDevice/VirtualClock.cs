namespace Lab.VirtualDevice;

/// <summary>
/// The demo's compressed time: the EST server, the broker and the devices all read it, so certificates issued today
/// expire on the demo's calendar, not the machine's. It moves only when the scenario moves it.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTime Now => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
