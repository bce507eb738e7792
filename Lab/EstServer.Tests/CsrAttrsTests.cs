using System.Formats.Asn1;
using System.Net;
using Lab.EstServer.Est;

namespace Lab.EstServer.Tests;

public sealed class CsrAttrsTests
{
    [Fact]
    public async Task CsrAttrs_NamesP256AndEcdsaWithSha256_InRfc8951Form()
    {
        await using EstTestServer server = await EstTestServer.StartAsync();
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CsrAttrs));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/csrattrs", response.Content.Headers.ContentType?.MediaType);
        byte[] der = Convert.FromBase64String(await response.Content.ReadAsStringAsync());
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        AsnReader attributes = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        Assert.Equal("1.2.840.10045.4.3.2", attributes.ReadObjectIdentifier());
        AsnReader keyType = attributes.ReadSequence();
        Assert.Equal("1.2.840.10045.2.1", keyType.ReadObjectIdentifier());
        Assert.Equal("1.2.840.10045.3.1.7", keyType.ReadSetOf().ReadObjectIdentifier());
        Assert.False(attributes.HasData);
    }

    [Fact]
    public async Task CsrAttrs_WhenNotPublished_Returns204()
    {
        await using EstTestServer server = await EstTestServer.StartAsync(publishCsrAttributes: false);
        using HttpClient client = server.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(server.Uri(EstOperation.CsrAttrs));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
