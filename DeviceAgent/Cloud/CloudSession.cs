using System;
using Atecc608Driver;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The device's MQTT 3.1.1 session over <see cref="IMqttPort"/>: connects with the current certificate (or the
    /// chip-signed token on boards without chip-backed TLS), leaves a retained offline status as its will, subscribes
    /// to its command topic, publishes status and telemetry, and carries out commands on the <see cref="RenewalRunner"/>
    /// with one result per command. It is also the <see cref="ICandidateCheck"/>: a new certificate is promoted only
    /// after a connect with it succeeded, and a failed one leaves the session on the current certificate.
    /// </summary>
    /// <remarks>
    /// <para>Deterministic: no clock or randomness of its own. The time for a token comes from the runner's trusted
    /// time; reconnect waits are computed from a random value the caller passes (<see cref="ReconnectDelayMs"/>),
    /// and the caller waits (<see cref="ConnectivityWindow"/>).</para>
    /// <para>Clean session: true. Commands are not queued by the broker while the device sleeps (it is online seconds
    /// a day): the cloud sends a command when the retained status says <c>online</c>, and re-sends it (same id) if no
    /// result came. A persistent session would hold a queue per sleeping device and deliver a stale backlog into a
    /// short window; the subscription is one SUBSCRIBE per connect.</para>
    /// <para>Not thread-safe: one caller thread, as the port requires.</para>
    /// </remarks>
    public sealed class CloudSession : ICandidateCheck
    {
        /// <summary>MQTT keep-alive: the broker drops a silent session after 1.5 × this (MQTT 3.1.1 §3.1.2.10).</summary>
        public const int KeepAliveSeconds = 60;

        /// <summary>Clean session (see remarks).</summary>
        public const bool CleanSession = true;

        /// <summary>Commands handled per <see cref="ProcessCommands"/> call: a flood cannot take the whole window.</summary>
        public const int MaxCommandsPerPoll = 8;

        // Ids of commands carried out since boot: a re-sent command (its result was lost) is answered, not redone.
        private const int RecentIdCount = 8;

        private readonly IMqttPort _port;
        private readonly TlsEndpoint _broker;
        private readonly string _firmware;
        private readonly JsonObjectWriter _writer = new JsonObjectWriter(StatusPayload.MaxBytes);
        private readonly JsonObjectReader _reader = new JsonObjectReader();
        private readonly string[] _recentIds = new string[RecentIdCount];
        private readonly byte[] _will = StatusPayload.Will();
        private int _nextRecent;

        /// <summary>
        /// A session for <paramref name="deviceId"/> with the broker at <paramref name="broker"/>. With
        /// <paramref name="chipTokenLogin"/> it connects over server-authenticated TLS with the device id as user name
        /// and a <see cref="ChipToken"/> as password; otherwise with the certificate as TLS client credential.
        /// </summary>
        public CloudSession(IMqttPort port, TlsEndpoint broker, string deviceId, string firmwareVersion, bool chipTokenLogin)
        {
            if (port == null || broker == null)
            {
                throw new ArgumentNullException(port == null ? nameof(port) : nameof(broker));
            }

            if (firmwareVersion == null || firmwareVersion.Length > StatusPayload.MaxFirmwareLength)
            {
                throw new ArgumentException("firmware version of at most 32 characters required", nameof(firmwareVersion));
            }

            _port = port;
            _broker = broker;
            _firmware = firmwareVersion;
            Topics = new CloudTopics(deviceId);
            ChipTokenLogin = chipTokenLogin;
        }

        /// <summary>The runner commands are applied to and the credentials come from; set after each boot.</summary>
        public RenewalRunner Runner { get; set; }

        /// <summary>The device's topics.</summary>
        public CloudTopics Topics { get; }

        /// <summary>True when the session logs in with a chip-signed token instead of a TLS client certificate.</summary>
        public bool ChipTokenLogin { get; }

        /// <summary>True while the session is open.</summary>
        public bool IsConnected
        {
            get { return _port.IsConnected; }
        }

        /// <summary>Failed connects since the last accepted one (the backoff's input).</summary>
        public int ConsecutiveFailures { get; private set; }

        /// <summary>How the last connect attempt ended.</summary>
        public MqttConnectResult LastResult { get; private set; }

        /// <summary>How the last candidate connect ended.</summary>
        public MqttConnectResult CandidateResult { get; private set; }

        /// <summary>True when a connect failed in the chip (signing the token) rather than on the network.</summary>
        public bool ChipFailed { get; private set; }

        /// <summary>Commands carried out since this session was created.</summary>
        public int CommandsAccepted { get; private set; }

        /// <summary>Commands refused or failed since this session was created.</summary>
        public int CommandsRejected { get; private set; }

        /// <summary>Messages that arrived on a topic other than the command topic (ignored).</summary>
        public int StrayMessages { get; private set; }

        /// <summary>Publishes the port refused.</summary>
        public int PublishFailures { get; private set; }

        /// <summary>Set when a command asked for an EST request (renew, rekey, rebootstrap); the caller clears it.</summary>
        public bool RenewalRequested { get; set; }

        /// <summary>
        /// Connects with the current certificate and subscribes to the commands (then call <see cref="PublishStatus()"/>).
        /// <see cref="MqttConnectResult.NotSupported"/> also when there is no current certificate yet, or it names
        /// another device: nothing to retry until the renewal engine has one.
        /// </summary>
        public MqttConnectResult Connect()
        {
            TlsClientCredential current = Runner == null ? null : Runner.CurrentCredential();
            MqttConnectResult result = Open(current);
            if (result == MqttConnectResult.Accepted)
            {
                ConsecutiveFailures = 0;
            }
            else if (result != MqttConnectResult.NotSupported)
            {
                ConsecutiveFailures++;
            }

            return result;
        }

        /// <summary>The wait before the next connect, from a uniform <paramref name="random"/> (<see cref="ReconnectBackoff"/>).</summary>
        public int ReconnectDelayMs(uint random)
        {
            return ReconnectBackoff.DelayMs(ConsecutiveFailures, random);
        }

        /// <summary>
        /// <see cref="ICandidateCheck"/>: closes the session, connects with <paramref name="candidate"/>, and on
        /// failure connects again with the current certificate. True when the candidate's connect was accepted: the
        /// session then stays on it. A network failure also counts as failure (the candidate is not promoted untried).
        /// </summary>
        public bool TryConnect(TlsClientCredential candidate)
        {
            if (_port.IsConnected)
            {
                _port.Disconnect();
            }

            CandidateResult = Open(candidate);
            if (CandidateResult == MqttConnectResult.Accepted)
            {
                ConsecutiveFailures = 0;
                return true;
            }

            Connect();
            return false;
        }

        /// <summary>Publishes the retained status with state online; false when not sent.</summary>
        public bool PublishStatus()
        {
            return PublishStatus(StatusPayload.Online, 0);
        }

        /// <summary>Publishes a telemetry sample (QoS 0); false when not sent.</summary>
        public bool PublishTelemetry(long uptimeMs, long freeHeap)
        {
            long time = 0;
            if (Runner != null)
            {
                TimeReading now = Runner.Now();
                time = now.Known ? now.Estimate : 0;
            }

            return Publish(Topics.Telemetry, TelemetryPayload.Write(_writer, time, uptimeMs, freeHeap), 0, false);
        }

        /// <summary>Handles up to <see cref="MaxCommandsPerPoll"/> queued messages; returns how many it took from the port.</summary>
        public int ProcessCommands()
        {
            int taken = 0;
            while (taken < MaxCommandsPerPoll)
            {
                MqttInbound message = _port.Poll();
                if (message == null)
                {
                    break;
                }

                taken++;
                if (message.Topic == null || message.Topic != Topics.Commands)
                {
                    StrayMessages++;
                    continue;
                }

                Handle(message.Payload);
            }

            return taken;
        }

        /// <summary>Ends the session for deep sleep: the retained status says asleep until <paramref name="wakeTicks"/>, then DISCONNECT (no will).</summary>
        public void Close(long wakeTicks)
        {
            if (_port.IsConnected)
            {
                PublishStatus(StatusPayload.Asleep, wakeTicks);
                _port.Disconnect();
            }
        }

        /// <summary>DISCONNECT without a status (e.g. to free the TLS session for an EST request).</summary>
        public void Disconnect()
        {
            if (_port.IsConnected)
            {
                _port.Disconnect();
            }
        }

        private MqttConnectResult Open(TlsClientCredential credential)
        {
            ChipFailed = false;
            if ((ChipTokenLogin && Runner == null) || credential == null || credential.Chain == null || credential.Chain.Length == 0 || !NamesThisDevice(credential.Chain[0]))
            {
                LastResult = MqttConnectResult.NotSupported;
                return LastResult;
            }

            var options = new MqttConnectOptions();
            options.Broker = _broker;
            options.ClientId = Topics.DeviceId;
            options.KeepAliveSeconds = KeepAliveSeconds;
            options.CleanSession = CleanSession;
            options.WillTopic = Topics.Status;
            options.WillPayload = _will;
            options.WillRetain = true;
            if (ChipTokenLogin)
            {
                options.UserName = Topics.DeviceId;
                try
                {
                    options.Password = ChipToken.Build(Topics.DeviceId, UnixTime.Seconds(Runner.Now().Estimate), credential.Chain[0], credential.Signer);
                }
                catch (Atecc608Exception)
                {
                    ChipFailed = true;
                    LastResult = MqttConnectResult.TransportFailed;
                    return LastResult;
                }
            }
            else
            {
                options.Credential = credential;
            }

            LastResult = _port.Connect(options);
            if (LastResult == MqttConnectResult.Accepted && !_port.Subscribe(Topics.Commands, 1))
            {
                _port.Disconnect();   // a session that cannot hear commands is not worth keeping
                LastResult = MqttConnectResult.TransportFailed;
            }

            return LastResult;
        }

        // The client id is the device id, and it must be the certificate's CN (the EST client already checks that an
        // issued certificate names the CSR's subject; this keeps a wrong record from ever being presented).
        private bool NamesThisDevice(byte[] certificate)
        {
            try
            {
                string name = Certificate.Parse(certificate).Subject.CommonName;
                return name != null && name == Topics.DeviceId;
            }
            catch (PkiException)
            {
                return false;
            }
        }

        private bool PublishStatus(string state, long wakeTicks)
        {
            if (Runner == null)
            {
                return false;
            }

            return Publish(Topics.Status, StatusPayload.Write(_writer, Runner.Status(), _firmware, state, wakeTicks), 1, true);
        }

        private bool Publish(string topic, int length, int qos, bool retain)
        {
            byte[] payload = length < 0 ? null : _writer.ToArray();
            if (payload == null || !_port.Publish(topic, payload, qos, retain))
            {
                PublishFailures++;
                return false;
            }

            return true;
        }

        private void Handle(byte[] payload)
        {
            CloudCommand command = CloudCommand.Parse(_reader, payload, 0, payload.Length);
            bool asked = false;
            RenewalReport report = RenewalReport.None;
            if (command.Rejection == CommandRejection.None && Seen(command.Id))
            {
                command.Rejection = CommandRejection.Duplicate;
            }

            if (command.Rejection == CommandRejection.None)
            {
                report = Apply(command);
                asked = command.Kind != CloudCommandKind.Status && command.Rejection != CommandRejection.Failed;
            }

            if (command.Rejection == CommandRejection.None)
            {
                CommandsAccepted++;
                Remember(command.Id);
            }
            else
            {
                CommandsRejected++;
            }

            Publish(Topics.CommandResults, CommandResultPayload.Write(_writer, command, asked, report), 1, false);
            if (command.Rejection == CommandRejection.None)
            {
                PublishStatus();   // what the command changed, or what "status" asked for
            }
        }

        private RenewalReport Apply(CloudCommand command)
        {
            if (Runner == null)
            {
                command.Rejection = CommandRejection.Failed;
                return RenewalReport.None;
            }

            try
            {
                switch (command.Kind)
                {
                    case CloudCommandKind.RenewNow:
                        RenewalRequested = true;
                        return Runner.RenewNow();
                    case CloudCommandKind.Rekey:
                        RenewalRequested = true;
                        return Runner.Rekey();
                    case CloudCommandKind.Rebootstrap:
                        RenewalRequested = true;
                        return Runner.Rebootstrap();
                    case CloudCommandKind.PolicyUpdate:
                        RenewalReport report = Runner.PolicyUpdate(command.Policy, 0, command.Policy.Length);
                        if (report == RenewalReport.PolicyRejected)
                        {
                            command.Rejection = CommandRejection.PolicyRejected;
                        }

                        return report;
                    default:
                        return RenewalReport.None;
                }
            }
            catch (Atecc608Exception)
            {
                command.Rejection = CommandRejection.Failed;   // the CSR could not be built; the runner retries it later
            }
            catch (PkiException)
            {
                command.Rejection = CommandRejection.Failed;
            }

            return RenewalReport.None;
        }

        private bool Seen(string id)
        {
            for (int i = 0; i < RecentIdCount; i++)
            {
                // null first: nanoCLR's string equality crashes when one side is a null reference
                string seen = _recentIds[i];
                if (seen != null && seen == id)
                {
                    return true;
                }
            }

            return false;
        }

        private void Remember(string id)
        {
            _recentIds[_nextRecent] = id;
            _nextRecent = (_nextRecent + 1) % RecentIdCount;
        }
    }
}
