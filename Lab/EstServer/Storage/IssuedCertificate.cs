using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;

namespace Lab.EstServer.Storage;

/// <summary>One entry of the issuance log.</summary>
/// <param name="SerialNumber">Serial number, upper-case hex.</param>
/// <param name="DeviceId">The device it was issued to.</param>
/// <param name="Operation">simpleenroll or simplereenroll.</param>
/// <param name="Label">The EST label of the request, or null.</param>
/// <param name="Authentication">How the request was authenticated (<see cref="AuthenticationMethods"/>).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="PublicKeySha256">SHA-256 of the certified SubjectPublicKeyInfo, lower-case hex.</param>
/// <param name="IssuedAt">When it was issued (server clock).</param>
/// <param name="CertificateDer">The certificate.</param>
public sealed record IssuedCertificate(
    string SerialNumber, string DeviceId, EstOperation Operation, string? Label, string Authentication,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string PublicKeySha256, DateTimeOffset IssuedAt,
    ReadOnlyMemory<byte> CertificateDer)
{
    /// <summary>The certificate as an object (the caller disposes it).</summary>
    public X509Certificate2 ToCertificate() => X509CertificateLoader.LoadCertificate(CertificateDer.Span);
}
