using DeviceAgent.Pki;

namespace Lab.Tests.Pki;

/// <summary>
/// A corpus of broken DER: every input makes <see cref="Certificate.Parse(byte[])"/> and
/// <see cref="Pkcs7CertsOnly.Parse(byte[])"/> throw <see cref="PkiException"/> (never another exception, never a hang),
/// with the expected <see cref="PkiError"/> for the certificate parser.
/// </summary>
public sealed class MalformedInputTests(OpenSslPki openSsl) : IClassFixture<OpenSslPki>
{
    // A minimal well-formed v1 certificate around the variable part, so single fields can be broken in place:
    // tbs = { serial 1, ecdsa-with-SHA256, issuer {CN=a}, validity, subject {CN=a}, P-256 SPKI }.
    private const string Algorithm = "300A06082A8648CE3D040302";
    private const string Name = "300C310A300806035504030C0161";
    private const string Spki = "3059301306072A8648CE3D020106082A8648CE3D030107034200"
        + "04" + "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
        + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
    private const string Signature = "0348003045022100" + "8E" + "E830A8616ADE46E9F85CFA27E2FCD3BBF134F0CB7416FB11AA1A95194037CF"
        + "022038643C075915C255B1353B45EFA2A7BD3338C2AA417A625EC24AF58972D858E0";

    private const PkiError Parses = 0;
    private const string NotBefore = "170D3236313132373034313430335A";

    public static TheoryData<string, PkiError> Corpus => new()
    {
        // lengths
        { "", PkiError.Truncated },
        { "30", PkiError.Truncated },
        { "3081", PkiError.Truncated },
        { "308201", PkiError.Truncated },
        { "3084FFFFFFFF", PkiError.Truncated },
        { "30847FFFFFFF00", PkiError.Truncated },
        { "3085010000000000", PkiError.BadLength },
        { "30FF", PkiError.BadLength },
        { "30810500000000", PkiError.BadLength },
        { "3082000500000000", PkiError.BadLength },
        { "30800000", PkiError.IndefiniteLength },
        { "3003300205", PkiError.Truncated },
        { "300330020500", PkiError.Truncated },
        // tags
        { "1F8101000000", PkiError.UnexpectedTag },
        { "3F0100", PkiError.UnexpectedTag },
        { "3100", PkiError.UnexpectedTag },
        { "0400", PkiError.UnexpectedTag },
        { "0000", PkiError.UnexpectedTag },
        { "3000", PkiError.Truncated },
        { "30023100", PkiError.UnexpectedTag },
        // trailing data
        { Cert(tbsPrefix: "020101", notBefore: NotBefore) + "00", PkiError.TrailingData },
        // deep nesting, definite and indefinite
        { string.Concat(Enumerable.Repeat("3080", 1000)) + string.Concat(Enumerable.Repeat("0000", 1000)), PkiError.IndefiniteLength },
        { Nested(40), PkiError.UnexpectedTag },
        // whole certificates with one broken field
        { Cert(tbsPrefix: "020101", notBefore: NotBefore), Parses },
        { Cert(tbsPrefix: "020101", notBefore: "170D323631313237303431343033"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170C323631313237303431343033"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170D3236313132373034313430337A"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170D3236313332373034313430335A"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170D3236303233303034313430335A"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170D3236313132373234313430335A"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "170F3236313132373034313430332B3031"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "181132303236313132373034313430332E355A"), PkiError.BadTime },
        { Cert(tbsPrefix: "020101", notBefore: "0C0D3236313132373034313430335A"), PkiError.UnexpectedTag },
        { Cert(tbsPrefix: "02020001", notBefore: NotBefore), PkiError.BadValue },
        { Cert(tbsPrefix: "0200", notBefore: NotBefore), PkiError.BadValue },
        { Cert(tbsPrefix: "0216" + new string('1', 44), notBefore: NotBefore), PkiError.BadValue },
        { Cert(tbsPrefix: "A003020109020101", notBefore: NotBefore), PkiError.Unsupported },
        { Cert(tbsPrefix: "A0030201020201010500", notBefore: null), PkiError.UnexpectedTag },
        { Cert(tbsPrefix: "020101", notBefore: NotBefore, algorithm: "300C06082A8648CE3D0403020500"), PkiError.BadValue },
        { Cert(tbsPrefix: "020101", notBefore: NotBefore, signature: "0348013045022100" + new string('1', 132)), PkiError.BadValue },
        { Cert(tbsPrefix: "020101", notBefore: NotBefore, signature: "03030030" + "00"), PkiError.Truncated },
        { Cert(tbsPrefix: "020101", notBefore: NotBefore, signature: "034800304502210000" + new string('1', 130)), PkiError.BadValue },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_CertificateParser_ThrowsTheExpectedPkiError(string hex, PkiError expected)
    {
        byte[] input = Convert.FromHexString(hex);

        if (expected == Parses)
        {
            Certificate.Parse(input);   // the unbroken template parses, so each broken variant fails for its field
            return;
        }

        PkiException e = Assert.Throws<PkiException>(() => Certificate.Parse(input));
        Assert.Equal(expected, e.Error);
        Assert.Throws<PkiException>(() => Pkcs7CertsOnly.Parse(input));
    }

    [Fact]
    public void DeepIndefiniteNesting_Pkcs7_IsTooDeep()
    {
        byte[] input = Convert.FromHexString(string.Concat(Enumerable.Repeat("3080", 5000)) + string.Concat(Enumerable.Repeat("0000", 5000)));

        Assert.Equal(PkiError.TooDeep, Assert.Throws<PkiException>(() => Pkcs7CertsOnly.Parse(input)).Error);
    }

    [Fact]
    public void HugeDeclaredLengthsInsideRealInputs_ArePkiExceptions()
    {
        foreach (string name in new[] { "leaf", "p7-3" })
        {
            byte[] der = openSsl.Der(name);
            for (int i = 0; i + 4 < der.Length && i < 400; i++)
            {
                if (der[i + 1] != 0x82 && der[i + 1] >= 0x80)
                {
                    continue;
                }

                foreach (byte[] length in new[] { new byte[] { 0x84, 0xFF, 0xFF, 0xFF, 0xFF }, [0x84, 0x7F, 0xFF, 0xFF, 0xFF], [0x80], [0xFF], [0x81, 0x05] })
                {
                    byte[] broken = [.. der.AsSpan(0, i + 1), .. length, .. der.AsSpan(i + 2)];
                    AssertOnlyPkiExceptions(broken);
                }
            }
        }
    }

    [Fact]
    public void AllPrefixesOfRealInputs_ArePkiExceptions()
    {
        foreach (string name in new[] { "leaf", "rsaroot", "p7-1", "p7-3" })
        {
            byte[] der = openSsl.Der(name);
            for (int length = 0; length < der.Length; length++)
            {
                Assert.Throws<PkiException>(() => Certificate.Parse(der, 0, length));
                Assert.Throws<PkiException>(() => Pkcs7CertsOnly.Parse(der, 0, length));
            }
        }
    }

    internal static void AssertOnlyPkiExceptions(byte[] input)
    {
        try
        {
            Certificate.Parse(input);
        }
        catch (PkiException)
        {
        }

        try
        {
            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(input);
            for (int i = 0; i < bundle.Count; i++)
            {
                try
                {
                    bundle.GetCertificate(i);
                }
                catch (PkiException)
                {
                }
            }
        }
        catch (PkiException)
        {
        }
    }

    // Certificate { tbs { [version] serial, alg, issuer, validity {notBefore, notAfter}, subject, spki }, alg, sig }
    private static string Cert(string tbsPrefix, string? notBefore, string algorithm = Algorithm, string signature = Signature)
    {
        string tbs = notBefore is null
            ? tbsPrefix
            : tbsPrefix + Algorithm + Name + Tlv("30", notBefore + "170D3237313132373034313430335A") + Name + Spki;
        return Tlv("30", Tlv("30", tbs) + algorithm + signature);
    }

    private static string Nested(int depth)
    {
        string inner = "0500";
        for (int i = 0; i < depth; i++)
        {
            inner = Tlv("30", inner);
        }

        return inner;
    }

    private static string Tlv(string tag, string contentHex)
    {
        int n = contentHex.Length / 2;
        string length = n < 0x80 ? n.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)
            : n < 0x100 ? "81" + n.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)
            : "82" + n.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        return tag + length + contentHex;
    }
}
