namespace DeviceAgent.Cloud
{
    /// <summary>
    /// A small telemetry sample: <c>{"v":1,"t":&lt;Unix seconds or null&gt;,"uptimeMs":…,"freeHeap":…}</c>. A stand-in for
    /// the product's sensor data: it shows the path (QoS 0, not retained) and the heap the agent leaves free.
    /// </summary>
    public static class TelemetryPayload
    {
        /// <summary>Bytes a sample needs at most.</summary>
        public const int MaxBytes = 96;

        /// <summary>Writes a sample; <paramref name="timeTicks"/> 0 when the time is not known. Returns the length or -1.</summary>
        public static int Write(JsonObjectWriter w, long timeTicks, long uptimeMs, long freeHeap)
        {
            w.Begin();
            w.Number("v", StatusPayload.Version);
            if (timeTicks == 0)
            {
                w.Null("t");
            }
            else
            {
                w.Number("t", UnixTime.Seconds(timeTicks));
            }

            w.Number("uptimeMs", uptimeMs);
            w.Number("freeHeap", freeHeap);
            return w.End();
        }
    }
}
