using System.Diagnostics;
using System.Globalization;

namespace Lab.Tests.Pki;

/// <summary>
/// A small PKI issued by the <c>openssl</c> command line in a temp dir, once per test class (xunit class fixture):
/// P-256 root → issuing CA (pathlen 0) → device leaf, a sub-CA under the issuing CA with its own leaf, a
/// certificate issued by the (non-CA) leaf, an RSA root with an EC certificate under it, a P-384 root, and
/// PKCS#7 certs-only bundles (<c>crl2pkcs7 -nocrl</c>) with one and three certificates. All DER.
/// </summary>
public sealed class OpenSslPki : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public OpenSslPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("pki-openssl-").FullName;
        Write("root.ext", "basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign", "subjectKeyIdentifier=hash");
        Write("issuing.ext", "basicConstraints=critical,CA:TRUE,pathlen:0", "keyUsage=critical,keyCertSign,cRLSign",
            "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid:always");
        Write("subca.ext", "basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign", "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid");
        Write("leaf.ext", "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyAgreement",
            "extendedKeyUsage=clientAuth,serverAuth",
            "subjectAltName=DNS:device-0001.example.com,DNS:*.devices.example,URI:urn:example:device:0001,IP:192.0.2.1,email:ops@example.com",
            "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid,issuer", "certificatePolicies=2.5.29.32.0",
            "crlDistributionPoints=URI:http://crl.example/ca.crl");

        EcKey("root");
        SelfSigned("root", "/C=US/O=Example Devices/CN=Example Root CA", "root.ext", "0x01", 7300);
        EcKey("issuing");
        Issue("issuing", "/C=US/O=Example Devices/CN=Example Issuing CA", "root", "issuing.ext", "0x1001", 3650);
        EcKey("leaf");
        Issue("leaf", "/C=US/ST=Bayern/O=Example Devices/OU=Sensors/CN=gerät-0001/serialNumber=SN0001", "issuing", "leaf.ext", "0x8A1B2C3D4E5F6071", 365);
        EcKey("longleaf");
        Issue("longleaf", "/CN=long-lived device", "issuing", "leaf.ext", "0x00FF", 12000);
        EcKey("subca");
        Issue("subca", "/CN=Example Sub CA", "issuing", "subca.ext", "0x2001", 3650);
        EcKey("leaf2");
        Issue("leaf2", "/CN=device-0002", "subca", "leaf.ext", "0x3001", 365);
        EcKey("sub");
        Issue("sub", "/CN=issued-by-leaf", "leaf", null, "0x42", 365);
        Run("genrsa", "-out", "rsaroot.key", "2048");
        SelfSigned("rsaroot", "/CN=Example RSA Root", "root.ext", "0x02", 7300);
        Issue("rsaissued", "/CN=EC CA under RSA", "rsaroot", "issuing.ext", "0x1002", 3650, keyOf: "issuing");
        Run("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.key");
        SelfSigned("p384", "/CN=Example P-384 Root", "root.ext", "0x03", 7300, digest: "-sha384");

        File.WriteAllText(Path.Combine(Directory, "chain.pem"), Pem("leaf") + Pem("issuing") + Pem("root"));
        Run("crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-outform", "DER", "-out", "p7-1.der");
        Run("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "p7-3.der");
    }

    /// <summary>The temp dir holding keys, PEM and DER files.</summary>
    public string Directory { get; }

    /// <summary>The names of every certificate issued (each has <c>name.der</c> and <c>name.pem</c>).</summary>
    public static IReadOnlyList<string> CertificateNames { get; } =
        ["root", "issuing", "leaf", "longleaf", "subca", "leaf2", "sub", "rsaroot", "rsaissued", "p384"];

    /// <summary>The DER bytes of certificate <paramref name="name"/> or bundle <c>p7-1</c> / <c>p7-3</c>.</summary>
    public byte[] Der(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".der"));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Pem(string name) => File.ReadAllText(Path.Combine(Directory, name + ".pem"));

    private void Write(string file, params string[] lines) => File.WriteAllLines(Path.Combine(Directory, file), lines);

    private void EcKey(string name) => Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");

    private void SelfSigned(string name, string subject, string ext, string serial, int days, string digest = "-sha256")
    {
        Run("req", "-new", "-utf8", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        Run("x509", "-req", "-in", name + ".csr", "-signkey", name + ".key", digest, "-days", days.ToString(CultureInfo.InvariantCulture),
            "-set_serial", serial, "-extfile", ext, "-out", name + ".pem");
        Run("x509", "-in", name + ".pem", "-outform", "DER", "-out", name + ".der");
    }

    private void Issue(string name, string subject, string issuer, string? ext, string serial, int days, string? keyOf = null)
    {
        string key = (keyOf ?? name) + ".key";
        Run("req", "-new", "-utf8", "-key", key, "-subj", subject, "-out", name + ".csr");
        var arguments = new List<string>
        {
            "x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key", "-sha256",
            "-days", days.ToString(CultureInfo.InvariantCulture), "-set_serial", serial, "-out", name + ".pem",
        };
        if (ext is not null)
        {
            arguments.Add("-extfile");
            arguments.Add(ext);
        }

        Run([.. arguments]);
        Run("x509", "-in", name + ".pem", "-outform", "DER", "-out", name + ".der");
    }

    private void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start (apt-get install openssl)");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("openssl " + string.Join(' ', arguments) + " did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output}");
        }
    }
}
