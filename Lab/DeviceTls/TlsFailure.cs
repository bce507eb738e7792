using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Lab.DeviceTls;

/// <summary>Turns what BouncyCastle and the socket throw into one <see cref="IOException"/> that says why.</summary>
internal static class TlsFailure
{
    /// <summary>The handshake with <paramref name="peer"/> failed; <paramref name="peerClosed"/>: the socket reached its end.</summary>
    public static IOException Handshake(string peer, Exception cause, int readTimeoutMilliseconds, bool peerClosed)
    {
        // BouncyCastle reports a close during the handshake as a bare handshake_failure of its own
        string why = peerClosed && cause is TlsFatalAlert { AlertDescription: AlertDescription.handshake_failure, InnerException: null }
            ? "the server closed the connection during the handshake without an alert"
            : Describe(cause, readTimeoutMilliseconds);
        return new($"TLS handshake with {peer} failed: {why}", cause);
    }

    /// <summary>Reading or writing application data on an established connection failed.</summary>
    public static IOException Transfer(string peer, string operation, Exception cause, int readTimeoutMilliseconds) =>
        new($"TLS connection to {peer} failed while {operation}: {Describe(cause, readTimeoutMilliseconds)}", cause);

    /// <summary>True when a socket read or write timed out somewhere below <paramref name="e"/>.</summary>
    public static bool IsTimeout(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception e, int readTimeoutMilliseconds)
    {
        switch (e)
        {
            case ServerCertificateRejectedException rejected:
                return rejected.Reason;
            case TlsFatalAlertReceived received:
                return $"the server sent the alert {AlertDescription.GetText(received.AlertDescription)}{Hint(received.AlertDescription)}";
            case TlsNoCloseNotifyException:
                return "the server closed the connection without close_notify (the data may be truncated)";
            case TlsFatalAlert raised when raised.InnerException is { } cause:
                return $"{Describe(cause, readTimeoutMilliseconds)} (alert {AlertDescription.GetText(raised.AlertDescription)} sent)";
            case TlsFatalAlert raised:
                // BouncyCastle's message is "name(code)" or "name(code); detail"
                string text = AlertDescription.GetText(raised.AlertDescription);
                string detail = raised.Message.StartsWith(text + "; ", StringComparison.Ordinal) ? raised.Message[(text.Length + 2)..] : "refused by this client";
                return $"{detail} (alert {text} sent)";
            default:
                return IsTimeout(e) ? $"no data from the server within {readTimeoutMilliseconds} ms" : e.Message;
        }
    }

    private static string Hint(short alert) => alert switch
    {
        AlertDescription.decrypt_error => " (it could not verify a handshake signature or Finished; with a client certificate: the signing key is not the certificate's key)",
        AlertDescription.bad_certificate or AlertDescription.unsupported_certificate or AlertDescription.certificate_unknown
            or AlertDescription.unknown_ca or AlertDescription.certificate_expired or AlertDescription.certificate_revoked => " (it refused the client certificate)",
        AlertDescription.certificate_required => " (it requires a client certificate)",
        AlertDescription.handshake_failure => " (no common cipher suite, group or signature algorithm, or a refused client authentication)",
        AlertDescription.protocol_version => " (no common TLS version)",
        _ => string.Empty,
    };
}
