namespace DeviceAgent.Est
{
    /// <summary>
    /// The TLS port: opens a connection that authenticates the server against explicit trust anchors and its host
    /// name, and presents the device's certificate when a client credential is given. The board adapter wraps
    /// Socket + SslStream; the desktop adapter wraps BouncyCastle's TLS client with the handshake signature made
    /// by the ATECC608, so the private key is never in memory.
    /// </summary>
    public interface ITlsConnector
    {
        /// <summary>
        /// Connects to <paramref name="endpoint"/>. With a null <paramref name="client"/> no client certificate is
        /// sent. Throws <see cref="System.IO.IOException"/> when the connection or the handshake fails (including a
        /// server certificate that does not chain to the anchors or does not match the host name) and
        /// <see cref="System.NotSupportedException"/> when the adapter cannot present a chip-held key.
        /// </summary>
        ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client);
    }
}
