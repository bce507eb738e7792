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

    /// <summary>The issuing CA before the last rollover (PEM, no key): still published and accepted for re-enrollment.</summary>
    public const string PreviousIssuingCertificateFile = "issuing-ca-previous.pem";

    /// <summary>During a root rollover: the old root (OldWithOld), public part only.</summary>
    public const string OldRootCertificateFile = "root-ca-old.pem";

    /// <summary>During a root rollover: NewWithOld, the new root's name and key signed by the old root.</summary>
    public const string NewWithOldFile = "root-ca-new-with-old.pem";

    /// <summary>During a root rollover: OldWithNew, the old root's name and key signed by the new root.</summary>
    public const string OldWithNewFile = "root-ca-old-with-new.pem";

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
            return new CertificateAuthority(Load(directory));
        }

        if (present != 0)
        {
            throw new InvalidOperationException(
                $"the data directory {directory} holds only some of the CA files ({string.Join(", ", files)}); " +
                "restore the missing ones or use an empty directory (a new CA invalidates every issued certificate)");
        }

        string name = "EST Lab " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        CertificateAuthority ca = CertificateAuthority.Create(name, now);
        Save(directory, ca.Current);
        return ca;
    }

    /// <summary>
    /// Writes <paramref name="state"/>: every file first to a temporary name, then renamed into place (the rollover
    /// files and the previous issuing CA first, the current root and issuing CA last), then the files the state no
    /// longer has are deleted. An interrupted save that left a key beside the wrong certificate is refused at load.
    /// </summary>
    internal static void Save(string directory, CaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        List<(string Temporary, string Path)> staged = [];
        List<string> absent = [];
        void Optional(string file, X509Certificate2? certificate)
        {
            if (certificate is null)
            {
                absent.Add(Path.Combine(directory, file));
            }
            else
            {
                staged.Add(Stage(directory, file, Pem(certificate), secret: false));
            }
        }

        try
        {
            Optional(PreviousIssuingCertificateFile, state.PreviousIssuing);
            Optional(OldRootCertificateFile, state.Rollover?.OldRoot);
            Optional(NewWithOldFile, state.Rollover?.NewWithOld);
            Optional(OldWithNewFile, state.Rollover?.OldWithNew);
            staged.Add(Stage(directory, RootKeyFile, state.RootKey.ExportPkcs8PrivateKeyPem(), secret: true));
            staged.Add(Stage(directory, RootCertificateFile, Pem(state.Root), secret: false));
            staged.Add(Stage(directory, IssuingKeyFile, state.IssuingKey.ExportPkcs8PrivateKeyPem(), secret: true));
            staged.Add(Stage(directory, IssuingCertificateFile, Pem(state.Issuing), secret: false));
        }
        catch
        {
            foreach ((string temporary, _) in staged)
            {
                File.Delete(temporary);
            }

            throw;
        }

        foreach ((string temporary, string path) in staged)
        {
            File.Move(temporary, path, overwrite: true);
        }

        foreach (string path in absent)
        {
            File.Delete(path);
        }
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

        return IssueServerCertificate(directory, ca, names, now);
    }

    /// <summary>A new TLS server certificate under the current root for <paramref name="names"/>, saved.</summary>
    public static X509Certificate2 IssueServerCertificate(
        string directory, CertificateAuthority ca, IReadOnlyCollection<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        using X509Certificate2 issued = ca.IssueServer(names, now, ServerLifetime);
        using ECDsa key = issued.GetECDsaPrivateKey()!;
        WriteSecret(directory, ServerKeyFile, key.ExportPkcs8PrivateKeyPem());
        WritePublic(directory, ServerCertificateFile, issued.ExportCertificatePem() + "\n");
        return ForTls(issued);
    }

    private static CaState Load(string directory)
    {
        X509Certificate2 root = ReadCertificate(directory, RootCertificateFile);
        X509Certificate2 issuing = ReadCertificate(directory, IssuingCertificateFile);
        ECDsa rootKey = ReadKey(directory, RootKeyFile, root, RootCertificateFile);
        ECDsa issuingKey = ReadKey(directory, IssuingKeyFile, issuing, IssuingCertificateFile);
        X509Certificate2? previousIssuing = File.Exists(Path.Combine(directory, PreviousIssuingCertificateFile))
            ? ReadCertificate(directory, PreviousIssuingCertificateFile)
            : null;
        string[] rolloverFiles = [OldRootCertificateFile, NewWithOldFile, OldWithNewFile];
        int rolloverPresent = rolloverFiles.Count(f => File.Exists(Path.Combine(directory, f)));
        if (rolloverPresent != 0 && rolloverPresent != rolloverFiles.Length)
        {
            throw new InvalidOperationException(
                $"the data directory {directory} holds only some of the root rollover files ({string.Join(", ", rolloverFiles)}); " +
                "restore the missing ones, or delete all three to end the rollover");
        }

        RootRollover? rollover = rolloverPresent == 0
            ? null
            : new RootRollover(
                ReadCertificate(directory, OldRootCertificateFile), ReadCertificate(directory, NewWithOldFile), ReadCertificate(directory, OldWithNewFile));
        return new CaState(root, rootKey, issuing, issuingKey, previousIssuing, rollover);
    }

    private static X509Certificate2 ReadCertificate(string directory, string file) => X509CertificateLoader.LoadCertificate(ReadPem(directory, file));

    /// <summary>Reads a key and checks that it belongs to <paramref name="certificate"/> (an interrupted save could mix generations).</summary>
    private static ECDsa ReadKey(string directory, string file, X509Certificate2 certificate, string certificateFile)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(directory, file)));
        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new InvalidOperationException($"{file} in {directory} is not the key of {certificateFile} (an interrupted rollover?)");
        }

        return key;
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
            !ca.Current.TrustedRoots.Any(root => ChainsTo(certificate, root, now)))
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

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static void WritePublic(string directory, string file, string text) => WriteAtomically(directory, file, text, secret: false);

    private static void WriteSecret(string directory, string file, string text) => WriteAtomically(directory, file, text, secret: true);

    /// <summary>Writes to a temporary file and renames it, so a crash never leaves half a PEM file behind.</summary>
    private static void WriteAtomically(string directory, string file, string text, bool secret)
    {
        (string temporary, string path) = Stage(directory, file, text, secret);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> to &lt;file&gt;.tmp (owner-only when secret); the caller renames it.</summary>
    private static (string Temporary, string Path) Stage(string directory, string file, string text, bool secret)
    {
        string path = Path.Combine(directory, file);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return (temporary, path);
    }
}
