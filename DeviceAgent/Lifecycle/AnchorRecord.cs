using System;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using DeviceAgent.Storage;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// The trust anchors as a crash-safe record (<c>anchors</c>): the time of the last /cacerts check (8 bytes,
    /// ticks, little-endian) followed by <see cref="TrustAnchorStore.ToBytes"/>.
    /// </summary>
    public static class AnchorRecord
    {
        /// <summary>Record name.</summary>
        public const string Name = "anchors";

        /// <summary>
        /// The stored anchors, or a store holding only <paramref name="provisionedAnchor"/> (the anchor in the
        /// device's provisioned configuration) when the record is absent or damaged: a device never ends up
        /// trusting nothing, and never anything it was not given. <paramref name="lastCheckTicks"/> is 0 then.
        /// </summary>
        public static TrustAnchorStore Load(RecordStore records, byte[] provisionedAnchor, out long lastCheckTicks, out RecordState state)
        {
            RecordLoad load = records.Load(Name);
            state = load.State;
            lastCheckTicks = 0;
            byte[] p = load.Payload;
            if (p != null && p.Length > 8)
            {
                try
                {
                    TrustAnchorStore stored = TrustAnchorStore.FromBytes(p, 8, p.Length - 8);
                    if (stored.Count > 0)
                    {
                        lastCheckTicks = ReadInt64(p, 0);
                        return stored;
                    }
                }
                catch (PkiException)
                {
                    // fall through: reported as Corrupt, rebuilt from the provisioned anchor
                }

                state = RecordState.Corrupt;
            }

            var fresh = new TrustAnchorStore();
            fresh.AddProvisioned(provisionedAnchor);
            return fresh;
        }

        /// <summary>Stores <paramref name="anchors"/> with the time of the last /cacerts check.</summary>
        public static void Save(RecordStore records, TrustAnchorStore anchors, long lastCheckTicks)
        {
            byte[] body = anchors.ToBytes();
            var payload = new byte[8 + body.Length];
            for (int i = 0; i < 8; i++)
            {
                payload[i] = (byte)(lastCheckTicks >> (8 * i));
            }

            Array.Copy(body, 0, payload, 8, body.Length);
            records.Save(Name, payload, 0, payload.Length);
        }

        private static long ReadInt64(byte[] data, int at)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | data[at + i];
            }

            return value;
        }
    }
}
