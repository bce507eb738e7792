using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Lab.DeviceMqtt;

/// <summary>
/// An MQTT broker for the Lab and the virtual device (MQTTnet.Server, in-process): TLS 1.2/1.3 with the broker's
/// certificate; a client logs in with a TLS client certificate judged the way mosquitto judges it with the Lab CA, plus
/// the EST server's registry, or (boards whose TLS cannot sign with the chip) with a chip-signed token as MQTT password
/// judged against the same trust; a per-device topic ACL. Needs no installation.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Handshake: a client certificate is asked for. When presented it must chain to
/// <see cref="LabBrokerOptions.TrustedRoots"/> (through <see cref="LabBrokerOptions.IssuingCertificates"/>; never the
/// platform store, no downloads), be valid at <see cref="LabBrokerOptions.Clock"/>'s time, allow clientAuth, and name
/// (CN) a device that <see cref="LabBrokerOptions.IsDeviceAdmitted"/> (registered, not revoked). Anything else fails the
/// handshake, as mosquitto fails it for an unknown CA, an expired certificate or one on its CRL. None presented fails
/// it only when <see cref="LabBrokerOptions.AllowChipTokenLogin"/> is false.</item>
/// <item>CONNECT with a certificate: the client id must be the certificate's CN (otherwise CONNACK 2, identifier
/// rejected): the identity is the certificate, as with mosquitto's <c>use_identity_as_username</c>.</item>
/// <item>CONNECT without one: user name = client id (otherwise CONNACK 2) and as password a token
/// <c>&lt;id&gt;.&lt;unix seconds&gt;.&lt;base64url(certificate DER)&gt;.&lt;base64url(R||S)&gt;</c>
/// (docs/design/device-tls.md, "MQTT"): id = user name, time within ±5 minutes of the clock, the certificate accepted as
/// at a handshake with CN = user name, and R||S an ECDSA P-256 signature by the certificate's key over SHA-256 of
/// everything before the last dot. A bad token, time or signature is CONNACK 4 (bad user name or password); a
/// certificate not accepted, or a revoked device, CONNACK 5 (not authorized).</item>
/// <item>Topics (<see cref="LabBrokerOptions.Topics"/>): a client may publish and subscribe only under
/// <c>dev/&lt;its id&gt;</c>. A publish elsewhere is dropped without telling the client (mosquitto does the same; a
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

    /// <summary>Largest chip token taken (a 2 KB certificate in base64url is 2.7 KB).</summary>
    private const int MaxTokenLength = 4096;

    /// <summary>How far a chip token's time may be from the broker's clock (rule 3 of docs/design/device-tls.md, "MQTT").</summary>
    private static readonly TimeSpan ChipTokenWindow = TimeSpan.FromMinutes(5);

    private static readonly SearchValues<byte> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

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

    /// <summary>The handshake's client-certificate decision (mosquitto's cafile + CRL check, with the registry as the CRL).
    /// No certificate passes the handshake when <see cref="LabBrokerOptions.AllowChipTokenLogin"/>: CONNECT then needs a token.</summary>
    private bool AcceptCertificate(X509Certificate? presented)
    {
        if (presented is null)
        {
            return _options.AllowChipTokenLogin || Refuse("TLS: no client certificate");
        }

        using var certificate = new X509Certificate2(presented);
        string id = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        string? problem = CertificateProblem(certificate, id);
        return problem is null || Refuse("TLS: " + problem);
    }

    /// <summary>Why the device certificate <paramref name="certificate"/> (CN <paramref name="id"/>) is not accepted, or
    /// null: it chains to the trusted roots through the issuing CAs, is valid at the clock's time, allows clientAuth,
    /// and its device is admitted.</summary>
    private string? CertificateProblem(X509Certificate2 certificate, string id)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustedRoots().ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(_options.IssuingCertificates().ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        chain.ChainPolicy.VerificationTime = _options.Clock.GetUtcNow().UtcDateTime;
        if (!chain.Build(certificate))
        {
            string why = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            return $"the certificate of '{id}' ({certificate.Subject}, issuer {certificate.Issuer}) is not accepted: {why}";
        }

        return _options.IsDeviceAdmitted(id) ? null : $"device '{id}' is revoked or not registered";
    }

    private Task ValidateConnectAsync(ValidatingConnectionEventArgs e)
    {
        if (e.ClientCertificate is null)
        {
            ValidateTokenLogin(e);
            return Task.CompletedTask;
        }

        string id = e.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!string.Equals(id, e.ClientId, StringComparison.Ordinal))
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            Refuse($"CONNECT '{e.ClientId}': the client id is not the certificate's CN '{id}'");
        }

        return Task.CompletedTask;
    }

    /// <summary>A CONNECT without a client certificate: user name = client id and a chip token as password
    /// (docs/design/device-tls.md, "MQTT", rules 1–4).</summary>
    private void ValidateTokenLogin(ValidatingConnectionEventArgs e)
    {
        if (!_options.AllowChipTokenLogin)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            Refuse($"CONNECT '{e.ClientId}': no client certificate");
            return;
        }

        if (string.IsNullOrEmpty(e.UserName) || e.RawPassword is not { Length: > 0 } password)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            Refuse($"CONNECT '{e.ClientId}': neither a client certificate nor a user name and token");
            return;
        }

        if (!string.Equals(e.UserName, e.ClientId, StringComparison.Ordinal))
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            Refuse($"CONNECT '{e.ClientId}': the client id is not the user name '{e.UserName}'");
            return;
        }

        (MqttConnectReasonCode code, string why)? refusal = CheckToken(e.UserName, password);
        if (refusal is { } r)
        {
            e.ReasonCode = r.code;
            Refuse($"CONNECT '{e.ClientId}': chip token refused: {r.why}");
        }
    }

    /// <summary>Rules 1–4 for <paramref name="token"/> presented by <paramref name="userName"/>; null when accepted.</summary>
    private (MqttConnectReasonCode, string)? CheckToken(string userName, byte[] token)
    {
        const MqttConnectReasonCode bad = MqttConnectReasonCode.BadUserNameOrPassword;
        if (!TryParseToken(token, out string tokenId, out long seconds, out byte[] der, out byte[] signature, out int signedLength))
        {
            return (bad, "malformed");
        }

        if (!string.Equals(tokenId, userName, StringComparison.Ordinal))
        {
            return (bad, $"its id '{tokenId}' is not the user name");
        }

        // Rule 3: the replay window.
        DateTimeOffset now = _options.Clock.GetUtcNow();
        long skew = seconds - now.ToUnixTimeSeconds();
        if (Math.Abs(skew) > (long)ChipTokenWindow.TotalSeconds)
        {
            return (bad, $"its time {seconds} is {skew} s from the broker's clock (more than ±{ChipTokenWindow.TotalMinutes} min)");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return (bad, "it carries no parsable certificate");
        }

        using (certificate)
        {
            // Rules 1 and 2: the certificate as at a handshake, named for this user name and client id.
            string id = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (!string.Equals(id, userName, StringComparison.Ordinal))
            {
                return (MqttConnectReasonCode.NotAuthorized, $"its certificate's CN '{id}' is not the user name");
            }

            if (CertificateProblem(certificate, id) is { } problem)
            {
                return (MqttConnectReasonCode.NotAuthorized, problem);
            }

            // Rule 4: the chip's ECDSA P-256 signature, R||S, over SHA-256 of everything before the last dot.
            using ECDsa? key = certificate.GetECDsaPublicKey();
            bool verified = key is { KeySize: 256 }
                && key.VerifyData(token.AsSpan(0, signedLength), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return verified ? null : (bad, "its signature does not verify with the certificate's key");
        }
    }

    /// <summary>Splits <c>&lt;id&gt;.&lt;unix seconds&gt;.&lt;base64url(DER)&gt;.&lt;base64url(R||S)&gt;</c> strictly
    /// (ASCII, decimal seconds, unpadded base64url, a 64-byte signature).</summary>
    private static bool TryParseToken(byte[] token, out string id, out long seconds, out byte[] der, out byte[] signature, out int signedLength)
    {
        id = string.Empty;
        seconds = 0;
        der = signature = [];
        signedLength = 0;
        if (token.Length > MaxTokenLength)
        {
            return false;
        }

        ReadOnlySpan<byte> text = token;
        if (text.Count((byte)'.') != 3)
        {
            return false;
        }

        int first = text.IndexOf((byte)'.');
        int second = first + 1 + text[(first + 1)..].IndexOf((byte)'.');
        int last = text.LastIndexOf((byte)'.');
        ReadOnlySpan<byte> idPart = text[..first], timePart = text[(first + 1)..second];
        ReadOnlySpan<byte> derPart = text[(second + 1)..last], signaturePart = text[(last + 1)..];
        if (idPart.IsEmpty || idPart.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E)
            || timePart.IsEmpty || timePart.Length > 18 || timePart.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            || !IsBase64Url(derPart) || !IsBase64Url(signaturePart))
        {
            return false;
        }

        try
        {
            der = Base64Url.DecodeFromUtf8(derPart);
            signature = Base64Url.DecodeFromUtf8(signaturePart);
        }
        catch (FormatException)
        {
            return false;
        }

        id = Encoding.ASCII.GetString(idPart);
        seconds = long.Parse(Encoding.ASCII.GetString(timePart), NumberStyles.None, CultureInfo.InvariantCulture);
        signedLength = last;
        return der.Length > 0 && signature.Length == 64;
    }

    private static bool IsBase64Url(ReadOnlySpan<byte> text) => !text.IsEmpty && text.IndexOfAnyExcept(Base64UrlAlphabet) < 0;

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
