using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;
using Org.BouncyCastle.Tls;

namespace Lab.DeviceTls;

/// <summary>
/// Server authentication (est.md §3.1, RFC 7030 §3.3.1, §3.6): the chain the server sent must lead to one of the
/// endpoint's explicit anchors (never the platform store: <see cref="X509ChainTrustMode.CustomRootTrust"/>, no
/// downloads), be valid now, be usable for serverAuth where it states an EKU, and the leaf must name the host: a DNS
/// SAN (wildcards in the left-most label only), or an IP SAN for an IP literal (RFC 6125; the subject CN is not
/// consulted). Revocation is not checked: EST devices have no CRL/OCSP path (est.md §3.1).
/// </summary>
internal static class ServerCertificateCheck
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Throws <see cref="ServerCertificateRejectedException"/> unless <paramref name="chain"/> (DER, leaf first) passes.</summary>
    public static void Verify(IReadOnlyList<byte[]> chain, TlsEndpoint endpoint, DateTimeOffset now)
    {
        if (chain.Count == 0)
        {
            throw new ServerCertificateRejectedException(AlertDescription.certificate_required, "the server sent no certificate");
        }

        var owned = new List<X509Certificate2>();
        try
        {
            X509Certificate2 leaf = Load(chain[0], "the server certificate", owned);
            using var x509Chain = new X509Chain();
            X509ChainPolicy policy = x509Chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.DisableCertificateDownloads = true;
            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.VerificationTime = now.UtcDateTime;
            policy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
            for (int i = 0; i < endpoint.TrustAnchors.Length; i++)
            {
                policy.CustomTrustStore.Add(Load(endpoint.TrustAnchors[i], $"trust anchor {i}", owned));
            }

            for (int i = 1; i < chain.Count; i++)
            {
                policy.ExtraStore.Add(Load(chain[i], $"server chain certificate {i}", owned));
            }

            if (!x509Chain.Build(leaf))
            {
                X509ChainStatusFlags flags = x509Chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
                bool untrusted = (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0;
                short alert = untrusted ? AlertDescription.unknown_ca
                    : (flags & X509ChainStatusFlags.NotTimeValid) != 0 ? AlertDescription.certificate_expired
                    : AlertDescription.bad_certificate;
                string why = untrusted
                    ? $"is not trusted: it does not chain to the endpoint's {endpoint.TrustAnchors.Length} explicit trust anchor(s)"
                    : $"is not valid at {now:u} under the endpoint's explicit trust anchor(s)";
                throw new ServerCertificateRejectedException(alert, $"the server certificate ({leaf.Subject}) {why} ({Describe(x509Chain)})");
            }

            if (!MatchesHost(leaf, endpoint.Host))
            {
                throw new ServerCertificateRejectedException(AlertDescription.bad_certificate,
                    $"the server certificate ({leaf.Subject}) does not match the host name '{endpoint.Host}': it names {Names(leaf)}");
            }
        }
        finally
        {
            foreach (X509Certificate2 certificate in owned)
            {
                certificate.Dispose();
            }
        }
    }

    private static bool MatchesHost(X509Certificate2 leaf, string host)
    {
        try
        {
            return leaf.MatchesHostname(host.TrimEnd('.'), allowWildcards: true, allowCommonName: false);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static X509Certificate2 Load(byte[] der, string what, List<X509Certificate2> owned)
    {
        try
        {
            X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
            owned.Add(certificate);
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new ServerCertificateRejectedException(AlertDescription.bad_certificate, $"{what} is not a readable X.509 certificate ({e.Message})");
        }
    }

    private static string Describe(X509Chain chain)
    {
        IEnumerable<string> problems = chain.ChainStatus
            .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : $"{s.Status}: {s.StatusInformation.Trim()}")
            .Distinct(StringComparer.Ordinal);
        string joined = string.Join("; ", problems);
        return joined.Length == 0 ? "no chain could be built" : joined;
    }

    private static string Names(X509Certificate2 leaf)
    {
        X509SubjectAlternativeNameExtension? san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return "no subjectAltName";
        }

        string[] names = [.. san.EnumerateDnsNames().Select(n => "DNS:" + n), .. san.EnumerateIPAddresses().Select(a => "IP:" + a)];
        return names.Length == 0 ? "no DNS or IP subjectAltName" : string.Join(", ", names);
    }
}
