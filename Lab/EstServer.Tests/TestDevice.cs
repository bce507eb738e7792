using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Tests;

/// <summary>A device's P-256 key (standing in for the chip) and the CSRs it makes.</summary>
internal sealed class TestDevice : IDisposable
{
    public TestDevice(string id = EstTestServer.DeviceId)
    {
        Id = id;
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    public string Id { get; }

    public ECDsa Key { get; private set; }

    /// <summary>A CSR with CN = id and SAN URI urn:dev:id (or the given SAN entries).</summary>
    public byte[] CreateCsr(string? commonName = null, Action<SubjectAlternativeNameBuilder>? san = null, bool withSan = true)
    {
        var request = new CertificateRequest($"CN={commonName ?? Id}", Key, HashAlgorithmName.SHA256);
        if (withSan)
        {
            var builder = new SubjectAlternativeNameBuilder();
            if (san is null)
            {
                builder.AddUri(new Uri("urn:dev:" + Id));
            }
            else
            {
                san(builder);
            }

            request.CertificateExtensions.Add(builder.Build());
        }

        return request.CreateSigningRequest();
    }

    /// <summary>A re-enrollment CSR: subject and SAN copied byte for byte from <paramref name="current"/> (RFC 7030 §4.2.2).</summary>
    public byte[] CreateRenewalCsr(X509Certificate2 current)
    {
        var request = new CertificateRequest(current.SubjectName, Key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(current.Extensions["2.5.29.17"]!);
        return request.CreateSigningRequest();
    }

    /// <summary>Replaces the key (a rekey).</summary>
    public void Rekey()
    {
        Key.Dispose();
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    /// <summary>The certificate joined with this device's key, usable as a TLS client certificate.</summary>
    public X509Certificate2 WithKey(X509Certificate2 certificate) => certificate.CopyWithPrivateKey(Key);

    public void Dispose() => Key.Dispose();
}
