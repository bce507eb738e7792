using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Est;

/// <summary>One /simpleenroll or /simplereenroll request as the HTTP layer hands it over.</summary>
/// <param name="Operation">simpleenroll or simplereenroll.</param>
/// <param name="Label">The EST label, or null.</param>
/// <param name="Policy">The policy in force for this request (label overrides applied).</param>
/// <param name="Authorization">The Authorization header, or null.</param>
/// <param name="ClientCertificate">The TLS client certificate, or null.</param>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="Body">The request body.</param>
internal sealed record EnrollmentRequest(
    EstOperation Operation, string? Label, EstPolicy Policy, string? Authorization, X509Certificate2? ClientCertificate,
    string? ContentType, ReadOnlyMemory<byte> Body);
