using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using DeviceAgent.Est;
using Lab.DeviceTls;
using MQTTnet.Channel;

namespace Lab.DeviceMqtt;

/// <summary>
/// MQTTnet's transport (<see cref="IMqttChannel"/>) over one <see cref="DeviceTlsConnection"/>: TCP and TLS are opened
/// by <see cref="DeviceTlsConnector"/>, so the client certificate's CertificateVerify is signed by the ATECC608 and no
/// private key exists in this process. MQTTnet frames packets on top and never sees a socket.
/// </summary>
/// <remarks>
/// <para>The connection is blocking (BouncyCastle); MQTTnet is asynchronous. A dedicated reader thread reads TLS records
/// into a bounded queue of chunks that <see cref="ReadAsync"/> awaits (so an idle session holds no thread-pool thread),
/// and writes go straight to the connection (BouncyCastle serialises record writes and allows one reader beside them;
/// MQTTnet's adapter sends one packet at a time). A packet is collected until MQTTnet marks its end and then written as
/// one TLS record.</para>
/// <para>Reads never time out: an MQTT session may be silent for longer than any fixed bound (MQTTnet pings only when
/// it has sent nothing for a keep-alive period), and a socket timeout would end BouncyCastle's session. The connection
/// is therefore opened with an unbounded read timeout; a broker that stops answering is noticed by MQTTnet's PINGREQ
/// timeout, which disposes this channel and so closes the socket under the reader. The handshake is bounded by
/// MQTTnet's connect timeout, which abandons <see cref="ConnectAsync"/>; a handshake that completes after that is
/// closed at once.</para>
/// <para>For the connect result, the channel records how it failed: <see cref="ConnectFailure"/> (TCP or the TLS
/// handshake) and <see cref="ReadFailure"/> with <see cref="ReceivedData"/> (under TLS 1.3 a broker that refuses the
/// client certificate says so only after the client's Finished, on the first read).</para>
/// </remarks>
public sealed class DeviceTlsChannel : IMqttChannel
{
    /// <summary>Largest plaintext of one TLS record (RFC 8446 §5.1): one read returns at most this much.</summary>
    private const int ReadChunkBytes = 16384;

    /// <summary>Chunks queued before the reader waits for MQTTnet: at most 16 × 16 KB held per connection.</summary>
    private const int QueuedChunks = 16;

    private readonly DeviceTlsConnector _connector;
    private readonly TlsEndpoint _endpoint;
    private readonly TlsClientCredential? _credential;
    private readonly Channel<byte[]> _inbound = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ArrayBufferWriter<byte> _packet = new(256);
    private readonly Lock _gate = new();
    private DeviceTlsConnection? _connection;
    private byte[] _chunk = [];
    private int _chunkOffset;
    private volatile bool _receivedData;
    private volatile Exception? _readFailure;
    private volatile Exception? _writeFailure;
    private Thread? _reader;
    private bool _disposed;

    /// <summary>A channel that will connect to <paramref name="endpoint"/> presenting <paramref name="credential"/> (or none).</summary>
    public DeviceTlsChannel(DeviceTlsConnector connector, TlsEndpoint endpoint, TlsClientCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(endpoint);
        _connector = connector;
        // Same host, port and anchors; reads unbounded (see remarks).
        _endpoint = new TlsEndpoint(endpoint.Host, endpoint.Port, endpoint.TrustAnchors) { ReadTimeoutMilliseconds = 0 };
        _credential = credential;
        RemoteEndPoint = IPAddress.TryParse(endpoint.Host, out IPAddress? address)
            ? new IPEndPoint(address, endpoint.Port)
            : new DnsEndPoint(endpoint.Host, endpoint.Port);
    }

    /// <summary>Always null: on the device side there is no certificate object with a key, only the chip.</summary>
    public X509Certificate2 ClientCertificate => null!;

    /// <inheritdoc />
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Not known: the connector keeps its socket to itself.</summary>
    public EndPoint LocalEndPoint => null!;

    /// <inheritdoc />
    public bool IsSecureConnection => true;

    /// <summary>The TLS connection once <see cref="ConnectAsync"/> succeeded (its version, cipher suite, whether a certificate was sent).</summary>
    public DeviceTlsConnection? Connection => _connection;

    /// <summary>Why opening TCP or the TLS handshake failed, or null.</summary>
    public IOException? ConnectFailure { get; private set; }

    /// <summary>Why reading the established connection failed, or null (also null after the broker's close_notify).</summary>
    public Exception? ReadFailure => _readFailure;

    /// <summary>Why writing to the established connection failed, or null.</summary>
    public Exception? WriteFailure => _writeFailure;

    /// <summary>True once any application data (MQTT bytes) arrived from the broker.</summary>
    public bool ReceivedData => _receivedData;

    /// <summary>
    /// Opens TCP and TLS (blocking: MQTTnet's adapter runs this on a worker and gives up at its connect timeout) and
    /// starts the reader. Throws the connector's <see cref="IOException"/> on failure.
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DeviceTlsConnection connection;
        try
        {
            connection = _connector.Connect(_endpoint, _credential);
        }
        catch (IOException e)
        {
            ConnectFailure = e;
            throw;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                // MQTTnet gave up (timeout) and disposed this channel while the handshake was still running.
                connection.Dispose();
                throw new ObjectDisposedException(nameof(DeviceTlsChannel), "the MQTT connect was abandoned before the TLS handshake completed");
            }

            _connection = connection;
        }

        _reader = new Thread(() => ReadLoop(connection)) { IsBackground = true, Name = "mqtt-tls-reader " + RemoteEndPoint };
        _reader.Start();
        return Task.CompletedTask;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the reader to end (after <see cref="Dispose"/> it ends at
    /// once), so that <see cref="ReadFailure"/> holds what it saw; true when it has ended or never started.</summary>
    public bool WaitForReader(TimeSpan timeout) => _reader?.Join(timeout) ?? true;

    /// <summary>Sends close_notify and closes the socket (which also ends the reader).</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    /// <summary>Up to <paramref name="count"/> bytes from the broker; 0 at the end of the session (close_notify).</summary>
    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        while (_chunkOffset == _chunk.Length)
        {
            byte[]? next;
            try
            {
                if (!await _inbound.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }
            }
            catch (ChannelClosedException e) when (e.InnerException is { } cause)
            {
                throw new IOException(cause.Message, cause);
            }

            if (_inbound.Reader.TryRead(out next))
            {
                _chunk = next;
                _chunkOffset = 0;
            }
        }

        int copied = Math.Min(count, _chunk.Length - _chunkOffset);
        Buffer.BlockCopy(_chunk, _chunkOffset, buffer, offset, copied);
        _chunkOffset += copied;
        return copied;
    }

    /// <summary>Collects <paramref name="buffer"/>; at the end of a packet writes it as one TLS record (blocking, short).</summary>
    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            _packet.Write(segment.Span);
        }

        if (!isEndOfPacket)
        {
            return Task.CompletedTask;
        }

        DeviceTlsConnection connection = _connection ?? throw new IOException("the TLS connection is not open");
        try
        {
            if (!MemoryMarshal.TryGetArray(_packet.WrittenMemory, out ArraySegment<byte> packet))
            {
                throw new InvalidOperationException("ArrayBufferWriter is backed by an array");
            }

            connection.Write(packet.Array!, packet.Offset, packet.Count);
        }
        catch (IOException e)
        {
            _writeFailure ??= e;
            throw;
        }
        finally
        {
            _packet.Clear();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private void Close()
    {
        DeviceTlsConnection? connection;
        lock (_gate)
        {
            _disposed = true;
            connection = _connection;
        }

        connection?.Dispose();
        _inbound.Writer.TryComplete();
    }

    /// <summary>The reader thread: TLS records into the queue until close_notify, a failure, or the channel closes.</summary>
    private void ReadLoop(DeviceTlsConnection connection)
    {
        var buffer = new byte[ReadChunkBytes];
        try
        {
            while (true)
            {
                int read = connection.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    _inbound.Writer.TryComplete();
                    return;
                }

                _receivedData = true;
                byte[] chunk = buffer.AsSpan(0, read).ToArray();
                if (!_inbound.Writer.TryWrite(chunk))
                {
                    // MQTTnet is behind: wait for room (ends with ChannelClosedException when the channel is disposed)
                    _inbound.Writer.WriteAsync(chunk).AsTask().GetAwaiter().GetResult();
                }
            }
        }
#pragma warning disable CA1031 // whatever ends the reader goes to MQTTnet as the read's failure; escaping this thread would end the process
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (e is not (ObjectDisposedException or ChannelClosedException))
            {
                _readFailure = e;   // not our own Dispose: what the broker or the network did
            }

            _inbound.Writer.TryComplete(e);
        }
    }
}
