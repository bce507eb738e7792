using Org.BouncyCastle.Tls;

namespace Lab.DeviceTls;

/// <summary>
/// BouncyCastle's client protocol without the TLS 1.3 dummy ChangeCipherSpec. That record exists only for middlebox
/// compatibility mode (RFC 8446 Appendix D.4), which <see cref="ChipTlsClient"/> does not use; BouncyCastle 2.7 sends
/// it regardless (6 bytes per handshake). TLS 1.2's ChangeCipherSpec, which is part of that protocol, is still sent.
/// </summary>
internal sealed class ChipTlsClientProtocol(Stream stream) : TlsClientProtocol(stream)
{
    protected override void SendChangeCipherSpecMessage()
    {
        if (!TlsUtilities.IsTlsV13(Context))
        {
            base.SendChangeCipherSpecMessage();
        }
    }
}
