using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lab.EstServer.Ca;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Est;

/// <summary>
/// Authenticates enrollment requests. /simpleenroll: HTTP Basic with the device's bootstrap secret.
/// /simplereenroll: a TLS client certificate issued by this server to a known device, validated against the
/// server's own CA (never the OS store), still accepted for the grace window after it expired; or HTTP Basic with
/// the device's secret, for boards whose TLS stack cannot use the chip-held key. A revoked device is refused (403)
/// whatever it presents.
/// </summary>
internal sealed class DeviceAuthenticator
{
    private readonly DeviceRegistry _devices;
    private readonly IssuanceLog _log;
    private readonly CertificateAuthority _ca;
    private readonly TimeProvider _clock;

    internal DeviceAuthenticator(DeviceRegistry devices, IssuanceLog log, CertificateAuthority ca, TimeProvider clock)
    {
        _devices = devices;
        _log = log;
        _ca = ca;
        _clock = clock;
    }

    /// <summary>Authenticates one request.</summary>
    /// <param name="operation">simpleenroll or simplereenroll.</param>
    /// <param name="authorization">The Authorization header, or null.</param>
    /// <param name="clientCertificate">The TLS client certificate, or null.</param>
    /// <param name="policy">The policy in force (grace window).</param>
    public DeviceAuthentication Authenticate(EstOperation operation, string? authorization, X509Certificate2? clientCertificate, EstPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (operation == EstOperation.SimpleReenroll && clientCertificate is not null)
        {
            DeviceAuthentication byCertificate = AuthenticateCertificate(clientCertificate, policy);
            if (byCertificate.Refusal is null || byCertificate.Refusal.StatusCode == 403 || authorization is null)
            {
                return byCertificate;
            }
        }

        return AuthenticateBasic(authorization);
    }

    private DeviceAuthentication AuthenticateBasic(string? authorization)
    {
        if (authorization is null)
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized("authentication required: HTTP Basic with the device id and bootstrap secret"));
        }

        if (!TryParseBasic(authorization, out string? user, out string? secret))
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized("the Authorization header is not HTTP Basic (RFC 7617)"));
        }

        DeviceRecord? device = _devices.VerifySecret(user, secret);
        if (device is null)
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized("unknown device or wrong bootstrap secret"));
        }

        return device.Revoked
            ? DeviceAuthentication.Refused(EstResponse.Text(403, $"device '{device.Id}' is revoked") with { DeviceId = device.Id })
            : new DeviceAuthentication(device, AuthenticationMethods.Basic, null, null);
    }

    private DeviceAuthentication AuthenticateCertificate(X509Certificate2 certificate, EstPolicy policy)
    {
        IssuedCertificate? issued = _log.Find(certificate.SerialNumber);
        if (issued is null || !issued.CertificateDer.Span.SequenceEqual(certificate.RawData))
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized("the client certificate was not issued by this server"));
        }

        DateTimeOffset now = _clock.GetUtcNow();
        DateTimeOffset notBefore = new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        DateTimeOffset notAfter = new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized($"the client certificate is not valid before {notBefore:u}") with { DeviceId = issued.DeviceId });
        }

        bool inGrace = now > notAfter;
        if (inGrace && now > notAfter + policy.ReenrollGracePeriod)
        {
            EstResponse expired = EstResponse.Unauthorized(
                $"the client certificate expired at {notAfter:u} and the grace window of {policy.ReenrollGracePeriod} has passed; " +
                "enroll with the bootstrap credential");
            return DeviceAuthentication.Refused(expired with { DeviceId = issued.DeviceId });
        }

        // In the grace window the path is validated as of just before notAfter: everything else must still hold.
        DateTimeOffset validationTime = inGrace ? Max(notBefore, notAfter - TimeSpan.FromSeconds(1)) : now;
        if (!ChainsToIssuingCa(certificate, validationTime))
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized("the client certificate does not chain to this server's issuing CA") with { DeviceId = issued.DeviceId });
        }

        DeviceRecord? device = _devices.Find(issued.DeviceId);
        if (device is null)
        {
            return DeviceAuthentication.Refused(EstResponse.Unauthorized($"device '{issued.DeviceId}' is no longer registered"));
        }

        return device.Revoked
            ? DeviceAuthentication.Refused(EstResponse.Text(403, $"device '{device.Id}' is revoked; its certificates are refused") with { DeviceId = device.Id })
            : new DeviceAuthentication(device, inGrace ? AuthenticationMethods.CertificateInGrace : AuthenticationMethods.Certificate, certificate, null);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Path validation for clientAuth at <paramref name="time"/>: root → issuing CA → certificate, where the root is one
    /// this server stands behind (the current one, and the old one during a rollover) and the issuing CA the current
    /// or the previous one.
    /// </summary>
    private bool ChainsToIssuingCa(X509Certificate2 certificate, DateTimeOffset time)
    {
        CaState ca = _ca.Current;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca.TrustedRoots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(ca.IssuingCertificates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(CertificateAuthority.ClientAuthOid));
        chain.ChainPolicy.VerificationTime = time.LocalDateTime;
        return chain.Build(certificate) &&
            chain.ChainElements.Count == 3 &&
            ca.IssuingCertificates.Any(i => chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(i.RawData));
    }

    /// <summary>Parses "Basic base64(user:password)" (RFC 7617 §2; UTF-8, user without ':').</summary>
    internal static bool TryParseBasic(string authorization, out string user, out string secret)
    {
        user = secret = string.Empty;
        const string Scheme = "Basic ";
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string token = authorization[Scheme.Length..].Trim();
        byte[] decoded = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, decoded, out int length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(decoded, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        secret = text[(colon + 1)..];
        return true;
    }
}
