using DeviceAgent.Renewal;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The retained status message (DeviceAgent/README.md, "Cloud session"): what the renewal engine reports, the
    /// firmware version, and whether the device is online, asleep until a given time, or (the will) offline. Times
    /// are Unix seconds, null for none.
    /// </summary>
    public static class StatusPayload
    {
        /// <summary>Payload format version (the <c>v</c> member of every payload).</summary>
        public const int Version = 1;

        /// <summary>Longest firmware version reported.</summary>
        public const int MaxFirmwareLength = 32;

        /// <summary>Bytes a status needs at most: every member at its longest is 468 (with a 32-character firmware version).</summary>
        public const int MaxBytes = 512;

        /// <summary><c>state</c> values.</summary>
        public const string Online = "online", Asleep = "asleep", Offline = "offline";

        /// <summary>
        /// Writes the status; <paramref name="state"/> is <see cref="Online"/> or <see cref="Asleep"/>, with
        /// <paramref name="wakeTicks"/> the next wake (0 when unknown or online). Returns the length or -1.
        /// </summary>
        public static int Write(JsonObjectWriter w, RenewalStatus status, string firmware, string state, long wakeTicks)
        {
            w.Begin();
            w.Number("v", Version);
            w.String("state", state);
            w.String("fw", firmware);
            w.String("tier", WireNames.Of(status.Tier));
            w.String("phase", WireNames.Of(status.Phase));
            Time(w, "certExpiry", status.CurrentNotAfter);
            Time(w, "candidateExpiry", status.CandidateNotAfter);
            Time(w, "lastAttempt", status.LastAttempt);
            w.String("lastOutcome", WireNames.Of(status.LastOutcome));
            Time(w, "nextAttempt", status.NextAttempt);
            w.Bool("rejected", status.Rejected);
            w.Number("rejectReason", status.RejectReason);
            w.Number("attempts", status.Attempts);
            w.Number("renewals", status.Renewals);
            w.Number("transientFailures", status.TransientFailures);
            w.Number("rejections", status.Rejections);
            w.Number("promotions", status.Promotions);
            w.Number("policyVersion", status.PolicyVersion);
            Time(w, "wake", wakeTicks);
            return w.End();
        }

        /// <summary>The will: <c>{"v":1,"state":"offline"}</c>, retained by the broker when the connection drops unannounced.</summary>
        public static byte[] Will()
        {
            var w = new JsonObjectWriter(32);
            w.Begin();
            w.Number("v", Version);
            w.String("state", Offline);
            w.End();
            return w.ToArray();
        }

        private static void Time(JsonObjectWriter w, string name, long ticks)
        {
            if (ticks == 0)
            {
                w.Null(name);
            }
            else
            {
                w.Number(name, UnixTime.Seconds(ticks));
            }
        }
    }
}
