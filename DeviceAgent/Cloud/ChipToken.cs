using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Cloud
{
    /// <summary>
    /// The MQTT password of a board whose TLS cannot sign with the chip (docs/design/device-tls.md, "MQTT"): a short-lived
    /// token signed by the ATECC608 that carries the device's certificate, so a broker plugin checks it as it would a
    /// TLS client certificate.
    /// <code>
    /// &lt;deviceId&gt;.&lt;unix seconds&gt;.&lt;base64url(certificate DER)&gt;.&lt;base64url(R‖S)&gt;
    /// </code>
    /// R‖S is the chip's ECDSA P-256 signature over SHA-256 of everything before the last dot (ASCII). base64url is
    /// RFC 4648 §5 without padding. The broker accepts it when the certificate chains to the device CA, is valid now
    /// and not revoked, its CN equals the device id (= MQTT user name and client id), the time is within a few
    /// minutes of its clock, and the signature verifies with the certificate's key.
    /// </summary>
    public static class ChipToken
    {
        /// <summary>Largest certificate carried (the credential store's record limit).</summary>
        public const int MaxCertificateLength = 2048;

        /// <summary>base64url of a 64-byte R‖S, unpadded.</summary>
        public const int SignatureChars = 86;

        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        /// <summary>The token as ASCII bytes, signed by <paramref name="signer"/> (the key of <paramref name="certificate"/>).</summary>
        public static byte[] Build(string deviceId, long unixSeconds, byte[] certificate, IDigestSigner signer)
        {
            if (!CloudTopics.IsValidDeviceId(deviceId))
            {
                throw new ArgumentException("invalid device id", nameof(deviceId));
            }

            if (certificate == null || certificate.Length == 0 || certificate.Length > MaxCertificateLength)
            {
                throw new ArgumentException("certificate of 1..2048 bytes required", nameof(certificate));
            }

            if (signer == null)
            {
                throw new ArgumentNullException(nameof(signer));
            }

            string time = unixSeconds.ToString();
            int prefix = deviceId.Length + 1 + time.Length + 1 + UrlLength(certificate.Length);
            var token = new byte[prefix + 1 + SignatureChars];
            int at = Ascii(deviceId, token, 0);
            token[at++] = (byte)'.';
            at = Ascii(time, token, at);
            token[at++] = (byte)'.';
            at = EncodeUrl(certificate, certificate.Length, token, at);
            byte[] signature = signer.SignDigest(Sha256.Hash(token, 0, prefix));
            if (signature == null || signature.Length != 64)
            {
                throw new ArgumentException("the signer must return R||S of 64 bytes", nameof(signer));
            }

            token[at++] = (byte)'.';
            EncodeUrl(signature, 64, token, at);
            return token;
        }

        /// <summary>Characters of unpadded base64url for <paramref name="count"/> bytes.</summary>
        public static int UrlLength(int count)
        {
            return ((count / 3) * 4) + (count % 3 == 0 ? 0 : (count % 3) + 1);
        }

        private static int Ascii(string text, byte[] output, int at)
        {
            for (int i = 0; i < text.Length; i++)
            {
                output[at++] = (byte)text[i];
            }

            return at;
        }

        private static int EncodeUrl(byte[] data, int count, byte[] output, int at)
        {
            for (int i = 0; i < count; i += 3)
            {
                int remaining = count - i;
                int group = (data[i] << 16) | (remaining > 1 ? data[i + 1] << 8 : 0) | (remaining > 2 ? data[i + 2] : 0);
                output[at++] = (byte)Alphabet[(group >> 18) & 0x3F];
                output[at++] = (byte)Alphabet[(group >> 12) & 0x3F];
                if (remaining > 1)
                {
                    output[at++] = (byte)Alphabet[(group >> 6) & 0x3F];
                }

                if (remaining > 2)
                {
                    output[at++] = (byte)Alphabet[group & 0x3F];
                }
            }

            return at;
        }
    }
}
