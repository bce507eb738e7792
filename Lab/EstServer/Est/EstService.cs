using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Ca;
using Lab.EstServer.Faults;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Est;

/// <summary>
/// The EST operations without HTTP: a request in, an <see cref="EstResponse"/> out. Enrollment runs
/// authenticate → parse the CSR (self-signature verified) → policy → approval → issue and log.
/// </summary>
internal sealed partial class EstService
{
    private readonly CertificateAuthority _ca;
    private readonly EstDatabase _database;
    private readonly DeviceAuthenticator _authenticator;
    private readonly PendingRequests _pending;
    private readonly FaultInjector _faults;
    private readonly bool _publishCsrAttributes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    internal EstService(
        CertificateAuthority ca, EstDatabase database, DeviceAuthenticator authenticator, PendingRequests pending,
        FaultInjector faults, bool publishCsrAttributes, TimeProvider clock, ILogger logger)
    {
        _ca = ca;
        _database = database;
        _authenticator = authenticator;
        _pending = pending;
        _faults = faults;
        _publishCsrAttributes = publishCsrAttributes;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>/cacerts: the root and the issuing CA, plus the previous issuing CA and during a root rollover the old
    /// root and the links NewWithOld and OldWithNew (RFC 7030 §4.1.3).</summary>
    public EstResponse CaCerts()
    {
        if (_faults.Take(EstOperation.CaCerts, f => f.IsIssuance) is not null)
        {
            using CertificateAuthority stranger = UnknownCa();
            return EstResponse.Ok(EstMediaTypes.Pkcs7Mime, Pkcs7CertsOnly.Encode([stranger.Root, stranger.Issuing]), "fault: CA certificates of an unknown CA");
        }

        return EstResponse.Ok(EstMediaTypes.Pkcs7Mime, Pkcs7CertsOnly.Encode(_ca.Current.CaCertificates), "CA certificates");
    }

    /// <summary>/csrattrs (RFC 8951 §4), or 204 when not published.</summary>
    public EstResponse CsrAttrs() => _publishCsrAttributes
        ? EstResponse.Ok(EstMediaTypes.CsrAttrs, CsrAttributes.Encode(), "CSR attributes")
        : EstResponse.NoContent("no CSR attributes");

    /// <summary>/simpleenroll and /simplereenroll.</summary>
    public EstResponse Enroll(EnrollmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DeviceAuthentication authentication = _authenticator.Authenticate(
            request.Operation, request.Authorization, request.ClientCertificate, request.Policy);
        if (authentication.Refusal is not null)
        {
            return authentication.Refusal;
        }

        DeviceRecord device = authentication.Device!;
        EstResponse answer = Enroll(request, device, authentication);
        return answer with { DeviceId = device.Id };
    }

    private EstResponse Enroll(EnrollmentRequest request, DeviceRecord device, DeviceAuthentication authentication)
    {
        if (!EstMediaTypes.Matches(request.ContentType, EstMediaTypes.Pkcs10))
        {
            return EstResponse.Text(400, $"Content-Type must be {EstMediaTypes.Pkcs10} (RFC 7030 §4.2.1)");
        }

        if (request.Body.Span.TrimStart("\r\n\t "u8).StartsWith("-----BEGIN"u8))
        {
            return EstResponse.Text(400, "the body is PEM; send the base64 of the DER CSR without BEGIN/END lines (RFC 8951 §3)");
        }

        byte[]? der = EstBase64.TryDecode(request.Body.Span);
        if (der is null)
        {
            return EstResponse.Text(400, "the body is not base64 (RFC 8951 §3)");
        }

        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequest(
                der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            return EstResponse.Text(400, "the body is not a PKCS#10 request with a valid self-signature (RFC 2986)");
        }

        EstResponse? refusal;
        X509Extension? san;
        try
        {
            refusal = CsrPolicy.Check(csr, device.Id, request.Policy, authentication.Certificate, out san);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            return EstResponse.Text(400, "the CSR subject or extensions cannot be read");
        }

        if (refusal is not null)
        {
            return refusal;
        }

        string keyId = IssuanceLog.KeyId(csr.PublicKey);
        long? approvalId = null;
        if (NeedsApproval(request.Operation, request.Policy.Approval))
        {
            PendingRequest pending = _pending.FindOrAdd(device.Id, request.Operation, request.Label, keyId, der);
            switch (pending.Status)
            {
                case PendingStatus.Pending:
                    return EstResponse.Accepted(request.Policy.RetryAfter, $"waiting for approval (request {pending.Id})");
                case PendingStatus.Rejected:
                    return EstResponse.Text(403, $"request {pending.Id} was rejected by an operator");
                default:
                    approvalId = pending.Id;
                    break;
            }
        }

        EstFault? fault = _faults.Take(request.Operation, f => f.IsIssuance);
        if (fault is not null)
        {
            return IssueFaulty(fault, csr, san, request.Policy);
        }

        return Issue(request, device, authentication.Method, csr, san, keyId, approvalId);
    }

    private static bool NeedsApproval(EstOperation operation, EstApprovalMode mode) => mode switch
    {
        EstApprovalMode.Manual => true,
        EstApprovalMode.ManualEnroll => operation == EstOperation.SimpleEnroll,
        _ => false,
    };

    private EstResponse Issue(
        EnrollmentRequest request, DeviceRecord device, string method, CertificateRequest csr, X509Extension? san, string keyId, long? approvalId)
    {
        (DateTimeOffset notBefore, DateTimeOffset notAfter) = Validity(request.Policy);
        using X509Certificate2 certificate = _ca.IssueDevice(csr.SubjectName, csr.PublicKey, san, notBefore, notAfter);
        var entry = new IssuedCertificate(
            certificate.SerialNumber, device.Id, request.Operation, request.Label, method,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            keyId, _clock.GetUtcNow(), certificate.RawData);
        _database.InTransaction((connection, transaction) =>
        {
            IssuanceLog.Add(connection, transaction, entry);
            if (approvalId is not null)
            {
                PendingRequests.MarkIssued(connection, transaction, approvalId.Value, entry.SerialNumber);
            }

            return 0;
        });
        LogIssued(_logger, entry.SerialNumber, device.Id, request.Operation, method, entry.NotAfter);
        return EstResponse.Ok(EstMediaTypes.Pkcs7CertsOnly, Pkcs7CertsOnly.Encode([certificate]), $"issued {entry.SerialNumber}");
    }

    private EstResponse IssueFaulty(EstFault fault, CertificateRequest csr, X509Extension? san, EstPolicy policy)
    {
        (DateTimeOffset notBefore, DateTimeOffset notAfter) = Validity(policy);
        if (fault.Kind == EstFaultKind.CertificateForDifferentKey)
        {
            using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var publicKey = new PublicKey(otherKey);
            using X509Certificate2 wrongKey = _ca.IssueDevice(csr.SubjectName, publicKey, san, notBefore, notAfter);
            return EstResponse.Ok(EstMediaTypes.Pkcs7CertsOnly, Pkcs7CertsOnly.Encode([wrongKey]), "fault: certificate for a different key");
        }

        using CertificateAuthority stranger = UnknownCa();
        using X509Certificate2 foreign = stranger.IssueDevice(csr.SubjectName, csr.PublicKey, san, notBefore, notAfter);
        return EstResponse.Ok(EstMediaTypes.Pkcs7CertsOnly, Pkcs7CertsOnly.Encode([foreign]), "fault: certificate from an unknown CA");
    }

    /// <summary>notBefore = now (whole seconds, as X.509 encodes it), notAfter = notBefore + lifetime.</summary>
    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(EstPolicy policy)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        DateTimeOffset notBefore = new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return (notBefore, notBefore + policy.CertificateLifetime);
    }

    private CertificateAuthority UnknownCa() => CertificateAuthority.Create("Unknown (fault injection)", _clock.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "issued {Serial} to {Device} by {Operation} ({Authentication}), valid until {NotAfter:u}")]
    private static partial void LogIssued(ILogger logger, string serial, string device, EstOperation operation, string authentication, DateTimeOffset notAfter);
}
