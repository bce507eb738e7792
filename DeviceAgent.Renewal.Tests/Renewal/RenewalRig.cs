using System;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Renewal
{
    /// <summary>
    /// A certificate of 730 days, an engine at the middle of the jitter band (due after ~487 days, urgent after
    /// 657), times by day, and asserts with short explicit messages (the string table is shared and capped).
    /// </summary>
    internal static class RenewalRig
    {
        public const long Day = TimeSpan.TicksPerDay;
        public const long Second = TimeSpan.TicksPerSecond;
        public static readonly long NB = new DateTime(2026, 1, 1, 0, 0, 0).Ticks;
        public static readonly long NA = new DateTime(2028, 1, 1, 0, 0, 0).Ticks;
        public const int Budget = 60000;

        public static RenewalEngine Engine()
        {
            var e = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 2);
            e.Boot(RecordState.Absent, null, NB, NA);
            return e;
        }

        /// <summary>Known time, <paramref name="days"/> after notBefore plus <paramref name="seconds"/>.</summary>
        public static TimeReading At(long days, long seconds)
        {
            long t = NB + (days * Day) + (seconds * Second);
            return new TimeReading(t, t, true);
        }

        /// <summary>Drives the engine to a request in flight at <paramref name="t"/>; returns the send step.</summary>
        public static RenewalStep Send(RenewalEngine e, TimeReading t)
        {
            RenewalStep s = e.WindowOpened(t, Budget);
            if (s.Action == RenewalActionKind.PrepareCsr)
            {
                e.CsrPrepared(t, s.Kind, s.KeySlot);
                s = e.WindowOpened(t, Budget);
            }

            Is(s, RenewalActionKind.SendEstRequest, RenewalReport.None);
            return s;
        }

        public static RenewalStep Result(RenewalEngine e, TimeReading t, RequestOutcome o)
        {
            return e.RequestResult(t, o, 120, t.Estimate, t.Estimate + (730 * Day), 400, 0xFFFFFFFF);
        }

        /// <summary>The engine after a reboot: its last persisted record decoded into a fresh engine.</summary>
        public static RenewalEngine Reboot(byte[] record)
        {
            var e = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 2);
            Is(e.Boot(RecordState.Intact, record, 0, 0), RenewalActionKind.Nothing, RenewalReport.None);
            return e;
        }

        public static void Is(RenewalStep s, RenewalActionKind action, RenewalReport report)
        {
            Assert.AreEqual((int)action, (int)s.Action, "action");
            Assert.AreEqual((int)report, (int)s.Report, "report");
        }

        public static void Eq(long expected, long actual, string tag)
        {
            Assert.AreEqual(expected, actual, tag);
        }

        public static void True(bool condition, string tag)
        {
            Assert.IsTrue(condition, tag);
        }
    }
}
