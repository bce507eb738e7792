using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Ca;

/// <summary>
/// A two-level P-256 CA: a self-signed root and an issuing CA under it that signs device certificates. The root
/// also signs the server's TLS certificate. Keys are kept in memory; <see cref="CaStore"/> persists them.
/// </summary>
/// <remarks>
/// Rollover (RFC 7030 §4.1.3, the Root CA Key Update of RFC 4210 §4.4 with a new name): <see cref="CaState.WithNewRoot"/>
/// makes a new root (NewWithNew), the link certificates NewWithOld and OldWithNew and a new issuing CA;
/// <see cref="CaState.WithNewIssuingCa"/> a new issuing CA under the same root; <see cref="CaState.WithoutOldRoot"/>
/// ends a root rollover. The state is immutable: a change builds a new <see cref="CaState"/>, the host persists it and
/// then publishes it with <see cref="Replace"/>, so a request always sees one consistent CA.
/// </remarks>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Root validity: long enough to outlive a pilot many times over.</summary>
    internal static readonly TimeSpan RootLifetime = TimeSpan.FromDays(25 * 365);

    /// <summary>Issuing CA validity.</summary>
    internal static readonly TimeSpan IssuingLifetime = TimeSpan.FromDays(10 * 365);

    /// <summary>CA certificates start this far in the past so that clocks slightly behind the server accept them.</summary>
    internal static readonly TimeSpan CaBackdate = TimeSpan.FromHours(1);

    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>id-kp-serverAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Serial numbers: 16 random bytes, positive (RFC 5280 §4.1.2.2 allows up to 20 octets).</summary>
    private const int SerialNumberBytes = 16;

    private readonly Lock _lock = new();
    private readonly List<CaState> _superseded = [];
    private CaState _state;

    internal CertificateAuthority(CaState state)
    {
        _state = state;
    }

    /// <summary>The CA as it is now (one consistent snapshot).</summary>
    public CaState Current => Volatile.Read(ref _state);

    /// <summary>The current self-signed root certificate (public part only): the trust anchor devices are given.</summary>
    public X509Certificate2 Root => Current.Root;

    /// <summary>The current issuing CA certificate (public part only), signed by <see cref="Root"/>.</summary>
    public X509Certificate2 Issuing => Current.Issuing;

    /// <summary>Creates a fresh root and issuing CA in memory.</summary>
    /// <param name="name">Distinguishing part of the CA names, e.g. "EST Lab 3f2a9c1e".</param>
    /// <param name="now">Creation time.</param>
    public static CertificateAuthority Create(string name, DateTimeOffset now)
    {
        var rootName = new X500DistinguishedName($"CN={name} Root CA, O=EST Lab");
        var issuingName = new X500DistinguishedName($"CN={name} Issuing CA, O=EST Lab");
        ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2 root = CreateRoot(rootName, rootKey, now);
        (X509Certificate2 issuing, ECDsa issuingKey) = CreateIssuing(issuingName, root, rootKey, now);
        return new CertificateAuthority(new CaState(root, rootKey, issuing, issuingKey, null, null));
    }

    /// <summary>
    /// Issues an end-entity certificate for a device: the given subject and SAN copied verbatim (so a
    /// re-enrollment CSR can repeat them byte for byte, RFC 7030 §4.2.2), digitalSignature, clientAuth.
    /// notAfter is clamped to the issuing CA's notAfter. Signed by the current issuing CA.
    /// </summary>
    public X509Certificate2 IssueDevice(
        X500DistinguishedName subject, PublicKey publicKey, X509Extension? subjectAlternativeName,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(publicKey);
        CaState state = Current;
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(state.Issuing, true, false));
        DateTimeOffset caNotAfter = new(state.Issuing.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return request.Create(
            state.Issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(state.IssuingKey), notBefore,
            notAfter > caNotAfter ? caNotAfter : notAfter, NewSerialNumber());
    }

    /// <summary>
    /// Issues the TLS server certificate, signed by the current root: serverAuth, SAN = the given DNS names and IP
    /// addresses. Returned with its new private key.
    /// </summary>
    public X509Certificate2 IssueServer(IEnumerable<string> names, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(names);
        CaState state = Current;
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (System.Net.IPAddress.TryParse(name, out System.Net.IPAddress? address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        var request = new CertificateRequest(new X500DistinguishedName("CN=EST Lab server, O=EST Lab"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(state.Root, true, false));
        using X509Certificate2 certificate = request.Create(
            state.Root.SubjectName, X509SignatureGenerator.CreateForECDsa(state.RootKey), now - CaBackdate, now + lifetime, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A CRL (RFC 5280 §5) signed by the current issuing CA: its name, AKI and CRL number, thisUpdate
    /// <paramref name="thisUpdate"/>, nextUpdate <paramref name="nextUpdate"/>, and one entry (serial, revocation date,
    /// no reason code) for each of <paramref name="revoked"/>. Only the current issuing CA has a key, so only its
    /// certificates can be listed: the caller passes those.
    /// </summary>
    public byte[] IssueCrl(
        IEnumerable<(byte[] SerialNumber, DateTimeOffset RevokedAt)> revoked, BigInteger crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        ArgumentOutOfRangeException.ThrowIfNegative(crlNumber);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nextUpdate, thisUpdate);
        CaState state = Current;
        var builder = new CertificateRevocationListBuilder();
        foreach ((byte[] serialNumber, DateTimeOffset revokedAt) in revoked)
        {
            builder.AddEntry(serialNumber, revokedAt);
        }

        return builder.Build(
            state.Issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(state.IssuingKey), crlNumber, nextUpdate, HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(state.Issuing, true, false), thisUpdate);
    }

    /// <summary>
    /// Publishes <paramref name="next"/> (built from <see cref="Current"/> and already persisted). The replaced state
    /// is kept until <see cref="Dispose"/>: requests in flight may still use its keys.
    /// </summary>
    internal void Replace(CaState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_lock)
        {
            _superseded.Add(_state);
            Volatile.Write(ref _state, next);
        }
    }

    /// <summary>A fresh positive serial number with no redundant leading zero byte.</summary>
    internal static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(SerialNumberBytes);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>A self-signed root: CA, pathLen 1 (root → issuing CA → device), keyCertSign and cRLSign.</summary>
    internal static X509Certificate2 CreateRoot(X500DistinguishedName name, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.Create(name, X509SignatureGenerator.CreateForECDsa(key), now - CaBackdate, now + RootLifetime, NewSerialNumber());
    }

    /// <summary>An issuing CA under <paramref name="root"/>: CA, pathLen 0, with its new key.</summary>
    internal static (X509Certificate2 Certificate, ECDsa Key) CreateIssuing(X500DistinguishedName name, X509Certificate2 root, ECDsa rootKey, DateTimeOffset now)
    {
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        DateTimeOffset rootNotAfter = new(root.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        DateTimeOffset notAfter = now + IssuingLifetime;
        X509Certificate2 certificate = request.Create(
            root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now - CaBackdate, notAfter > rootNotAfter ? rootNotAfter : notAfter,
            NewSerialNumber());
        return (certificate, key);
    }

    /// <summary>
    /// A link certificate (RFC 4210 §4.4): <paramref name="subject"/>'s name, key, key identifier and CA profile,
    /// issued and signed by <paramref name="issuer"/>; valid from now until the earlier of the two roots' notAfter.
    /// </summary>
    internal static X509Certificate2 CreateLink(X509Certificate2 subject, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject.SubjectName, subject.PublicKey, HashAlgorithmName.SHA256);
        foreach (X509Extension extension in subject.Extensions)
        {
            if (extension is X509BasicConstraintsExtension or X509KeyUsageExtension or X509SubjectKeyIdentifierExtension)
            {
                request.CertificateExtensions.Add(extension);
            }
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        DateTime notAfter = subject.NotAfter < issuer.NotAfter ? subject.NotAfter : issuer.NotAfter;
        return request.Create(
            issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now - CaBackdate,
            new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero), NewSerialNumber());
    }

    /// <summary>
    /// The name of the next generation of <paramref name="current"/>: "CN=EST Lab 3f2a9c1e Root CA, O=EST Lab" → "… Root CA G2", "… G2" →
    /// "… G3". A new root must have a new name: links whose subject equals their issuer would be self-issued, which
    /// devices (DeviceAgent/Est/TrustAnchorStore) do not accept as NewWithOld.
    /// </summary>
    internal static X500DistinguishedName NextGeneration(X509Certificate2 current)
    {
        string commonName = current.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        int generation = 1;
        int marker = commonName.LastIndexOf(" G", StringComparison.Ordinal);
        if (marker > 0 && int.TryParse(commonName.AsSpan(marker + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed))
        {
            generation = parsed;
            commonName = commonName[..marker];
        }

        return new X500DistinguishedName($"CN={commonName} G{generation + 1}, O=EST Lab");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            var disposed = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (CaState state in _superseded.Append(_state))
            {
                state.DisposeInto(disposed);
            }

            _superseded.Clear();
        }
    }
}
