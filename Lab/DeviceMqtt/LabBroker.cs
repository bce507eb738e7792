using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Lab.DeviceMqtt;

/// <summary>
/// An MQTT broker for the Lab and the virtual device (MQTTnet.Server, in-process): TLS 1.2/1.3 with the broker's
/// certificate, a client certificate required and judged the way mosquitto judges it with the Lab CA, plus the EST
/// server's registry, and a per-device topic ACL. Needs no installation.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Handshake: the client certificate must chain to <see cref="LabBrokerOptions.TrustedRoots"/> (through
/// <see cref="LabBrokerOptions.IssuingCertificates"/>; never the platform store, no downloads), be valid at
/// <see cref="LabBrokerOptions.Clock"/>'s time, allow clientAuth, and name (CN) a device that
/// <see cref="LabBrokerOptions.IsDeviceAdmitted"/> (registered, not revoked). Anything else fails the handshake, as
/// mosquitto fails it for an unknown CA, an expired certificate or one on its CRL.</item>
/// <item>CONNECT: the client id must be the certificate's CN (otherwise CONNACK 2, identifier rejected): the identity
/// is the certificate, as with mosquitto's <c>use_identity_as_username</c>.</item>
/// <item>Topics (<see cref="LabBrokerOptions.Topics"/>): a client may publish and subscribe only under
/// <c>dev/&lt;its CN&gt;</c>. A publish elsewhere is dropped without telling the client (mosquitto does the same; a
/// QoS 1 publish still gets its PUBACK); a subscription elsewhere is refused in the SUBACK (0x80).</item>
/// </list>
/// Every refusal is recorded in <see cref="Refusals"/> with its reason.
/// </remarks>
public sealed class LabBroker : IAsyncDisposable
{
    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Refusals kept for <see cref="Refusals"/>: the latest ones only.</summary>
    private const int MaxRefusals = 256;

    private readonly MqttServer _server;
    private readonly MqttServerOptions _serverOptions;
    private readonly LabBrokerOptions _options;
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _droppedPublishes;
    private int _disposed;

    private LabBroker(LabBrokerOptions options)
    {
        _options = options;
        _serverOptions = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointPort(options.Port)
            .WithEncryptionCertificate(options.ServerCertificate)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithClientCertificate((_, certificate, _, _) => AcceptCertificate(certificate), true)
            .Build();
        bool v6 = options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6;
        _serverOptions.TlsEndpointOptions.BoundInterNetworkAddress = v6 ? IPAddress.None : options.BindAddress;
        _serverOptions.TlsEndpointOptions.BoundInterNetworkV6Address = v6 ? options.BindAddress : IPAddress.None;
        _server = new MqttServerFactory().CreateMqttServer(_serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
    }

    /// <summary>The TCP port it listens on (the chosen one when <see cref="LabBrokerOptions.Port"/> was 0).</summary>
    public int Port => _serverOptions.TlsEndpointOptions.Port;

    /// <summary>The address it listens on.</summary>
    public IPAddress Address => _options.BindAddress;

    /// <summary>Why connections, subscriptions and publishes were refused (latest 256), e.g. "TLS: … revoked".</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    /// <summary>Publishes dropped by the topic ACL.</summary>
    public int DroppedPublishes => Volatile.Read(ref _droppedPublishes);

    /// <summary>Starts listening with <paramref name="options"/>.</summary>
    public static async Task<LabBroker> StartAsync(LabBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ServerCertificate.HasPrivateKey)
        {
            throw new ArgumentException("the broker's certificate needs its private key", nameof(options));
        }

        var broker = new LabBroker(options);
        try
        {
            await broker._server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            broker._server.Dispose();
            throw;
        }

        return broker;
    }

    /// <summary>A device's publish the ACL let through: client id, topic, payload (the cloud side's view; called on the broker's thread).</summary>
    public event Action<string, string, byte[]>? Published;

    /// <summary>Publishes as the cloud (the broker itself, outside every device's ACL), e.g. a command to <c>dev/&lt;id&gt;/cmd</c>.</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        return _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message));
    }

    /// <summary>The client ids with an open session.</summary>
    public async Task<IReadOnlyList<string>> ConnectedClientsAsync()
    {
        IList<MqttClientStatus> clients = await _server.GetClientsAsync().ConfigureAwait(false);
        return [.. clients.Select(c => c.Id)];
    }

    /// <summary>Stops listening and closes every session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _server.Dispose();
        }
    }

    /// <summary>The handshake's client-certificate decision (mosquitto's cafile + CRL check, with the registry as the CRL).</summary>
    private bool AcceptCertificate(X509Certificate? presented)
    {
        if (presented is null)
        {
            return Refuse("TLS: no client certificate");
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustedRoots().ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(_options.IssuingCertificates().ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        chain.ChainPolicy.VerificationTime = _options.Clock.GetUtcNow().UtcDateTime;
        string id = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!chain.Build(certificate))
        {
            string why = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            return Refuse($"TLS: the certificate of '{id}' ({certificate.Subject}, issuer {certificate.Issuer}) is not accepted: {why}");
        }

        return _options.IsDeviceAdmitted(id) || Refuse($"TLS: device '{id}' is revoked or not registered");
    }

    private Task ValidateConnectAsync(ValidatingConnectionEventArgs e)
    {
        string? id = e.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (id is null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            Refuse($"CONNECT '{e.ClientId}': no client certificate");
        }
        else if (!string.Equals(id, e.ClientId, StringComparison.Ordinal))
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            Refuse($"CONNECT '{e.ClientId}': the client id is not the certificate's CN '{id}'");
        }

        return Task.CompletedTask;
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        // Messages the broker itself injects have no client id; every client's publish is checked.
        if (!string.IsNullOrEmpty(e.ClientId) && !_options.Topics.Allows(e.ClientId, e.ApplicationMessage.Topic))
        {
            e.ProcessPublish = false;
            Interlocked.Increment(ref _droppedPublishes);
            Refuse($"PUBLISH by '{e.ClientId}' to '{e.ApplicationMessage.Topic}' dropped: outside {_options.Topics.RootOf(e.ClientId)}");
        }
        else if (!string.IsNullOrEmpty(e.ClientId))
        {
            Published?.Invoke(e.ClientId, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (!_options.Topics.Allows(e.ClientId, e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Refuse($"SUBSCRIBE by '{e.ClientId}' to '{e.TopicFilter.Topic}' refused: outside {_options.Topics.RootOf(e.ClientId)}");
        }

        return Task.CompletedTask;
    }

    private bool Refuse(string why)
    {
        _refusals.Enqueue(why);
        while (_refusals.Count > MaxRefusals && _refusals.TryDequeue(out _))
        {
        }

        return false;
    }
}
