using System;

namespace DeviceAgent.Est
{
    /// <summary>Where to connect and whom to trust: host name (also SNI and the name checked), port, anchors.</summary>
    public sealed class TlsEndpoint
    {
        /// <summary>An endpoint trusting exactly <paramref name="trustAnchors"/> (DER certificates).</summary>
        public TlsEndpoint(string host, int port, byte[][] trustAnchors)
        {
            if (host == null || host.Length == 0)
            {
                throw new ArgumentException("host required", nameof(host));
            }

            if (port <= 0 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port));
            }

            if (trustAnchors == null || trustAnchors.Length == 0)
            {
                throw new ArgumentException("at least one explicit trust anchor is required; the device never trusts a platform store", nameof(trustAnchors));
            }

            Host = host;
            Port = port;
            TrustAnchors = trustAnchors;
        }

        /// <summary>DNS name or IP literal; sent as SNI (not for IP literals) and matched against the server certificate.</summary>
        public string Host { get; }

        /// <summary>TCP port.</summary>
        public int Port { get; }

        /// <summary>DER certificates of the anchors the server certificate must chain to.</summary>
        public byte[][] TrustAnchors { get; }

        /// <summary>Read timeout in milliseconds (libest's default is 10 s).</summary>
        public int ReadTimeoutMilliseconds { get; set; } = 10000;
    }
}
