using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Search.Connectors.Sitemap;

namespace Search.Connectors.Tests.Sitemap;

public sealed class SitemapParserTests
{
    private static readonly Uri SitemapUrl = new("https://kennisbank.example/sitemap.xml");

    [Fact]
    public void Should_read_the_pages_of_a_urlset_with_and_without_lastmod()
    {
        var result = Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://kennisbank.example/a.html</loc><lastmod>2024-03-01</lastmod></url>
              <url><loc> https://kennisbank.example/b.html </loc></url>
              <url><lastmod>2024-03-05T10:15:00+01:00</lastmod><loc>https://kennisbank.example/c.html</loc><changefreq>daily</changefreq></url>
            </urlset>
            """);

        Assert.Equal(SitemapParser.SitemapKind.UrlSet, result.Kind);
        Assert.Equal(
            [
                new SitemapParser.Entry(new Uri("https://kennisbank.example/a.html"), new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
                new SitemapParser.Entry(new Uri("https://kennisbank.example/b.html"), null),
                new SitemapParser.Entry(new Uri("https://kennisbank.example/c.html"), new DateTimeOffset(2024, 3, 5, 10, 15, 0, TimeSpan.FromHours(1))),
            ],
            result.Entries);
    }

    [Fact]
    public void Should_not_carry_a_lastmod_over_to_the_next_url()
    {
        var result = Parse("""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://kennisbank.example/a.html</loc><lastmod>2024-03-01</lastmod></url>
              <url><loc>https://kennisbank.example/b.html</loc></url>
            </urlset>
            """);

        Assert.Null(result.Entries[1].LastModified);
    }

    [Fact]
    public void Should_read_the_child_sitemaps_of_a_sitemap_index()
    {
        var result = Parse("""
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://kennisbank.example/sitemap-pages.xml</loc><lastmod>2024-01-02T03:04:05Z</lastmod></sitemap>
              <sitemap><loc>https://kennisbank.example/sitemap-posts.xml.gz</loc></sitemap>
            </sitemapindex>
            """);

        Assert.Equal(SitemapParser.SitemapKind.Index, result.Kind);
        Assert.Equal(["https://kennisbank.example/sitemap-pages.xml", "https://kennisbank.example/sitemap-posts.xml.gz"],
            result.Entries.Select(e => e.Location.AbsoluteUri));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), result.Entries[0].LastModified);
    }

    [Fact]
    public void Should_read_a_gzipped_sitemap()
    {
        var xml = """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://kennisbank.example/a.html</loc></url>
            </urlset>
            """;

        var result = SitemapParser.Parse(Gzip(Encoding.UTF8.GetBytes(xml)), SitemapUrl);

        Assert.Equal(new Uri("https://kennisbank.example/a.html"), Assert.Single(result.Entries).Location);
    }

    [Fact]
    public void Should_read_a_sitemap_without_the_sitemaps_namespace()
    {
        var result = Parse("<urlset><url><loc>https://kennisbank.example/a.html</loc></url></urlset>");

        Assert.Equal(new Uri("https://kennisbank.example/a.html"), Assert.Single(result.Entries).Location);
    }

    [Theory]
    [InlineData("/relatief.html")]
    [InlineData("relatief.html")]
    [InlineData("geen url")]
    [InlineData("")]
    [InlineData("http//kapot")]
    [InlineData("ftp://kennisbank.example/x.pdf")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:info@kennisbank.example")]
    public void Should_ignore_a_loc_that_is_not_an_absolute_http_url(string loc)
    {
        var result = Parse($"""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{loc}</loc></url>
              <url><loc>https://kennisbank.example/goed.html</loc></url>
            </urlset>
            """);

        Assert.Equal(new Uri("https://kennisbank.example/goed.html"), Assert.Single(result.Entries).Location);
    }

    [Fact]
    public void Should_ignore_a_url_without_loc()
    {
        var result = Parse("""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://kennisbank.example/a.html</loc></url>
              <url><lastmod>2024-01-01</lastmod></url>
            </urlset>
            """);

        Assert.Single(result.Entries);
    }

    [Fact]
    public void Should_keep_the_page_loc_of_an_entry_with_image_extensions()
    {
        // WordPress (Yoast) sitemaps list the images of each page inside its <url>, each with its own image:loc.
        var result = Parse("""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
              <url>
                <loc>https://kennisbank.example/a.html</loc>
                <lastmod>2024-03-01</lastmod>
                <image:image><image:loc>https://kennisbank.example/wp-content/foto.jpg</image:loc></image:image>
              </url>
            </urlset>
            """);

        var entry = Assert.Single(result.Entries);
        Assert.Equal(new Uri("https://kennisbank.example/a.html"), entry.Location);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), entry.LastModified);
    }

    [Theory]
    [InlineData("2024-03-01", "2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03", "2024-03-01T00:00:00+00:00")]
    [InlineData("2024-03-01T10:15+01:00", "2024-03-01T10:15:00+01:00")]
    [InlineData("2024-03-01T10:15:30Z", "2024-03-01T10:15:30+00:00")]
    [InlineData("2024-03-01T10:15:30.25+02:00", "2024-03-01T10:15:30.2500000+02:00")]
    public void Should_parse_w3c_datetimes(string value, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SitemapParser.ParseLastModified(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gisteren")]
    [InlineData("01-03-2024")]
    [InlineData("2024-13-45")]
    [InlineData("2024-03-01 10:15")]
    [InlineData("99999999999")]
    public void Should_treat_an_unreadable_lastmod_as_unknown(string? value)
    {
        Assert.Null(SitemapParser.ParseLastModified(value));
    }

    [Fact]
    public void Should_keep_an_entry_whose_lastmod_is_garbage()
    {
        var result = Parse("""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://kennisbank.example/a.html</loc><lastmod>ooit</lastmod></url>
            </urlset>
            """);

        var entry = Assert.Single(result.Entries);
        Assert.Null(entry.LastModified);
    }

    [Fact]
    public void Should_refuse_an_external_entity_without_resolving_it()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://kennisbank.example/&e;</loc></url></urlset>
            """;

        var ex = Assert.Throws<XmlException>(() => Parse(xml));

        Assert.DoesNotContain("root:", ex.Message);
    }

    [Fact]
    public void Should_refuse_billion_laughs_quickly()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE urlset [{entities}]><urlset><url><loc>https://x.example/&lol9;</loc></url></urlset>";
        var clock = Stopwatch.StartNew();

        Assert.Throws<XmlException>(() => Parse(xml));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Refusal took {clock.Elapsed}.");
    }

    [Fact]
    public void Should_refuse_a_gzipped_sitemap_that_expands_beyond_the_cap()
    {
        var bomb = GzipZeros(SitemapParser.MaxUncompressedBytes + 1);

        var ex = Assert.Throws<FormatException>(() => SitemapParser.Parse(bomb, SitemapUrl));

        Assert.Contains("expands beyond", ex.Message);
    }

    [Theory]
    [InlineData("<html><body><a href=\"https://kennisbank.example/a.html\">a</a></body></html>")]
    [InlineData("<rss version=\"2.0\"><channel><item><link>https://kennisbank.example/a.html</link></item></channel></rss>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><url><loc>https://kennisbank.example/a.html</loc></url></feed>")]
    public void Should_refuse_xml_that_is_not_a_sitemap(string xml)
    {
        Assert.Throws<FormatException>(() => Parse(xml));
    }

    [Fact]
    public void Should_refuse_malformed_xml()
    {
        Assert.Throws<XmlException>(() => Parse("<urlset><url><loc>https://kennisbank.example/a.html</url>"));
    }

    private static SitemapParser.Result Parse(string xml) => SitemapParser.Parse(Encoding.UTF8.GetBytes(xml), SitemapUrl);

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] GzipZeros(long length)
    {
        var chunk = new byte[1024 * 1024];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            for (var left = length; left > 0; left -= chunk.Length)
            {
                gzip.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }

        return output.ToArray();
    }
}
