using Org.BouncyCastle.Tls;

namespace Lab.DeviceTls;

/// <summary>
/// Raised inside the handshake when the server's certificate fails our checks: BouncyCastle sends
/// <see cref="TlsFatalAlert.AlertDescription"/> to the server and the connector reports <see cref="Reason"/>.
/// </summary>
#pragma warning disable CA1032, CA1064 // internal to the handshake; never leaves the connector unwrapped
internal sealed class ServerCertificateRejectedException : TlsFatalAlert
#pragma warning restore CA1032, CA1064
{
    public ServerCertificateRejectedException(short alertDescription, string reason)
        : base(alertDescription, reason)
    {
        Reason = reason;
    }

    /// <summary>Why the certificate was refused, for a human.</summary>
    public string Reason { get; }
}
