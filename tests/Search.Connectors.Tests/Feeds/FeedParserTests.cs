using System.Diagnostics;
using System.Text;
using System.Xml;
using Search.Connectors.Feeds;

namespace Search.Connectors.Tests.Feeds;

public sealed class FeedParserTests
{
    private static readonly Uri FeedUrl = new("https://kennisbank.example/feed/");

    [Fact]
    public void Should_read_rss_items_with_their_link_title_dates_and_content_encoded()
    {
        var items = FeedParser.Parse(FixtureFiles.Bytes("Feeds/rss-content-encoded.xml"), FeedUrl);

        Assert.Equal(3, items.Count);
        var first = items[0];
        Assert.Equal(new Uri("https://kennisbank.example/2024/03/05/aanpak-woninginbraak/"), first.Link);
        Assert.Equal("Aanpak woninginbraak: “Samen sta je sterker”", first.Title);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 30, 0, TimeSpan.Zero), first.Published);
        Assert.Null(first.Updated);
        Assert.True(first.HasFullContent);
        Assert.Contains("<h2>Maatregelen</h2>", first.Content);
        Assert.Contains("handreiking-woninginbraak.pdf", first.Content);
        Assert.StartsWith("<p>Gemeenten, politie", first.Summary);
    }

    [Fact]
    public void Should_keep_an_rss_item_without_content_encoded_as_summary_only()
    {
        var item = FeedParser.Parse(FixtureFiles.Bytes("Feeds/rss-content-encoded.xml"), FeedUrl)[1];

        Assert.False(item.HasFullContent);
        Assert.Null(item.Content);
        Assert.Equal("Wat werkt bij de aanpak van jeugdoverlast? Een overzicht van interventies &amp; ervaringen.", item.Summary);
        Assert.Equal(new DateTimeOffset(2024, 2, 20, 10, 0, 0, TimeSpan.FromHours(1)), item.Modified);
    }

    [Fact]
    public void Should_read_an_unparseable_rss_date_as_unknown_and_keep_the_item()
    {
        var item = FeedParser.Parse(FixtureFiles.Bytes("Feeds/rss-content-encoded.xml"), FeedUrl)[2];

        Assert.Equal("Convenant cameratoezicht", item.Title);
        Assert.Null(item.Published);
        Assert.Null(item.Modified);
    }

    [Fact]
    public void Should_read_atom_entries_resolving_relative_links_against_xml_base()
    {
        var items = FeedParser.Parse(FixtureFiles.Bytes("Feeds/atom.xml"), new Uri("https://kennisbank.example/atom.xml"));

        Assert.Equal(
            [
                new Uri("https://kennisbank.example/artikelen/hennepteelt-ondermijning"),
                new Uri("https://kennisbank.example/artikelen/evenementenveiligheid"),
                new Uri("https://kennisbank.example/artikelen/buurtbemiddeling"),
            ],
            items.Select(i => i.Link));
    }

    [Fact]
    public void Should_read_atom_html_titles_xhtml_content_text_summaries_and_both_dates()
    {
        var item = FeedParser.Parse(FixtureFiles.Bytes("Feeds/atom.xml"), FeedUrl)[0];

        Assert.Equal("Hennepteelt & ondermijning", item.Title);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)), item.Published);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 16, 45, 0, TimeSpan.FromHours(1)), item.Updated);
        Assert.Equal(item.Updated, item.Modified);
        Assert.Contains("<strong>ondermijnende criminaliteit</strong>", item.Content);
        Assert.Equal("Signalen van hennepteelt herkennen &lt;en&gt; melden.", item.Summary);
    }

    [Fact]
    public void Should_read_an_atom_entry_with_only_an_html_summary_as_summary_only()
    {
        var item = FeedParser.Parse(FixtureFiles.Bytes("Feeds/atom.xml"), FeedUrl)[1];

        Assert.False(item.HasFullContent);
        Assert.Equal("<p>Draaiboeken en vergunningen voor <b>grote evenementen</b>.</p>", item.Summary);
        Assert.Null(item.Published);
    }

    [Fact]
    public void Should_use_an_absolute_atom_id_as_link_when_the_entry_has_none()
    {
        var item = FeedParser.Parse(FixtureFiles.Bytes("Feeds/atom.xml"), FeedUrl)[2];

        Assert.Equal(new Uri("https://kennisbank.example/artikelen/buurtbemiddeling"), item.Link);
        Assert.Equal("<p>Buurtbemiddeling helpt bij <em>burenruzies</em>.</p>", item.Content);
    }

    [Fact]
    public void Should_give_no_link_to_an_item_whose_link_is_not_http()
    {
        var feed = """
            <rss version="2.0"><channel><title>t</title><link>https://kennisbank.example/</link><description>d</description>
            <item><title>Kwaadaardig</title><link>javascript:alert(1)</link></item>
            <item><title>Bestand</title><link>file:///etc/passwd</link></item>
            <item><title>Relatief</title><link>/artikel</link></item>
            </channel></rss>
            """;

        var items = FeedParser.Parse(Encoding.UTF8.GetBytes(feed), FeedUrl);

        Assert.Equal([null, null, new Uri("https://kennisbank.example/artikel")], items.Select(i => i.Link));
    }

    [Fact]
    public void Should_refuse_a_document_that_is_not_a_feed()
    {
        var ex = Assert.Throws<FormatException>(() => FeedParser.Parse("<html><body>Niet gevonden</body></html>"u8.ToArray(), FeedUrl));

        Assert.Contains("<html>", ex.Message);
    }

    [Fact]
    public void Should_refuse_an_external_entity_without_resolving_it()
    {
        var feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title><link>https://kennisbank.example/</link><description>d</description></channel></rss>
            """;

        var ex = Assert.Throws<XmlException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(feed), FeedUrl));

        Assert.Contains("DTD", ex.Message);
    }

    [Fact]
    public void Should_refuse_a_billion_laughs_feed_within_milliseconds()
    {
        var feed = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (var i = 1; i <= 10; i++)
        {
            feed.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">\n");
        }

        feed.Append("]>\n<rss version=\"2.0\"><channel><title>&lol10;</title></channel></rss>");
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var clock = Stopwatch.StartNew();

        Assert.Throws<XmlException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(feed.ToString()), FeedUrl));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - before < 50L * 1024 * 1024);
    }

    [Fact]
    public void Should_refuse_malformed_xml()
    {
        var feed = "<rss version=\"2.0\"><channel><title>Onvolledig</title><item><title>a</item></channel></rss>";

        Assert.Throws<XmlException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(feed), FeedUrl));
    }

    [Fact]
    public void Should_refuse_a_feed_larger_than_the_cap_before_parsing()
    {
        var huge = new byte[FeedParser.MaxFeedBytes + 1];

        var ex = Assert.Throws<FormatException>(() => FeedParser.Parse(huge, FeedUrl));

        Assert.Contains("cap", ex.Message);
    }
}
