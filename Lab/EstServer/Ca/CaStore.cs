using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Ca;

/// <summary>
/// The CA and TLS server credentials in the data directory, as PEM files (keys PKCS#8, unencrypted, owner-only
/// on Unix: this is a lab server). Created on first start and reused afterwards.
/// </summary>
public static class CaStore
{
    /// <summary>Root CA certificate (PEM): the trust anchor to give devices and curl (--cacert).</summary>
    public const string RootCertificateFile = "root-ca.pem";

    /// <summary>Root CA private key.</summary>
    public const string RootKeyFile = "root-ca.key";

    /// <summary>Issuing CA certificate (PEM).</summary>
    public const string IssuingCertificateFile = "issuing-ca.pem";

    /// <summary>Issuing CA private key.</summary>
    public const string IssuingKeyFile = "issuing-ca.key";

    /// <summary>TLS server certificate (PEM).</summary>
    public const string ServerCertificateFile = "server.pem";

    /// <summary>TLS server private key.</summary>
    public const string ServerKeyFile = "server.key";

    /// <summary>Validity of a newly issued server certificate.</summary>
    internal static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(365);

    /// <summary>A server certificate closer than this to its notAfter is re-issued at start.</summary>
    internal static readonly TimeSpan ServerRenewBefore = TimeSpan.FromDays(30);

    /// <summary>Loads the CA from <paramref name="directory"/>, or creates and saves one if there is none.</summary>
    /// <exception cref="InvalidOperationException">Only some of the CA files are present.</exception>
    public static CertificateAuthority LoadOrCreate(string directory, DateTimeOffset now)
    {
        string[] files = [RootCertificateFile, RootKeyFile, IssuingCertificateFile, IssuingKeyFile];
        int present = files.Count(f => File.Exists(Path.Combine(directory, f)));
        if (present == files.Length)
        {
            return Load(directory);
        }

        if (present != 0)
        {
            throw new InvalidOperationException(
                $"the data directory {directory} holds only some of the CA files ({string.Join(", ", files)}); " +
                "restore the missing ones or use an empty directory (a new CA invalidates every issued certificate)");
        }

        string name = "EST Lab " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        CertificateAuthority ca = CertificateAuthority.Create(name, now);
        WriteSecret(directory, RootKeyFile, ca.ExportRootKeyPem());
        WriteSecret(directory, IssuingKeyFile, ca.ExportIssuingKeyPem());
        WritePublic(directory, IssuingCertificateFile, ca.Issuing.ExportCertificatePem() + "\n");
        WritePublic(directory, RootCertificateFile, ca.Root.ExportCertificatePem() + "\n");
        return ca;
    }

    /// <summary>
    /// The TLS server certificate with its key: the saved one if it names exactly <paramref name="names"/>, chains
    /// to the current root and is not close to expiry; otherwise a new one, saved.
    /// </summary>
    public static X509Certificate2 LoadOrIssueServerCertificate(
        string directory, CertificateAuthority ca, IReadOnlyCollection<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        string certificatePath = Path.Combine(directory, ServerCertificateFile);
        string keyPath = Path.Combine(directory, ServerKeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            X509Certificate2 saved = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
            if (IsUsable(saved, ca, names, now))
            {
                return ForTls(saved);
            }

            saved.Dispose();
        }

        using X509Certificate2 issued = ca.IssueServer(names, now, ServerLifetime);
        using ECDsa key = issued.GetECDsaPrivateKey()!;
        WriteSecret(directory, ServerKeyFile, key.ExportPkcs8PrivateKeyPem());
        WritePublic(directory, ServerCertificateFile, issued.ExportCertificatePem() + "\n");
        return ForTls(issued);
    }

    private static CertificateAuthority Load(string directory)
    {
        X509Certificate2 root = X509CertificateLoader.LoadCertificate(ReadPem(directory, RootCertificateFile));
        X509Certificate2 issuing = X509CertificateLoader.LoadCertificate(ReadPem(directory, IssuingCertificateFile));
        var rootKey = ECDsa.Create();
        rootKey.ImportFromPem(File.ReadAllText(Path.Combine(directory, RootKeyFile)));
        var issuingKey = ECDsa.Create();
        issuingKey.ImportFromPem(File.ReadAllText(Path.Combine(directory, IssuingKeyFile)));
        return new CertificateAuthority(root, rootKey, issuing, issuingKey);
    }

    private static byte[] ReadPem(string directory, string file)
    {
        string text = File.ReadAllText(Path.Combine(directory, file));
        PemFields fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static bool IsUsable(X509Certificate2 certificate, CertificateAuthority ca, IReadOnlyCollection<string> names, DateTimeOffset now)
    {
        if (certificate.NotAfter.ToUniversalTime() - now.UtcDateTime < ServerRenewBefore ||
            certificate.NotBefore.ToUniversalTime() > now.UtcDateTime ||
            !ChainsTo(certificate, ca.Root, now))
        {
            return false;
        }

        X509SubjectAlternativeNameExtension? san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        var present = new HashSet<string>(san.EnumerateDnsNames(), StringComparer.OrdinalIgnoreCase);
        present.UnionWith(san.EnumerateIPAddresses().Select(a => a.ToString()));
        var wanted = new HashSet<string>(
            names.Select(n => System.Net.IPAddress.TryParse(n, out System.Net.IPAddress? a) ? a.ToString() : n),
            StringComparer.OrdinalIgnoreCase);
        return present.SetEquals(wanted);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.LocalDateTime;
        return chain.Build(certificate);
    }

    /// <summary>Re-imports through PKCS#12 so that every platform's TLS stack accepts the key (Windows refuses ephemeral keys).</summary>
    private static X509Certificate2 ForTls(X509Certificate2 certificate)
    {
        byte[] pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        certificate.Dispose();
        return X509CertificateLoader.LoadPkcs12(pkcs12, null);
    }

    private static void WritePublic(string directory, string file, string text) => WriteAtomically(directory, file, text, secret: false);

    private static void WriteSecret(string directory, string file, string text) => WriteAtomically(directory, file, text, secret: true);

    /// <summary>Writes to a temporary file and renames it, so a crash never leaves half a PEM file behind.</summary>
    private static void WriteAtomically(string directory, string file, string text, bool secret)
    {
        string path = Path.Combine(directory, file);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
