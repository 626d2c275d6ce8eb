using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Abstractions;

public sealed class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTP://WWW.Example.NL/Beleid/Index.html", "http://www.example.nl/Beleid/Index.html")]
    [InlineData("http://example.nl:80/a", "http://example.nl/a")]
    [InlineData("https://example.nl:443/a", "https://example.nl/a")]
    [InlineData("https://example.nl:8443/a", "https://example.nl:8443/a")]
    [InlineData("https://example.nl/a#hoofdstuk-2", "https://example.nl/a")]
    [InlineData("https://example.nl", "https://example.nl/")]
    [InlineData("https://example.nl/a?utm_source=nieuwsbrief&id=7&UTM_Medium=mail", "https://example.nl/a?id=7")]
    [InlineData("https://example.nl/a?fbclid=abc&gclid=def", "https://example.nl/a")]
    [InlineData("https://example.nl/zoek?z=1&a=2&m=3", "https://example.nl/zoek?a=2&m=3&z=1")]
    [InlineData("https://example.nl/Rapporten/JAARVERSLAG.PDF", "https://example.nl/Rapporten/JAARVERSLAG.PDF")]
    public void Should_normalise_http_urls(string input, string expected)
    {
        var normalized = UrlNormalizer.Normalize(new Uri(input));

        Assert.Equal(expected, normalized.AbsoluteUri);
    }

    [Fact]
    public void Should_give_the_same_url_for_differently_written_addresses_of_one_document()
    {
        var a = UrlNormalizer.Normalize(new Uri("HTTPS://Kennisbank.Example:443/docs/x?b=2&a=1#top"));
        var b = UrlNormalizer.Normalize(new Uri("https://kennisbank.example/docs/x?a=1&utm_campaign=q3&b=2"));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Should_drop_only_the_fragment_of_a_file_url()
    {
        var normalized = UrlNormalizer.Normalize(new Uri("file:///srv/Kennis/Verslag%202024.html#deel-2"));

        Assert.Equal("file:///srv/Kennis/Verslag%202024.html", normalized.AbsoluteUri);
    }

    [Fact]
    public void Should_refuse_a_relative_url()
    {
        var ex = Assert.Throws<ArgumentException>(() => UrlNormalizer.Normalize(new Uri("/docs/x", UriKind.Relative)));

        Assert.Contains("absolute", ex.Message);
    }
}
