using System;

namespace DeviceAgent.Renewal
{
    /// <summary>
    /// The numbers that drive renewal, versioned so the cloud can update them and the device can tell which one it
    /// runs. Fractions are in per-mille of the certificate lifetime; durations in seconds. <see cref="Validate"/>
    /// rejects inconsistent values before a policy is used or stored.
    /// </summary>
    public sealed class RenewalPolicy
    {
        /// <summary>Encoded size: version byte + 10 fields.</summary>
        public const int EncodedSize = 1 + 4 + (2 * 3) + (4 * 6) + 1;

        private const byte FormatVersion = 1;

        /// <summary>The defaults: renew at 2/3 of the lifetime ±2.5 %, urgent after 90 %, 30 days of grace.</summary>
        public RenewalPolicy()
        {
            Version = 1;
            RenewAtPerMille = 667;
            JitterPerMille = 50;
            UrgentAtPerMille = 900;
            GraceSeconds = 30 * 24 * 3600;
            BackoffBaseSeconds = 60;
            BackoffCapSeconds = 24 * 3600;
            MaxWindowsSkipped = 7;
            RetryAfterMinSeconds = 10;
            RetryAfterMaxSeconds = 48 * 3600;
            RekeyOnRenewal = false;
        }

        /// <summary>Policy version, chosen by whoever issues it; reported in status.</summary>
        public int Version { get; set; }

        /// <summary>Renewal becomes due at this share of the lifetime (default 667 = 2/3).</summary>
        public int RenewAtPerMille { get; set; }

        /// <summary>Total width of the per-device jitter around the due point (default 50 = ±2.5 % of the lifetime).</summary>
        public int JitterPerMille { get; set; }

        /// <summary>From this share of the lifetime the device tries in every window (default 900).</summary>
        public int UrgentAtPerMille { get; set; }

        /// <summary>How long after expiry re-enrolling with the expired certificate is tried (match the server's grace).</summary>
        public int GraceSeconds { get; set; }

        /// <summary>First backoff step after a transient failure.</summary>
        public int BackoffBaseSeconds { get; set; }

        /// <summary>Largest backoff in wall time.</summary>
        public int BackoffCapSeconds { get; set; }

        /// <summary>Largest number of connectivity windows skipped after failures (outside the urgent phase).</summary>
        public int MaxWindowsSkipped { get; set; }

        /// <summary>Shortest Retry-After honoured (a server asking for less gets this).</summary>
        public int RetryAfterMinSeconds { get; set; }

        /// <summary>Longest Retry-After honoured (libest's maximum retry period is 48 h).</summary>
        public int RetryAfterMaxSeconds { get; set; }

        /// <summary>Generate a new key pair in a spare slot at each renewal instead of reusing the key.</summary>
        public bool RekeyOnRenewal { get; set; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
        public void Validate()
        {
            Require(Version >= 0, "Version must not be negative");
            Require(RenewAtPerMille >= 100 && RenewAtPerMille <= 950, "RenewAtPerMille must be 100..950");
            Require(JitterPerMille >= 0 && JitterPerMille <= 200, "JitterPerMille must be 0..200");
            Require(RenewAtPerMille + (JitterPerMille / 2) < UrgentAtPerMille, "the latest jittered due point must come before the urgent phase");
            Require(UrgentAtPerMille < 1000, "UrgentAtPerMille must be below 1000");
            Require(RenewAtPerMille - (JitterPerMille / 2) > 0, "the earliest jittered due point must be after issuance");
            Require(GraceSeconds >= 0, "GraceSeconds must not be negative");
            Require(BackoffBaseSeconds >= 1 && BackoffBaseSeconds <= BackoffCapSeconds, "BackoffBaseSeconds must be 1..BackoffCapSeconds");
            Require(BackoffCapSeconds <= 30 * 24 * 3600, "BackoffCapSeconds must be at most 30 days");
            Require(MaxWindowsSkipped >= 0 && MaxWindowsSkipped <= 100, "MaxWindowsSkipped must be 0..100");
            Require(RetryAfterMinSeconds >= 0 && RetryAfterMinSeconds <= RetryAfterMaxSeconds, "RetryAfterMinSeconds must be 0..RetryAfterMaxSeconds");
        }

        /// <summary>Fixed-size little-endian encoding for storage.</summary>
        public byte[] Encode()
        {
            var data = new byte[EncodedSize];
            int at = 0;
            data[at++] = FormatVersion;
            at = Put32(data, at, Version);
            at = Put16(data, at, RenewAtPerMille);
            at = Put16(data, at, JitterPerMille);
            at = Put16(data, at, UrgentAtPerMille);
            at = Put32(data, at, GraceSeconds);
            at = Put32(data, at, BackoffBaseSeconds);
            at = Put32(data, at, BackoffCapSeconds);
            at = Put32(data, at, MaxWindowsSkipped);
            at = Put32(data, at, RetryAfterMinSeconds);
            at = Put32(data, at, RetryAfterMaxSeconds);
            data[at] = (byte)(RekeyOnRenewal ? 1 : 0);
            return data;
        }

        /// <summary>Decodes and validates; throws <see cref="ArgumentException"/> on a wrong size, version or value.</summary>
        public static RenewalPolicy Decode(byte[] data, int offset, int count)
        {
            if (data == null || count != EncodedSize || offset < 0 || offset > data.Length - count || data[offset] != FormatVersion)
            {
                throw new ArgumentException("not an encoded renewal policy of format " + FormatVersion);
            }

            int at = offset + 1;
            var policy = new RenewalPolicy();
            policy.Version = Get32(data, ref at);
            policy.RenewAtPerMille = Get16(data, ref at);
            policy.JitterPerMille = Get16(data, ref at);
            policy.UrgentAtPerMille = Get16(data, ref at);
            policy.GraceSeconds = Get32(data, ref at);
            policy.BackoffBaseSeconds = Get32(data, ref at);
            policy.BackoffCapSeconds = Get32(data, ref at);
            policy.MaxWindowsSkipped = Get32(data, ref at);
            policy.RetryAfterMinSeconds = Get32(data, ref at);
            policy.RetryAfterMaxSeconds = Get32(data, ref at);
            policy.RekeyOnRenewal = data[at] == 1;
            policy.Validate();
            return policy;
        }

        private static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException("renewal policy: " + message);
            }
        }

        private static int Put16(byte[] d, int at, int v)
        {
            d[at] = (byte)v;
            d[at + 1] = (byte)(v >> 8);
            return at + 2;
        }

        private static int Put32(byte[] d, int at, int v)
        {
            d[at] = (byte)v;
            d[at + 1] = (byte)(v >> 8);
            d[at + 2] = (byte)(v >> 16);
            d[at + 3] = (byte)(v >> 24);
            return at + 4;
        }

        private static int Get16(byte[] d, ref int at)
        {
            int v = d[at] | (d[at + 1] << 8);
            at += 2;
            return v;
        }

        private static int Get32(byte[] d, ref int at)
        {
            int v = d[at] | (d[at + 1] << 8) | (d[at + 2] << 16) | (d[at + 3] << 24);
            at += 4;
            return v;
        }
    }
}
