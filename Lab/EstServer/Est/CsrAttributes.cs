using System.Formats.Asn1;

namespace Lab.EstServer.Est;

/// <summary>
/// The /csrattrs answer in RFC 8951 §4 form: a P-256 key (attribute id-ecPublicKey { prime256v1 }) and an
/// ecdsa-with-SHA256 signature. No challengePassword: this server does not require tls-unique linking.
/// </summary>
public static class CsrAttributes
{
    /// <summary>id-ecPublicKey (RFC 5480 §2.1.1).</summary>
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>prime256v1 / secp256r1 (RFC 5480 §2.1.1.1).</summary>
    public const string Prime256v1Oid = "1.2.840.10045.3.1.7";

    /// <summary>ecdsa-with-SHA256 (RFC 5758 §3.2).</summary>
    public const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>The DER CsrAttrs SEQUENCE.</summary>
    public static byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(EcdsaWithSha256Oid);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(EcPublicKeyOid);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(Prime256v1Oid);
                }
            }
        }

        return writer.Encode();
    }
}
