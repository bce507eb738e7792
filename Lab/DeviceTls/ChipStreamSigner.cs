using System.Security.Cryptography;
using DeviceAgent.Pki;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Lab.DeviceTls;

/// <summary>
/// One CertificateVerify signature. BouncyCastle writes the data to be signed into <see cref="Stream"/> (this object)
/// — TLS 1.2: the handshake messages so far (RFC 5246 §7.4.8); TLS 1.3: 64 spaces ‖ "TLS 1.3, client
/// CertificateVerify" ‖ 00 ‖ transcript hash (RFC 8446 §4.4.3) — and disposes it; we hash it with SHA-256, the chip
/// signs the digest, and its R‖S is encoded as the DER ECDSA-Sig-Value TLS carries (RFC 8422 §5.4, RFC 8446 §4.2.3).
/// </summary>
internal sealed class ChipStreamSigner : Stream, TlsStreamSigner
{
    private readonly IDigestSigner _signer;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _digest;
    private long _length;

    public ChipStreamSigner(IDigestSigner signer)
    {
        _signer = signer;
    }

    public Stream Stream => this;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _digest is null;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>The chip's signature over SHA-256 of everything written.</summary>
    public byte[] GetSignature() => SignDigest(_signer, Digest());

    /// <summary>The chip's signature over a 32-byte SHA-256 <paramref name="digest"/>, DER-encoded.</summary>
    internal static byte[] SignDigest(IDigestSigner signer, byte[] digest)
    {
        if (digest.Length != 32)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, $"the chip signs SHA-256 digests (32 bytes), not {digest.Length} bytes");
        }

        byte[] rs = signer.SignDigest(digest);
        if (rs is null || rs.Length != EcdsaSignature.RawLength)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, $"the signer returned {rs?.Length ?? 0} bytes instead of a 64-byte R||S");
        }

        var der = new byte[EcdsaSignature.MaxSigValueLength];
        int length = EcdsaSignature.Encode(rs, 0, der, 0, der.Length);
        return der.AsSpan(0, length).ToArray();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_digest is not null, this);
        _sha256.AppendData(buffer);
        _length += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>BouncyCastle disposes the stream when the data is complete: the digest is taken then.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Digest();
        }

        base.Dispose(disposing);
    }

    private byte[] Digest()
    {
        if (_digest is null)
        {
            _digest = _sha256.GetHashAndReset();
            _sha256.Dispose();
        }

        return _digest;
    }
}
