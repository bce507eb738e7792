using DeviceAgent.Est;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// How a freshly issued certificate proves itself before it replaces the current one: the cloud session
    /// connects with it (an MQTT connect over mutual TLS). A failure keeps the current certificate.
    /// </summary>
    public interface ICandidateCheck
    {
        /// <summary>True when a connection authenticated with <paramref name="candidate"/> succeeded.</summary>
        bool TryConnect(TlsClientCredential candidate);
    }
}
