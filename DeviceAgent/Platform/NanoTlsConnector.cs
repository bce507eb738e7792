using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// <see cref="ITlsConnector"/> over nanoFramework's Socket + SslStream (board only; thin). Server authentication
    /// only: the stock firmware's TLS takes a client key as bytes and cannot ask the ATECC608 to sign the handshake
    /// (facts/nanoframework-api.md §2.5), so a client credential is refused and the EST client re-enrolls with HTTP
    /// Basic and the device secret instead, the CSR still signed by the chip.
    /// </summary>
    /// <remarks>
    /// Pitfalls handled (facts/nanoframework-api.md §2.3, §9): TLS 1.2 and 1.3 requested explicitly (None means
    /// 1.3 only); CertificateRequired, the only mode that verifies; the anchors passed as one NUL-terminated PEM
    /// bundle, so no platform store is involved; the host name given for SNI and the name check; read timeout set
    /// on the socket. The handshake blocks the interpreter and has no timeout of its own.
    /// </remarks>
    public sealed class NanoTlsConnector : ITlsConnector
    {
        /// <inheritdoc />
        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            if (client != null)
            {
                throw new NotSupportedException("this firmware's TLS cannot use a chip-held key; re-enroll with HTTP Basic");
            }

            IPAddress address = Dns.GetHostEntry(endpoint.Host).AddressList[0];
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.ReceiveTimeout = endpoint.ReadTimeoutMilliseconds;
                socket.SendTimeout = endpoint.ReadTimeoutMilliseconds;
                socket.Connect(new IPEndPoint(address, endpoint.Port));
                var tls = new SslStream(socket);
                tls.SslVerification = SslVerification.CertificateRequired;
                tls.AuthenticateAsClient(endpoint.Host, null, new X509Certificate(AnchorBundle(endpoint.TrustAnchors)), SslProtocols.Tls12 | SslProtocols.Tls13);
                return new Stream(tls);
            }
            catch (Exception e)
            {
                socket.Close();
                throw new System.IO.IOException("TLS connection to " + endpoint.Host + " failed: " + e.Message, e);
            }
        }

        /// <summary>The anchors as one PEM bundle ending in NUL, the form mbedTLS parses (§2.4).</summary>
        internal static byte[] AnchorBundle(byte[][] anchors)
        {
            string pem = string.Empty;
            for (int i = 0; i < anchors.Length; i++)
            {
                pem += "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(anchors[i]) + "\n-----END CERTIFICATE-----\n";
            }

            var bytes = new byte[pem.Length + 1];
            for (int i = 0; i < pem.Length; i++)
            {
                bytes[i] = (byte)pem[i];
            }

            return bytes;
        }

        private sealed class Stream : ITlsStream
        {
            private readonly SslStream _tls;

            public Stream(SslStream tls)
            {
                _tls = tls;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                return _tls.Read(buffer, offset, count);
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                _tls.Write(buffer, offset, count);
            }

            public void Dispose()
            {
                _tls.Dispose();
            }
        }
    }
}
