using System.Formats.Asn1;
using System.Net;

namespace Lab.EstServer.Est;

/// <summary>One entry of a subjectAltName extension (RFC 5280 §4.2.1.6), as far as this server judges it.</summary>
/// <param name="Kind">Which GeneralName choice.</param>
/// <param name="Value">The name as text (IP addresses in their usual notation; other choices as hex).</param>
public sealed record GeneralName(GeneralNameKind Kind, string Value)
{
    /// <summary>subjectAltName extension OID (RFC 5280 §4.2.1.6).</summary>
    public const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>Reads a GeneralNames SEQUENCE (the extnValue of a subjectAltName extension).</summary>
    /// <exception cref="AsnContentException">Not valid DER.</exception>
    public static IReadOnlyList<GeneralName> ReadAll(ReadOnlyMemory<byte> generalNames)
    {
        var reader = new AsnReader(generalNames, AsnEncodingRules.DER);
        AsnReader sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var names = new List<GeneralName>();
        while (sequence.HasData)
        {
            Asn1Tag tag = sequence.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                throw new AsnContentException("a GeneralName must be context-tagged");
            }

            names.Add(tag.TagValue switch
            {
                1 => new GeneralName(GeneralNameKind.Rfc822Name, sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag)),
                2 => new GeneralName(GeneralNameKind.DnsName, sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag)),
                6 => new GeneralName(GeneralNameKind.Uri, sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag)),
                7 => new GeneralName(GeneralNameKind.IpAddress, ReadIpAddress(sequence, tag)),
                _ => new GeneralName(GeneralNameKind.Other, Convert.ToHexString(sequence.ReadEncodedValue().Span)),
            });
        }

        return names;
    }

    /// <summary>iPAddress: 4 octets (IPv4) or 16 (IPv6), RFC 5280 §4.2.1.6.</summary>
    private static string ReadIpAddress(AsnReader reader, Asn1Tag tag)
    {
        byte[] octets = reader.ReadOctetString(tag);
        return octets.Length is 4 or 16
            ? new IPAddress(octets).ToString()
            : throw new AsnContentException("an iPAddress SAN entry must hold 4 or 16 octets");
    }
}
