using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Est;

/// <summary>
/// The "certs-only" Simple PKI Response (RFC 5272 §4.1, RFC 7030 §4.1.3 and §4.2.3): a CMS SignedData with no
/// signers and no content, carrying certificates only, DER-encoded exactly like OpenSSL's crl2pkcs7 -nocrl
/// (facts/est.md §8.1).
/// </summary>
public static class Pkcs7CertsOnly
{
    /// <summary>id-signedData (RFC 5652 §5.1).</summary>
    public const string SignedDataOid = "1.2.840.113549.1.7.2";

    /// <summary>id-data (RFC 5652 §4).</summary>
    public const string DataOid = "1.2.840.113549.1.7.1";

    /// <summary>SignedData version 1: no attribute certificates, no other formats (RFC 5652 §5.1).</summary>
    private const int SignedDataVersion = 1;

    /// <summary>Encodes <paramref name="certificates"/> (DER SET OF: DER orders the elements by their encoding).</summary>
    public static byte[] Encode(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(SignedDataVersion);
                using (writer.PushSetOf())
                {
                    // digestAlgorithms: empty, there is no signer
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DataOid);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    foreach (X509Certificate2 certificate in certificates)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                {
                    // signerInfos: empty
                }
            }
        }

        return writer.Encode();
    }
}
