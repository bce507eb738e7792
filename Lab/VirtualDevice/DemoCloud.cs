using System.Collections.Concurrent;
using System.Text;
using Lab.DeviceMqtt;
using Spectre.Console;

namespace Lab.VirtualDevice;

/// <summary>
/// The cloud side of the demo: the embedded broker's view of what devices publish (status, command results) and
/// the commands it sends. A command waits until its device's retained status says online (clean sessions: a device
/// only hears what is sent while it is connected), then goes to <c>dev/&lt;id&gt;/cmd</c>.
/// </summary>
internal sealed class DemoCloud
{
    private readonly LabBroker _broker;
    private readonly LiveLog _log;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _awaitingResult = new(StringComparer.Ordinal);
    private int _next;

    public DemoCloud(LabBroker broker, LiveLog log)
    {
        _broker = broker;
        _log = log;
        broker.Published += OnPublished;
    }

    public int TelemetryMessages { get; private set; }

    /// <summary>Queues a command (renew, rekey, rebootstrap, status) for <paramref name="deviceId"/>'s next session.</summary>
    public void Send(string deviceId, string op)
    {
        string id = "c" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pending.GetOrAdd(deviceId, _ => new ConcurrentQueue<string>()).Enqueue($"{{\"id\":\"{id}\",\"op\":\"{op}\"}}");
        _log.Cloud($"queued [bold]{op}[/] for {Markup.Escape(deviceId)} ({id})");
    }

    /// <summary>True while a command for <paramref name="deviceId"/> is queued or sent and unanswered.</summary>
    public bool Busy(string deviceId) =>
        (_pending.TryGetValue(deviceId, out var queue) && !queue.IsEmpty) || _awaitingResult.GetValueOrDefault(deviceId) > 0;

    /// <summary>A string member of a device's flat JSON result (our own format; enough for the log).</summary>
    private static string Field(string json, string name)
    {
        string key = "\"" + name + "\":\"";
        int at = json.IndexOf(key, StringComparison.Ordinal);
        int end = at < 0 ? -1 : json.IndexOf('"', at + key.Length);
        return end < 0 ? "?" : json[(at + key.Length)..end];
    }

    private void OnPublished(string clientId, string topic, byte[] payload)
    {
        string text = Encoding.UTF8.GetString(payload);
        if (topic.EndsWith("/status", StringComparison.Ordinal) && text.Contains("\"state\":\"online\"", StringComparison.Ordinal))
        {
            while (_pending.TryGetValue(clientId, out var queue) && queue.TryDequeue(out string? command))
            {
                _awaitingResult.AddOrUpdate(clientId, 1, (_, n) => n + 1);
                _broker.PublishAsync("dev/" + clientId + "/cmd", Encoding.UTF8.GetBytes(command)).GetAwaiter().GetResult();
            }
        }
        else if (topic.EndsWith("/cmd/result", StringComparison.Ordinal))
        {
            _awaitingResult.AddOrUpdate(clientId, 0, (_, n) => Math.Max(0, n - 1));
            _log.Cloud($"{Markup.Escape(clientId)} answered {Markup.Escape(Field(text, "id"))}: [bold]{Markup.Escape(Field(text, "result"))}[/]");
        }
        else if (topic.EndsWith("/telemetry", StringComparison.Ordinal))
        {
            TelemetryMessages++;
        }
    }
}
