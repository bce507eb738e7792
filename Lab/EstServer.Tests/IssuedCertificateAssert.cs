using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Tests;

internal static class IssuedCertificateAssert
{
    /// <summary>The issuance log holds <paramref name="certificate"/> as issued by <paramref name="operation"/>.</summary>
    public static IssuedCertificate Logged(EstTestServer server, X509Certificate2 certificate, EstOperation operation, string authentication)
    {
        IssuedCertificate? entry = server.Host.Issued.Find(certificate.SerialNumber);
        Assert.NotNull(entry);
        Assert.Equal(certificate.RawData, entry.CertificateDer.ToArray());
        Assert.Equal(operation, entry.Operation);
        Assert.Equal(authentication, entry.Authentication);
        Assert.Equal(IssuanceLog.KeyId(certificate.PublicKey), entry.PublicKeySha256);
        return entry;
    }
}
