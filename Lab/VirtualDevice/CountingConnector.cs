using DeviceAgent.Est;

namespace Lab.VirtualDevice;

/// <summary>Counts the EST bytes a device sends and receives above TLS (the HTTP messages), per connection.</summary>
internal sealed class CountingConnector(ITlsConnector inner) : ITlsConnector
{
    public long BytesSent { get; private set; }

    public long BytesReceived { get; private set; }

    public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client) => new Counted(this, inner.Connect(endpoint, client));

    private sealed class Counted(CountingConnector owner, ITlsStream stream) : ITlsStream
    {
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = stream.Read(buffer, offset, count);
            owner.BytesReceived += n;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            stream.Write(buffer, offset, count);
            owner.BytesSent += count;
        }

        public void Dispose() => stream.Dispose();
    }
}
