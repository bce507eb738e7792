using System.Collections;
using DeviceAgent.Cloud;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>
    /// A scripted <see cref="IMqttPort"/>: each Connect takes the next scripted result (Accepted when none is left)
    /// and records its options; publishes and subscriptions are recorded; the inbox hands out messages while
    /// connected. <see cref="OnConnect"/> messages are queued at each accepted connect, as the cloud's dispatcher
    /// does when it sees the status go online.
    /// </summary>
    internal sealed class ScriptedMqtt : IMqttPort
    {
        public readonly ArrayList Results = new ArrayList();
        public readonly ArrayList Connects = new ArrayList();
        public readonly ArrayList Topics = new ArrayList();
        public readonly ArrayList Payloads = new ArrayList();
        public readonly ArrayList Flags = new ArrayList();
        public readonly ArrayList Subscriptions = new ArrayList();
        public readonly ArrayList Inbox = new ArrayList();
        public readonly ArrayList OnConnect = new ArrayList();
        public bool SubscribeFails;
        public int Disconnects;
        public int DropAtPoll;

        public bool IsConnected { get; set; }

        public MqttConnectOptions Last
        {
            get { return (MqttConnectOptions)Connects[Connects.Count - 1]; }
        }

        public ScriptedMqtt Then(MqttConnectResult result)
        {
            Results.Add(result);
            return this;
        }

        public void Deliver(string topic, string json)
        {
            Inbox.Add(new MqttInbound(topic, Text.Bytes(json)));
        }

        public MqttConnectResult Connect(MqttConnectOptions options)
        {
            Connects.Add(options);
            MqttConnectResult result = MqttConnectResult.Accepted;
            if (Results.Count > 0)
            {
                result = (MqttConnectResult)Results[0];
                Results.RemoveAt(0);
            }

            IsConnected = result == MqttConnectResult.Accepted;
            if (IsConnected)
            {
                for (int i = 0; i < OnConnect.Count; i++)
                {
                    Inbox.Add(OnConnect[i]);
                }

                OnConnect.Clear();
            }

            return result;
        }

        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            Topics.Add(topic);
            Payloads.Add(payload);
            Flags.Add((qos * 10) + (retain ? 1 : 0));
            return true;
        }

        public bool Subscribe(string topicFilter, int qos)
        {
            if (!IsConnected || SubscribeFails)
            {
                return false;
            }

            Subscriptions.Add(topicFilter + "@" + qos);
            return true;
        }

        public MqttInbound Poll()
        {
            if (DropAtPoll > 0 && --DropAtPoll == 0)
            {
                IsConnected = false;   // the connection broke (keep-alive timeout)
            }

            if (!IsConnected || Inbox.Count == 0)
            {
                return null;
            }

            var message = (MqttInbound)Inbox[0];
            Inbox.RemoveAt(0);
            return message;
        }

        public void Disconnect()
        {
            Disconnects++;
            IsConnected = false;
        }

        /// <summary>Number of publishes to <paramref name="topic"/>.</summary>
        public int Count(string topic)
        {
            int n = 0;
            for (int i = 0; i < Topics.Count; i++)
            {
                if ((string)Topics[i] == topic)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>The text of the last publish to <paramref name="topic"/>, or null.</summary>
        public string LastText(string topic)
        {
            for (int i = Topics.Count - 1; i >= 0; i--)
            {
                if ((string)Topics[i] == topic)
                {
                    return Text.Of((byte[])Payloads[i]);
                }
            }

            return null;
        }

        /// <summary>QoS × 10 + retain of the last publish to <paramref name="topic"/>.</summary>
        public int LastFlags(string topic)
        {
            for (int i = Topics.Count - 1; i >= 0; i--)
            {
                if ((string)Topics[i] == topic)
                {
                    return (int)Flags[i];
                }
            }

            return -1;
        }
    }
}
