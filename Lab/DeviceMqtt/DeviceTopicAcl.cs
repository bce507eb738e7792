namespace Lab.DeviceMqtt;

/// <summary>
/// The per-device topic rule the brokers enforce: a device may publish and subscribe only at <c>&lt;prefix&gt;&lt;its
/// id&gt;</c> and below, e.g. <c>dev/sensor-7/status</c> or <c>dev/sensor-7/cmd/#</c> with the default prefix
/// <c>dev/</c>. It is mosquitto's <c>pattern readwrite dev/%u/#</c> (with %u the certificate's CN): <c>#</c> also
/// matches the parent level, and a filter with a wildcard in the prefix or id levels (<c>dev/+/status</c>,
/// <c>#</c>) is not within it.
/// </summary>
public sealed class DeviceTopicAcl
{
    /// <summary>The rule under <paramref name="prefix"/> (non-empty, ending in '/', no wildcards).</summary>
    public DeviceTopicAcl(string prefix = "dev/")
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!prefix.EndsWith('/') || prefix.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"a topic prefix ends in '/' and has no wildcards: '{prefix}'", nameof(prefix));
        }

        Prefix = prefix;
    }

    /// <summary>The levels before the device id, e.g. <c>dev/</c>.</summary>
    public string Prefix { get; }

    /// <summary>The topic root of <paramref name="deviceId"/>: <c>dev/&lt;id&gt;</c>.</summary>
    public string RootOf(string deviceId) => Prefix + deviceId;

    /// <summary>
    /// True when <paramref name="deviceId"/> may use <paramref name="topicOrFilter"/> (a topic to publish to or a filter
    /// to subscribe to): it is the device's root or lies below it. An id that could itself match other levels (empty,
    /// or with '/', '+', '#') is never allowed.
    /// </summary>
    public bool Allows(string? deviceId, string? topicOrFilter)
    {
        if (string.IsNullOrEmpty(deviceId) || string.IsNullOrEmpty(topicOrFilter) || deviceId.AsSpan().IndexOfAny('/', '+', '#') >= 0)
        {
            return false;
        }

        string root = RootOf(deviceId);
        return topicOrFilter.Length == root.Length
            ? string.Equals(topicOrFilter, root, StringComparison.Ordinal)
            : topicOrFilter.StartsWith(root + "/", StringComparison.Ordinal);
    }
}
