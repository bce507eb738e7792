using DeviceAgent.Tests;
using System;
using System.Collections;
using Atecc608Driver;

namespace Atecc608Driver.Tests
{
    /// <summary>
    /// A transport that replays a recorded exchange: each wake, write and read the driver makes must be the next
    /// step of the script, byte for byte; reads return the scripted bytes or a NACK. Delays are summed, not
    /// scripted. One named step per fault, after coreMQTT's fake transports.
    /// </summary>
    internal sealed class ScriptedTransport : IAtecc608Transport
    {
        private const int KindWake = 0;
        private const int KindWrite = 1;
        private const int KindRead = 2;

        private readonly ArrayList _steps = new ArrayList();
        private int _next;

        /// <summary>Total time the driver asked to wait, in microseconds.</summary>
        public long DelayedMicroseconds { get; private set; }

        public ScriptedTransport Wake()
        {
            return Add(KindWake, null, TransportStatus.Ok);
        }

        /// <summary>A wake pulse answered with the wake reply.</summary>
        public ScriptedTransport WakeOk()
        {
            return Wake().Read("04 11 33 43");
        }

        public ScriptedTransport Write(string hex)
        {
            return Add(KindWrite, Hex.Parse(hex), TransportStatus.Ok);
        }

        public ScriptedTransport WriteNack(string hex)
        {
            return Add(KindWrite, Hex.Parse(hex), TransportStatus.NotAcknowledged);
        }

        /// <summary>The idle word address the driver sends after every command.</summary>
        public ScriptedTransport Idle()
        {
            return Write("02");
        }

        /// <summary>A read of exactly these bytes.</summary>
        public ScriptedTransport Read(string hex)
        {
            return Add(KindRead, Hex.Parse(hex), TransportStatus.Ok);
        }

        /// <summary>A read the chip does not acknowledge (asleep, idle or busy).</summary>
        public ScriptedTransport ReadNack()
        {
            return Add(KindRead, null, TransportStatus.NotAcknowledged);
        }

        /// <summary>A reply group read as the driver reads it: the count byte, then the rest.</summary>
        public ScriptedTransport Reply(string hex)
        {
            byte[] group = Hex.Parse(hex);
            return Read(Hex.Format(group, 0, 1)).Read(Hex.Format(group, 1, group.Length - 1));
        }

        /// <summary>One command exchange: wake, the command write, the reply, idle.</summary>
        public ScriptedTransport Command(string command, string reply)
        {
            return WakeOk().Write(command).Reply(reply).Idle();
        }

        /// <summary>Appends the CRC-16 to a group given without it, for replies made up by a test.</summary>
        public static string WithCrc(string hex)
        {
            byte[] body = Hex.Parse(hex);
            var group = new byte[body.Length + 2];
            Array.Copy(body, group, body.Length);
            Crc16.Append(group, 0, body.Length);
            return Hex.Format(group, 0, group.Length);
        }

        /// <summary>A hex string of <paramref name="count"/> copies of one byte.</summary>
        public static string Repeat(string hexByte, int count)
        {
            string result = string.Empty;
            for (int i = 0; i < count; i++)
            {
                result += i == 0 ? hexByte : " " + hexByte;
            }

            return result;
        }

        /// <summary>Fails the test unless every scripted step was used.</summary>
        public void AssertDone()
        {
            if (_next != _steps.Count)
            {
                throw new Exception("script not finished: step " + _next + " of " + _steps.Count + " (" + Describe((Step)_steps[_next]) + ") never happened");
            }
        }

        public TransportStatus SendWake()
        {
            Take(KindWake, "wake");
            return TransportStatus.Ok;
        }

        public TransportStatus Write(byte[] buffer, int offset, int count)
        {
            Step step = Take(KindWrite, "write " + Hex.Format(buffer, offset, count));
            string actual = Hex.Format(buffer, offset, count);
            string expected = Hex.Format(step.Bytes, 0, step.Bytes.Length);
            if (actual != expected)
            {
                throw new Exception("step " + (_next - 1) + ": driver wrote " + actual + ", script expected " + expected);
            }

            return step.Status;
        }

        public TransportStatus Read(byte[] buffer, int offset, int count)
        {
            Step step = Take(KindRead, "read of " + count + " bytes");
            if (step.Status != TransportStatus.Ok)
            {
                return step.Status;
            }

            if (step.Bytes.Length != count)
            {
                throw new Exception("step " + (_next - 1) + ": driver read " + count + " bytes, script has " + step.Bytes.Length);
            }

            Array.Copy(step.Bytes, 0, buffer, offset, count);
            return TransportStatus.Ok;
        }

        public void Delay(int microseconds)
        {
            DelayedMicroseconds += microseconds;
        }

        private ScriptedTransport Add(int kind, byte[] bytes, TransportStatus status)
        {
            _steps.Add(new Step(kind, bytes, status));
            return this;
        }

        private Step Take(int kind, string what)
        {
            if (_next >= _steps.Count)
            {
                throw new Exception("unexpected " + what + " after the end of the script");
            }

            var step = (Step)_steps[_next];
            if (step.Kind != kind)
            {
                throw new Exception("step " + _next + ": driver did " + what + ", script expected " + Describe(step));
            }

            _next++;
            return step;
        }

        private static string Describe(Step step)
        {
            switch (step.Kind)
            {
                case KindWake: return "wake";
                case KindWrite: return "write " + Hex.Format(step.Bytes, 0, step.Bytes.Length);
                default: return step.Bytes == null ? "read (NACK)" : "read " + Hex.Format(step.Bytes, 0, step.Bytes.Length);
            }
        }

        private sealed class Step
        {
            public Step(int kind, byte[] bytes, TransportStatus status)
            {
                Kind = kind;
                Bytes = bytes;
                Status = status;
            }

            public int Kind { get; }

            public byte[] Bytes { get; }

            public TransportStatus Status { get; }
        }
    }
}
