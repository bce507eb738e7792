using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Ca;

namespace Lab.EstServer;

/// <summary>
/// The TLS server certificate and the chain sent with it, replaceable while the server runs (a root rollover). During
/// a rollover the chain carries the link certificate that bridges to the other root: NewWithOld for a certificate
/// under the new root (devices that still trust only the old root), OldWithNew for one still under the old root
/// (devices that already trust only the new root).
/// </summary>
internal sealed class ServerTlsCredential : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<X509Certificate2> _replaced = [];
    private Snapshot _current;

    public ServerTlsCredential(X509Certificate2 certificate, CaState ca)
    {
        _current = Build(certificate, ca);
    }

    /// <summary>The certificate served now (with its private key).</summary>
    public X509Certificate2 Certificate => Volatile.Read(ref _current).Certificate;

    /// <summary>What the TLS handshake presents: the certificate and its chain.</summary>
    public SslStreamCertificateContext Context => Volatile.Read(ref _current).Context;

    /// <summary>The link certificates sent after the server certificate (none outside a rollover).</summary>
    public IReadOnlyList<X509Certificate2> Chain => Volatile.Read(ref _current).Chain;

    /// <summary>Serves <paramref name="certificate"/> (the same one again just rebuilds the chain for <paramref name="ca"/>).
    /// A replaced certificate is disposed with this object: handshakes in flight may still use it.</summary>
    public void Update(X509Certificate2 certificate, CaState ca)
    {
        lock (_lock)
        {
            Snapshot previous = _current;
            Volatile.Write(ref _current, Build(certificate, ca));
            if (!ReferenceEquals(previous.Certificate, certificate))
            {
                _replaced.Add(previous.Certificate);
            }
        }
    }

    /// <summary>True when the served certificate was issued by <paramref name="root"/> (by name).</summary>
    public bool IsIssuedBy(X509Certificate2 root) => Certificate.IssuerName.RawData.AsSpan().SequenceEqual(root.SubjectName.RawData);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (X509Certificate2 certificate in _replaced)
            {
                certificate.Dispose();
            }

            _replaced.Clear();
            _current.Certificate.Dispose();
        }
    }

    private static Snapshot Build(X509Certificate2 certificate, CaState ca)
    {
        X509Certificate2[] chain = ca.Rollover is null ? []
            : certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.Root.SubjectName.RawData) ? [ca.Rollover.NewWithOld]
            : [ca.Rollover.OldWithNew];
        SslStreamCertificateContext context = SslStreamCertificateContext.Create(certificate, [.. chain], offline: true);
        return new Snapshot(certificate, context, chain);
    }

    private sealed record Snapshot(X509Certificate2 Certificate, SslStreamCertificateContext Context, IReadOnlyList<X509Certificate2> Chain);
}
