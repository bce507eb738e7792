using System.Runtime.ExceptionServices;

namespace Lab.DeviceTls;

/// <summary>
/// The socket stream under BouncyCastle, with one change: a write the peer has already refused (it sent an alert and
/// closed, so our bytes meet a reset or a broken pipe) does not fail at once. The failure is kept and further writes
/// are dropped, so that BouncyCastle goes on to read what the server sent before closing: its alert, the actual
/// reason (e.g. decrypt_error for a CertificateVerify it could not verify). Only when the read finds nothing but the
/// end of the stream is the kept write failure thrown. Timeouts are never deferred.
/// </summary>
/// <remarks>
/// Without this, which error the client reports is a race: the server's alert and the reset reach the client at
/// about the same time, and a client still writing its last handshake flight (TLS 1.2) or its request (TLS 1.3,
/// where a refused client certificate is only known after the client's Finished, est.md §3.2) would report a
/// broken pipe instead of the alert that is waiting in its receive buffer.
/// </remarks>
internal sealed class AlertFirstStream : Stream
{
    private readonly Stream _inner;
    private ExceptionDispatchInfo? _writeFailure;

    public AlertFirstStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>True once a read found the end of the stream: the server closed its side.</summary>
    public bool EndOfStream { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        if (read == 0 && buffer.Length > 0)
        {
            EndOfStream = true;
            _writeFailure?.Throw();
        }

        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_writeFailure is not null)
        {
            return;
        }

        try
        {
            _inner.Write(buffer);
        }
        catch (IOException e) when (!TlsFailure.IsTimeout(e))
        {
            _writeFailure = ExceptionDispatchInfo.Capture(e);
        }
    }

    public override void Flush()
    {
        if (_writeFailure is null)
        {
            _inner.Flush();
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
