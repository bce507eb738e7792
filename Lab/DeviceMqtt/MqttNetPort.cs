using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using DeviceAgent.Cloud;
using Lab.DeviceTls;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Lab.DeviceMqtt;

/// <summary>
/// The desktop <see cref="IMqttPort"/>: an MQTTnet client speaking MQTT 3.1.1 over <see cref="DeviceTlsChannel"/>, so
/// the mutual-TLS handshake is signed by the ATECC608 (simulated or real) and the device's private key is never in
/// this process. The synchronous port methods wait on MQTTnet's asynchronous API for a bounded time.
/// </summary>
/// <remarks>
/// <para>Connect results: <see cref="MqttConnectResult.TransportFailed"/> when TCP cannot be opened or no CONNACK comes
/// in time; <see cref="MqttConnectResult.TlsFailed"/> when the handshake fails (broker not trusted, wrong name, our
/// certificate refused) or the broker breaks the connection before any MQTT byte arrives, which is how a refused
/// client certificate shows under TLS 1.3; <see cref="MqttConnectResult.Refused"/> for a CONNACK with a non-zero return
/// code. <see cref="LastError"/> says why in words.</para>
/// <para>Received messages are queued (at most <see cref="QueueCapacity"/>; more are dropped and counted in
/// <see cref="Dropped"/>) and handed out by <see cref="Poll"/> on the caller's thread. QoS 1 messages are acknowledged
/// when queued. Calls come from one thread (the <see cref="IMqttPort"/> contract).</para>
/// </remarks>
public sealed class MqttNetPort : IMqttPort, IDisposable
{
    private readonly DeviceTlsConnector _connector;
    private readonly ConcurrentQueue<MqttInbound> _inbound = new();
    private readonly int _queueCapacity;
    private IMqttClient? _client;
    private DeviceTlsAdapterFactory? _factory;
    private int _queued;
    private int _dropped;

    /// <summary>A port that opens TLS through <paramref name="connector"/> (a new <see cref="DeviceTlsConnector"/> by default).</summary>
    /// <param name="connector">The chip-signing TLS connector (its clock, versions and TCP timeout apply).</param>
    /// <param name="queueCapacity">Received messages held for <see cref="Poll"/> before new ones are dropped.</param>
    public MqttNetPort(DeviceTlsConnector? connector = null, int queueCapacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _connector = connector ?? new DeviceTlsConnector();
        _queueCapacity = queueCapacity;
    }

    /// <summary>Received messages held for <see cref="Poll"/> at most.</summary>
    public int QueueCapacity => _queueCapacity;

    /// <summary>How long <see cref="Connect"/> waits for TCP, TLS and CONNACK together (default 15 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long publish (QoS 1: until PUBACK), subscribe (until SUBACK) and disconnect wait (default 10 s).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Received messages dropped because the queue was full, since this port was made.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Why the last failed call failed, or null after a success.</summary>
    public string? LastError { get; private set; }

    /// <summary>The TLS connection of the open session (version, cipher suite, whether the chip signed), or null.</summary>
    public DeviceTlsConnection? Connection => _client is { IsConnected: true } ? _factory?.LastChannel?.Connection : null;

    /// <inheritdoc />
    public bool IsConnected => _client?.IsConnected ?? false;

    /// <inheritdoc />
    public MqttConnectResult Connect(MqttConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Broker is null)
        {
            throw new ArgumentException("the broker endpoint is required", nameof(options));
        }

        if (string.IsNullOrEmpty(options.ClientId))
        {
            throw new ArgumentException("the client id is required", nameof(options));
        }

        Close(sendDisconnect: true);
        var factory = new DeviceTlsAdapterFactory(_connector);
        IMqttClient client = new MqttClientFactory().CreateMqttClient(factory);
        client.ApplicationMessageReceivedAsync += e =>
        {
            Enqueue(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        _client = client;
        _factory = factory;

        MqttClientConnectResult result;
        try
        {
            result = Wait(token => client.ConnectAsync(ToMqttNet(options), token), ConnectTimeout);
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            (MqttConnectResult failed, string why) = Classify(factory.LastChannel, e);
            LastError = why;
            Close(sendDisconnect: false);
            return failed;
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            LastError = $"the broker refused the connection: CONNACK {result.ResultCode}";
            Close(sendDisconnect: false);
            return MqttConnectResult.Refused;
        }

        LastError = null;
        return MqttConnectResult.Accepted;
    }

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        MqttQualityOfServiceLevel level = QoS(qos);
        if (_client is not { IsConnected: true } client)
        {
            LastError = "not connected";
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(level)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            MqttClientPublishResult result = Wait(token => client.PublishAsync(message, token), OperationTimeout);
            LastError = result.IsSuccess ? null : $"publish to {topic} failed: {result.ReasonCode}";
            return result.IsSuccess;
        }
        catch (Exception e) when (IsSessionFailure(e))
        {
            LastError = $"publish to {topic} failed: {e.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    public bool Subscribe(string topicFilter, int qos)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        MqttQualityOfServiceLevel level = QoS(qos);
        if (_client is not { IsConnected: true } client)
        {
            LastError = "not connected";
            return false;
        }

        MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, level).Build();
        try
        {
            MqttClientSubscribeResult result = Wait(token => client.SubscribeAsync(subscribe, token), OperationTimeout);
            MqttClientSubscribeResultCode code = result.Items.Single().ResultCode;
            bool granted = code is MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2;
            LastError = granted ? null : $"the broker refused the subscription to {topicFilter}: {code}";
            return granted;
        }
        catch (Exception e) when (IsSessionFailure(e))
        {
            LastError = $"subscribe to {topicFilter} failed: {e.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    public MqttInbound Poll()
    {
        if (!_inbound.TryDequeue(out MqttInbound? message))
        {
            return null!;
        }

        Interlocked.Decrement(ref _queued);
        return message;
    }

    /// <inheritdoc />
    public void Disconnect() => Close(sendDisconnect: true);

    /// <summary>Disconnects (DISCONNECT, then close_notify).</summary>
    public void Dispose() => Close(sendDisconnect: true);

    private void Close(bool sendDisconnect)
    {
        IMqttClient? client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (sendDisconnect && client.IsConnected)
            {
                Wait(token => client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection }, token), OperationTimeout);
            }
        }
        catch (Exception e) when (IsSessionFailure(e))
        {
            // the connection is already gone: nothing left to tell the broker
        }
        finally
        {
            client.Dispose();
        }
    }

    private void Enqueue(string topic, byte[] payload)
    {
        if (Interlocked.Increment(ref _queued) > _queueCapacity)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _inbound.Enqueue(new MqttInbound(topic, payload));
    }

    private static MqttClientOptions ToMqttNet(MqttConnectOptions options)
    {
        var mqtt = new MqttClientOptions
        {
            ChannelOptions = new DeviceTlsChannelOptions(options.Broker, options.Credential),
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = options.ClientId,
            CleanSession = options.CleanSession,
            KeepAlivePeriod = TimeSpan.FromSeconds(options.KeepAliveSeconds),
        };
        if (options.UserName is not null)
        {
            mqtt.Credentials = new MqttClientCredentials(options.UserName, options.Password);
        }

        if (options.WillTopic is not null)
        {
            mqtt.WillTopic = options.WillTopic;
            mqtt.WillPayload = options.WillPayload ?? [];
            mqtt.WillRetain = options.WillRetain;
            // The port has no will QoS: a will reports that the device went away, so it is sent at least once.
            mqtt.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        }

        return mqtt;
    }

    /// <summary>How a connect that threw failed: by what the channel saw.</summary>
    private static (MqttConnectResult Result, string Why) Classify(DeviceTlsChannel? channel, Exception thrown)
    {
        if (channel?.ConnectFailure is { } connect)
        {
            bool tcp = connect.InnerException is SocketException or OperationCanceledException;
            return (tcp ? MqttConnectResult.TransportFailed : MqttConnectResult.TlsFailed, connect.Message);
        }

        if (Causes(thrown).Any(e => e is OperationCanceledException or MqttCommunicationTimedOutException))
        {
            return (MqttConnectResult.TransportFailed, "no CONNACK in time");
        }

        // The broker broke the session after the handshake and before any MQTT byte: the reader's view says why
        // (an alert, or a close without one); the CONNECT's write may have failed first, so wait for the reader.
        channel?.WaitForReader(TimeSpan.FromSeconds(1));
        if (channel is { ReceivedData: false } && (channel.ReadFailure ?? channel.WriteFailure) is { } broken)
        {
            return (MqttConnectResult.TlsFailed,
                "the broker ended the TLS session before CONNACK, which is how it refuses a client certificate after the handshake (TLS 1.3, or a broker that checks it late): " + broken.Message);
        }

        return (MqttConnectResult.TransportFailed, "the connection failed before CONNACK: " + thrown.Message);
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    private static bool IsSessionFailure(Exception e) =>
        e is MqttCommunicationException or MqttClientNotConnectedException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException;

    private static MqttQualityOfServiceLevel QoS(int qos) => qos switch
    {
        0 => MqttQualityOfServiceLevel.AtMostOnce,
        1 => MqttQualityOfServiceLevel.AtLeastOnce,
        _ => throw new ArgumentOutOfRangeException(nameof(qos), qos, "the port offers QoS 0 and 1"),
    };

    /// <summary>Runs an MQTTnet call off the caller's synchronization context and waits for it, cancelled after <paramref name="timeout"/>.</summary>
    private static T Wait<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return Task.Run(() => operation(cancel.Token), CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void Wait(Func<CancellationToken, Task> operation, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        Task.Run(() => operation(cancel.Token), CancellationToken.None).GetAwaiter().GetResult();
    }
}
