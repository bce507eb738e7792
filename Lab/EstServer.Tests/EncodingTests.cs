using System.Text;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class EncodingTests
{
    [Fact]
    public void EstBase64_Encode_WritesSixtyFourColumnLinesEndedByLf()
    {
        string text = Encoding.ASCII.GetString(EstBase64.Encode(new byte[100]));

        string[] lines = text.Split('\n');
        Assert.Equal(64, lines[0].Length);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal(new byte[100], Convert.FromBase64String(text));
    }

    [Theory]
    [InlineData("AAEC", new byte[] { 0, 1, 2 })]
    [InlineData(" AA\r\nEC\t\n", new byte[] { 0, 1, 2 })]
    [InlineData("AAE=", new byte[] { 0, 1 })]
    public void EstBase64_TryDecode_IgnoresWhiteSpace(string body, byte[] expected)
    {
        Assert.Equal(expected, EstBase64.TryDecode(Encoding.ASCII.GetBytes(body)));
    }

    [Theory]
    [InlineData("AAE")]
    [InlineData("AA-C")]
    [InlineData("")]
    [InlineData("\r\n")]
    public void EstBase64_TryDecode_RefusesWhatIsNotBase64(string body)
    {
        Assert.Null(EstBase64.TryDecode(Encoding.ASCII.GetBytes(body)));
    }

    [Theory]
    [InlineData("application/pkcs10", true)]
    [InlineData("APPLICATION/PKCS10 ; charset=x", true)]
    [InlineData("application/pkcs10-x", false)]
    [InlineData(null, false)]
    public void EstMediaTypes_Matches_ComparesTheTypeBeforeParameters(string? contentType, bool expected)
    {
        Assert.Equal(expected, EstMediaTypes.Matches(contentType, EstMediaTypes.Pkcs10));
    }

    [Fact]
    public void Pkcs7CertsOnly_Empty_IsTheOpenSslSkeleton()
    {
        // facts/est.md §8.1: ContentInfo { signedData, [0] { SignedData { 1, {}, { id-data }, [0] {}, {} } } }
        byte[] expected = Convert.FromHexString("3025" + "06092A864886F70D010702" + "A018" + "3016" + "020101" + "3100" + "300B06092A864886F70D010701" + "A000" + "3100");

        Assert.Equal(expected, Pkcs7CertsOnly.Encode([]));
    }
}
