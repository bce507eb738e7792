using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Est;

/// <summary>Who sent an enrollment request, or why they are refused.</summary>
/// <param name="Device">The authenticated, non-revoked device; null when refused.</param>
/// <param name="Method">How (<see cref="AuthenticationMethods"/>).</param>
/// <param name="Certificate">The client certificate being renewed, when it authenticated the request.</param>
/// <param name="Refusal">401 or 403 when the request is refused.</param>
internal sealed record DeviceAuthentication(DeviceRecord? Device, string Method, X509Certificate2? Certificate, EstResponse? Refusal)
{
    /// <summary>A refused request.</summary>
    public static DeviceAuthentication Refused(EstResponse refusal) => new(null, string.Empty, null, refusal);
}
