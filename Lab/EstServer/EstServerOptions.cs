using System.Net;

namespace Lab.EstServer;

/// <summary>
/// Start-up settings of an <see cref="EstServerHost"/>. The policy can be changed while the server runs
/// (<see cref="EstServerHost.Policy"/>); everything else is fixed for the life of the host.
/// </summary>
public sealed class EstServerOptions
{
    /// <summary>libest's server refuses requests above 16384 bytes (facts/est.md §9); a P-256 CSR is ~0.4 KB of base64.</summary>
    public const int DefaultMaxRequestBodyBytes = 16 * 1024;

    /// <summary>Port used when none is given on the command line (EST has no assigned port; 8443 is what test servers use, facts/est.md §11).</summary>
    public const int DefaultPort = 8443;

    /// <summary>
    /// Where the CA keys and certificates, the TLS server certificate and the SQLite database (devices, issuance
    /// log, pending approvals) live. Created if missing; a restart on the same directory loses nothing.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address to listen on. Loopback by default: binding elsewhere is an explicit decision.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="EstServerHost.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Names put into the TLS server certificate besides 127.0.0.1, ::1 and localhost: DNS names or IP addresses
    /// under which devices reach the server. A change re-issues the server certificate at the next start.
    /// </summary>
    public IReadOnlyList<string> ServerNames { get; init; } = [];

    /// <summary>The issuance policy at start.</summary>
    public EstPolicy Policy { get; init; } = new();

    /// <summary>
    /// The labels served under /.well-known/est/&lt;label&gt;/ (RFC 7030 §3.2.2), each with optional overrides of the
    /// policy. A label not listed here answers 404.
    /// </summary>
    public IReadOnlyDictionary<string, EstLabelPolicy> Labels { get; init; } = new Dictionary<string, EstLabelPolicy>();

    /// <summary>Whether /csrattrs names the key and signature algorithm (RFC 8951 §4); false answers 204.</summary>
    public bool PublishCsrAttributes { get; init; } = true;

    /// <summary>Largest accepted request body; larger ones are answered 413 without being read.</summary>
    public int MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>Serve the JSON admin API under /admin/ (answered only to loopback clients).</summary>
    public bool EnableAdminApi { get; init; } = true;

    /// <summary>
    /// PBKDF2 iterations for newly stored bootstrap secrets (each device keeps the count it was hashed with).
    /// Tests lower it to stay fast; leave the default for anything else.
    /// </summary>
    public int SecretHashIterations { get; init; } = Storage.SecretHasher.DefaultIterations;

    /// <summary>The server's clock: validity of issued certificates, the grace window, timestamps in the log.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logging set-up; by default the in-process host logs nothing. Secrets are never logged.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
