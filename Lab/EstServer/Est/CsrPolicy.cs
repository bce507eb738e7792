using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Est;

/// <summary>
/// What a CSR must look like to be issued for an authenticated device: an EC P-256 or P-384 key; exactly one
/// CN, equal to the device id; a subjectAltName whose every entry names the device (URI urn:dev:&lt;id&gt;, DNS
/// &lt;id&gt; or &lt;id&gt;.&lt;allowed suffix&gt;); and on certificate-authenticated re-enrollment the subject and SAN of
/// the certificate being renewed, byte for byte, and its key unless rekey is allowed (RFC 7030 §4.2.2).
/// </summary>
public static class CsrPolicy
{
    /// <summary>URN prefix of the URI form of a device name.</summary>
    public const string DeviceUrnPrefix = "urn:dev:";

    /// <summary>commonName (X.520, RFC 5280 §4.1.2.6).</summary>
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>DER namedCurve parameters of the accepted curves (RFC 5480 §2.1.1.1): prime256v1, secp384r1.</summary>
    private static readonly byte[][] AcceptedCurves =
    [
        [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07],
        [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22],
    ];

    /// <summary>Judges <paramref name="csr"/> (loaded with its requested extensions) for <paramref name="deviceId"/>.</summary>
    /// <param name="csr">The request, signature already verified.</param>
    /// <param name="deviceId">The authenticated device.</param>
    /// <param name="policy">The policy in force for this request.</param>
    /// <param name="current">The certificate that authenticated a re-enrollment, or null.</param>
    /// <param name="subjectAlternativeName">The SAN extension to copy into the certificate.</param>
    /// <returns>Null if acceptable, otherwise the refusal (400 for a key the CA does not certify, 403 for policy).</returns>
    public static EstResponse? Check(
        CertificateRequest csr, string deviceId, EstPolicy policy, X509Certificate2? current, out X509Extension? subjectAlternativeName)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(policy);
        subjectAlternativeName = null;
        if (csr.PublicKey.Oid.Value != CsrAttributes.EcPublicKeyOid ||
            !AcceptedCurves.Any(c => c.AsSpan().SequenceEqual(csr.PublicKey.EncodedParameters?.RawData)))
        {
            return EstResponse.Text(400, "the CA certifies EC keys on P-256 or P-384 only");
        }

        List<string> commonNames = CommonNames(csr.SubjectName);
        if (commonNames.Count != 1 || !string.Equals(commonNames[0], deviceId, StringComparison.Ordinal))
        {
            return EstResponse.Text(403, $"the subject must hold exactly one CN, equal to the device id '{deviceId}'");
        }

        X509Extension? san = csr.CertificateExtensions.FirstOrDefault(e => e.Oid?.Value == GeneralName.SubjectAltNameOid);
        if (san is null)
        {
            return EstResponse.Text(403, $"the CSR must request a subjectAltName naming the device (URI {DeviceUrnPrefix}{deviceId} or DNS {deviceId})");
        }

        IReadOnlyList<GeneralName> names;
        try
        {
            names = GeneralName.ReadAll(san.RawData);
        }
        catch (AsnContentException)
        {
            return EstResponse.Text(400, "the requested subjectAltName is not valid DER");
        }

        if (names.Count == 0)
        {
            return EstResponse.Text(403, "the requested subjectAltName is empty");
        }

        GeneralName? stranger = names.FirstOrDefault(n => !NamesDevice(n, deviceId, policy));
        if (stranger is not null)
        {
            return EstResponse.Text(403, $"the subjectAltName entry {stranger.Kind} '{stranger.Value}' does not name device '{deviceId}'");
        }

        if (current is not null)
        {
            EstResponse? refusal = CheckRenewal(csr, san, current, policy);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        subjectAlternativeName = new X509Extension(GeneralName.SubjectAltNameOid, san.RawData, critical: false);
        return null;
    }

    /// <summary>Whether one SAN entry names the device.</summary>
    public static bool NamesDevice(GeneralName name, string deviceId, EstPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(policy);
        switch (name.Kind)
        {
            case GeneralNameKind.Uri:
                return name.Value.StartsWith(DeviceUrnPrefix, StringComparison.OrdinalIgnoreCase) &&
                    string.Equals(name.Value[DeviceUrnPrefix.Length..], deviceId, StringComparison.Ordinal);
            case GeneralNameKind.DnsName:
                if (string.Equals(name.Value, deviceId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (!name.Value.StartsWith(deviceId + ".", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                string suffix = name.Value[(deviceId.Length + 1)..];
                return suffix.Length > 0 && (policy.DnsSuffixes.Count == 0 ||
                    policy.DnsSuffixes.Any(s => string.Equals(s.TrimStart('.'), suffix, StringComparison.OrdinalIgnoreCase)));
            default:
                return false;
        }
    }

    private static EstResponse? CheckRenewal(CertificateRequest csr, X509Extension san, X509Certificate2 current, EstPolicy policy)
    {
        if (!csr.SubjectName.RawData.AsSpan().SequenceEqual(current.SubjectName.RawData))
        {
            return EstResponse.Text(403, "the re-enrollment subject differs from the certificate being renewed (RFC 7030 §4.2.2)");
        }

        X509Extension? currentSan = current.Extensions[GeneralName.SubjectAltNameOid];
        if (currentSan is null || !currentSan.RawData.AsSpan().SequenceEqual(san.RawData))
        {
            return EstResponse.Text(403, "the re-enrollment subjectAltName differs from the certificate being renewed (RFC 7030 §4.2.2)");
        }

        if (!policy.AllowRekey &&
            !csr.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(current.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            return EstResponse.Text(403, "rekey is not allowed: the CSR key must be the key of the certificate being renewed");
        }

        return null;
    }

    private static List<string> CommonNames(X500DistinguishedName name)
    {
        var values = new List<string>();
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                AsnReader set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf();
                while (set.HasData)
                {
                    AsnReader attribute = set.ReadSequence();
                    if (attribute.ReadObjectIdentifier() == CommonNameOid)
                    {
                        values.Add(attribute.ReadCharacterString(ReadStringTag(attribute)));
                    }
                }
            }
            else if (rdn.GetSingleElementType().Value == CommonNameOid)
            {
                values.Add(rdn.GetSingleElementValue() ?? string.Empty);
            }
        }

        return values;
    }

    private static UniversalTagNumber ReadStringTag(AsnReader reader) => (UniversalTagNumber)reader.PeekTag().TagValue;
}
