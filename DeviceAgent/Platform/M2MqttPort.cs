using System;
using System.Collections;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using DeviceAgent.Cloud;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// <see cref="IMqttPort"/> over nanoFramework.M2Mqtt (board only; thin). MQTT 3.1.1 over TLS 1.2 with the
    /// broker verified against the endpoint's anchors and host name. No client certificate: the stock firmware's
    /// TLS cannot sign with the ATECC608 (facts/nanoframework-api.md §2.5), so a connect that carries a
    /// <see cref="MqttConnectOptions.Credential"/> is answered <see cref="MqttConnectResult.NotSupported"/> and the
    /// session logs in with the device id and a chip-signed token instead (docs/design/device-tls.md, "MQTT").
    /// </summary>
    /// <remarks>
    /// Pitfalls handled (facts §4, §9): a new client per connect (M2Mqtt resolves DNS in its constructor and has
    /// no reconnect of its own); TLS 1.2 asked explicitly (None means 1.3 only); ValidateServerCertificate left on
    /// (CertificateRequired). With no client certificate M2Mqtt presents the firmware's stored device certificate if
    /// one was provisioned: the provisioning step never stores one. Received messages are queued here (at most
    /// <see cref="QueueCapacity"/>; the rest are dropped and counted) and handed out by <see cref="Poll"/>, so the
    /// session never runs on M2Mqtt's dispatch thread.
    /// </remarks>
    public sealed class M2MqttPort : IMqttPort
    {
        /// <summary>Messages held until polled: a window handles a few commands; a flood is dropped, not buffered.</summary>
        public const int QueueCapacity = 8;

        /// <summary>How long <see cref="Subscribe"/> waits for SUBACK.</summary>
        public const int SubscribeTimeoutMs = 10000;

        private readonly ArrayList _queue = new ArrayList();
        private readonly object _lock = new object();
        private readonly AutoResetEvent _subscribed = new AutoResetEvent(false);
        private MqttClient _client;
        private bool _granted;

        /// <summary>Messages dropped because the queue was full.</summary>
        public int Dropped { get; private set; }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        /// <inheritdoc />
        public MqttConnectResult Connect(MqttConnectOptions options)
        {
            if (options.Credential != null)
            {
                return MqttConnectResult.NotSupported;
            }

            Close();
            try
            {
                var anchors = new X509Certificate(NanoTlsConnector.AnchorBundle(options.Broker.TrustAnchors));
                _client = new MqttClient(options.Broker.Host, options.Broker.Port, true, anchors, null, MqttSslProtocols.TLSv1_2);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublishReceived += OnPublish;
                _client.MqttMsgSubscribed += OnSubscribed;
                bool will = options.WillTopic != null;
                MqttReasonCode code = _client.Connect(
                    options.ClientId,
                    options.UserName,
                    Text(options.Password),
                    options.WillRetain,
                    MqttQoSLevel.AtLeastOnce,
                    will,
                    options.WillTopic,
                    will ? Text(options.WillPayload) : null,
                    options.CleanSession,
                    (ushort)options.KeepAliveSeconds);
                if (code == MqttReasonCode.Success)
                {
                    return MqttConnectResult.Accepted;
                }

                Close();
                return MqttConnectResult.Refused;
            }
            catch (MqttConnectionException e)
            {
                Close();
                // mbedTLS failures reach managed code as a SocketException carrying the (negative) mbedTLS code (facts §2.3)
                var socket = e.InnerException as SocketException;
                return socket != null && socket.ErrorCode < 0 ? MqttConnectResult.TlsFailed : MqttConnectResult.TransportFailed;
            }
            catch (Exception)
            {
                Close();
                return MqttConnectResult.TransportFailed;
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            try
            {
                _client.Publish(topic, payload, null, null, qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Subscribe(string topicFilter, int qos)
        {
            if (!IsConnected)
            {
                return false;
            }

            try
            {
                _granted = false;
                _subscribed.Reset();
                _client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce });
                return _subscribed.WaitOne(SubscribeTimeoutMs, false) && _granted;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public MqttInbound Poll()
        {
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    return null;
                }

                var message = (MqttInbound)_queue[0];
                _queue.RemoveAt(0);
                return message;
            }
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            if (_client != null && _client.IsConnected)
            {
                try
                {
                    _client.Disconnect();
                }
                catch (Exception)
                {
                    // the connection is gone either way; Close frees it
                }
            }

            Close();
        }

        private void Close()
        {
            if (_client == null)
            {
                return;
            }

            _client.MqttMsgPublishReceived -= OnPublish;
            _client.MqttMsgSubscribed -= OnSubscribed;
            try
            {
                _client.Close();
            }
            catch (Exception)
            {
                // already closed by M2Mqtt (keep-alive failure, broker DISCONNECT)
            }

            _client.Dispose();
            _client = null;
        }

        // M2Mqtt's dispatch thread: copy into the queue and return.
        private void OnPublish(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_lock)
            {
                if (_queue.Count >= QueueCapacity)
                {
                    Dropped++;
                    return;
                }

                _queue.Add(new MqttInbound(e.Topic, e.Message ?? new byte[0]));
            }
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            MqttQoSLevel[] granted = e.GrantedQoSLevels;
            _granted = granted != null && granted.Length == 1 && granted[0] != MqttQoSLevel.GrantedFailure;
            _subscribed.Set();
        }

        // Password and will are strings in M2Mqtt's API; ours are ASCII (token) and UTF-8 JSON.
        private static string Text(byte[] bytes)
        {
            return bytes == null ? null : System.Text.Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }
    }
}
