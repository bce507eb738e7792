using System.Net.Sockets;
using DeviceAgent.Est;
using Org.BouncyCastle.Tls;

namespace Lab.DeviceTls;

/// <summary>
/// One established TLS connection (<see cref="ITlsStream"/>): BouncyCastle's blocking <see cref="TlsClientProtocol"/>
/// over a <see cref="TcpClient"/>. <see cref="Read"/> returns 0 only after the server's close_notify; a close without
/// it, an alert or a socket error throws <see cref="IOException"/>; a read that waits longer than the endpoint's
/// read timeout throws <see cref="TimeoutException"/>. Not thread-safe.
/// </summary>
/// <remarks>
/// A <see cref="Write"/> the server has already refused (it sent an alert and closed) returns normally and the next
/// <see cref="Read"/> throws with the server's alert, the reason, rather than "broken pipe" (see
/// <c>AlertFirstStream</c>); the EST exchange always reads after it writes.
/// </remarks>
public sealed class DeviceTlsConnection : ITlsStream
{
    private readonly TcpClient _tcp;
    private readonly TlsClientProtocol _protocol;
    private readonly string _peer;
    private readonly int _readTimeoutMilliseconds;
    private bool _disposed;

    internal DeviceTlsConnection(TcpClient tcp, TlsClientProtocol protocol, string peer, int readTimeoutMilliseconds, ChipTlsClient client)
    {
        _tcp = tcp;
        _protocol = protocol;
        _peer = peer;
        _readTimeoutMilliseconds = readTimeoutMilliseconds;
        TlsClientContext context = client.Context;
        NegotiatedVersion = TlsUtilities.IsTlsV13(context) ? DeviceTlsVersions.Tls13 : DeviceTlsVersions.Tls12;
        CipherSuite = context.SecurityParameters.CipherSuite;
        ServerChain = client.Authentication.ServerChain;
        ClientCertificateRequested = client.Authentication.ClientCertificateRequested;
        ClientCertificateSent = client.Authentication.ClientCertificateSent;
    }

    /// <summary>The version the server chose: <see cref="DeviceTlsVersions.Tls12"/> or <see cref="DeviceTlsVersions.Tls13"/>.</summary>
    public DeviceTlsVersions NegotiatedVersion { get; }

    /// <summary>The IANA cipher suite number (e.g. 0x1301 TLS_AES_128_GCM_SHA256, 0xC02B ECDHE-ECDSA-AES128-GCM-SHA256).</summary>
    public int CipherSuite { get; }

    /// <summary>The server's chain as sent (DER, leaf first); it passed the anchor and host-name checks.</summary>
    public IReadOnlyList<byte[]> ServerChain { get; }

    /// <summary>The server sent a CertificateRequest.</summary>
    public bool ClientCertificateRequested { get; }

    /// <summary>The client certificate and a chip-signed CertificateVerify were sent.</summary>
    public bool ClientCertificateSent { get; }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - offset);
        if (count == 0)
        {
            return 0;
        }

        try
        {
            return _protocol.ReadApplicationData(buffer, offset, count);
        }
        catch (IOException e) when (TlsFailure.IsTimeout(e))
        {
            throw new TimeoutException($"no data from {_peer} within {_readTimeoutMilliseconds} ms", e);
        }
        catch (IOException e)
        {
            throw TlsFailure.Transfer(_peer, "reading", e, _readTimeoutMilliseconds);
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - offset);
        try
        {
            _protocol.WriteApplicationData(buffer, offset, count);
        }
        catch (IOException e)
        {
            throw TlsFailure.Transfer(_peer, "writing", e, _readTimeoutMilliseconds);
        }
    }

    /// <summary>Sends close_notify (when the connection still stands) and closes the socket.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _protocol.Close();
        }
        catch (IOException)
        {
            // the connection is already gone (peer closed, alert, reset): nothing left to tell the server
        }
        finally
        {
            _tcp.Dispose();
        }
    }
}
