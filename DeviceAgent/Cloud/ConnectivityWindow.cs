using DeviceAgent.Lifecycle;
using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// One wake of the board: renewal work first (CSR outside the window, then EST, where a new certificate is tried
    /// through the session), then the MQTT session (status, telemetry, commands) until it has been quiet for
    /// <see cref="ListenMs"/>, and the time to sleep until the next wake. One TLS session at a time: the session is
    /// closed before a command's renewal request goes out (an ESP32 without PSRAM has heap for one).
    /// </summary>
    /// <remarks>
    /// Deterministic: time from the uptime clock port, waits through <see cref="IDelay"/>, randomness from
    /// <see cref="IRandomSource"/>; so it runs unchanged on the board, in nanoCLR tests and on desktop.
    /// </remarks>
    public sealed class ConnectivityWindow
    {
        /// <summary>Default budget for the renewal part (the engine defers a request it cannot finish in it).</summary>
        public const int DefaultRenewalBudgetMs = 30000;

        /// <summary>Default budget for the whole wake.</summary>
        public const int DefaultWindowBudgetMs = 90000;

        /// <summary>Default quiet time after the last status or command: the cloud's dispatcher sees the retained status and sends what it holds.</summary>
        public const int DefaultListenMs = 5000;

        /// <summary>How often the command queue is polled while listening.</summary>
        public const int PollIntervalMs = 200;

        /// <summary>Shortest sleep: a renewal that could not go out in this wake is retried a minute later, not in a loop.</summary>
        public const long MinSleepMs = 60000;

        /// <summary>Longest sleep: the device reports its status and hears commands at least daily.</summary>
        public const long MaxSleepMs = 24L * 3600 * 1000;

        // A command's renewal gets one more renewal pass in the same wake; a second command waits for the next wake.
        private const int MaxPasses = 2;

        private readonly RenewalRunner _runner;
        private readonly CloudSession _session;
        private readonly IUptimeClock _uptime;
        private readonly IRandomSource _random;
        private readonly IDelay _delay;

        /// <summary>A wake over <paramref name="runner"/> and <paramref name="session"/> (whose <see cref="CloudSession.Runner"/> is set here).</summary>
        public ConnectivityWindow(RenewalRunner runner, CloudSession session, IUptimeClock uptime, IRandomSource random, IDelay delay)
        {
            if (runner == null || session == null || uptime == null || random == null || delay == null)
            {
                throw new System.ArgumentNullException(runner == null ? nameof(runner) : session == null ? nameof(session) : uptime == null ? nameof(uptime) : random == null ? nameof(random) : nameof(delay));
            }

            _runner = runner;
            _session = session;
            _uptime = uptime;
            _random = random;
            _delay = delay;
            session.Runner = runner;
            RenewalBudgetMs = DefaultRenewalBudgetMs;
            WindowBudgetMs = DefaultWindowBudgetMs;
            ListenMs = DefaultListenMs;
        }

        /// <summary>Budget of each renewal pass.</summary>
        public int RenewalBudgetMs { get; set; }

        /// <summary>Budget of the whole wake, from <see cref="Run"/>'s start.</summary>
        public int WindowBudgetMs { get; set; }

        /// <summary>Quiet time that ends the session.</summary>
        public int ListenMs { get; set; }

        /// <summary>The last renewal pass.</summary>
        public WindowResult Renewal { get; private set; }

        /// <summary>Renewal passes run (1, or 2 when a command asked for a renewal).</summary>
        public int Passes { get; private set; }

        /// <summary>True when the session was open at some point of the wake.</summary>
        public bool WasOnline { get; private set; }

        /// <summary>Connect attempts made (the candidate's not included).</summary>
        public int ConnectAttempts { get; private set; }

        /// <summary>The wake time announced in the last status (estimated time, ticks).</summary>
        public long WakeTicks { get; private set; }

        /// <summary>Runs the wake; returns how long to sleep (ms). <paramref name="freeHeap"/> goes into the telemetry sample.</summary>
        public long Run(long freeHeap)
        {
            long deadline = _uptime.UptimeMs + WindowBudgetMs;
            _runner.Idle();
            Renewal = _runner.RunWindow(RenewalBudgetMs);
            Passes = 1;
            while (true)
            {
                _session.RenewalRequested = false;
                if (!EnsureConnected(deadline))
                {
                    break;
                }

                _session.PublishStatus();
                _session.PublishTelemetry(_uptime.UptimeMs, freeHeap);
                if (!Listen(deadline) || Passes == MaxPasses || deadline - _uptime.UptimeMs < RenewalBudgetMs)
                {
                    break;
                }

                _session.Disconnect();
                Renewal = _runner.RunWindow(RenewalBudgetMs);
                Passes++;
            }

            long sleepMs = SleepMs();
            _session.Close(WakeTicks);
            return sleepMs;
        }

        /// <summary>Until the renewal engine's next attempt, within [<see cref="MinSleepMs"/>, <see cref="MaxSleepMs"/>].</summary>
        private long SleepMs()
        {
            long now = _runner.Now().Estimate;
            long next = _runner.Status().NextAttempt;
            long ms = next == 0 ? MaxSleepMs : (next - now) / System.TimeSpan.TicksPerMillisecond;
            ms = ms < MinSleepMs ? MinSleepMs : (ms > MaxSleepMs ? MaxSleepMs : ms);
            WakeTicks = now + (ms * System.TimeSpan.TicksPerMillisecond);
            return ms;
        }

        private bool EnsureConnected(long deadline)
        {
            while (!_session.IsConnected)
            {
                ConnectAttempts++;
                MqttConnectResult result = _session.Connect();
                if (result == MqttConnectResult.Accepted)
                {
                    break;
                }

                if (result == MqttConnectResult.NotSupported)
                {
                    return false;   // no certificate yet, or a credential this port cannot present: retrying will not help
                }

                int wait = _session.ReconnectDelayMs(_random.NextUInt32());
                if (_uptime.UptimeMs + wait >= deadline)
                {
                    return false;
                }

                _delay.Wait(wait);
            }

            WasOnline = true;
            return true;
        }

        /// <summary>Handles commands until quiet; true when one asked for a renewal request.</summary>
        private bool Listen(long deadline)
        {
            long quietUntil = _uptime.UptimeMs + ListenMs;
            while (_uptime.UptimeMs < deadline)
            {
                if (!_session.IsConnected)
                {
                    if (!EnsureConnected(deadline))
                    {
                        return false;
                    }

                    _session.PublishStatus();
                    quietUntil = _uptime.UptimeMs + ListenMs;
                }

                if (_session.ProcessCommands() > 0)
                {
                    if (_session.RenewalRequested)
                    {
                        return true;
                    }

                    quietUntil = _uptime.UptimeMs + ListenMs;
                    continue;
                }

                if (_uptime.UptimeMs >= quietUntil)
                {
                    return false;
                }

                _delay.Wait(PollIntervalMs);
            }

            return false;
        }
    }
}
