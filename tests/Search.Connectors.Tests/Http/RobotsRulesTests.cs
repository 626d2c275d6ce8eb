using System.Text;
using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

public sealed class RobotsRulesTests
{
    private const string Bot = "KennisbankZoeken";

    private static bool Allowed(string robots, string path, string productToken = Bot) =>
        RobotsRules.Parse(robots, productToken).IsAllowed(new Uri("https://kennisbank.example" + path));

    [Theory]
    [InlineData("/a/b/c", true)]
    [InlineData("/a/x", false)]
    [InlineData("/b", true)]
    public void Should_let_the_longest_matching_rule_win(string path, bool allowed)
    {
        const string robots = "User-agent: *\nDisallow: /a\nAllow: /a/b\n";

        Assert.Equal(allowed, Allowed(robots, path));
    }

    [Fact]
    public void Should_prefer_allow_when_allow_and_disallow_match_equally_long()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
    }

    [Theory]
    [InlineData("/docs/rapport.pdf", false)]
    [InlineData("/rapport.pdf?versie=2", true)]
    [InlineData("/rapport.pdfx", true)]
    [InlineData("/zoeken?q=brand", false)]
    [InlineData("/zoeken", true)]
    [InlineData("/x/privé/y", false)]
    public void Should_match_wildcards_end_anchors_and_percent_encoding(string path, bool allowed)
    {
        const string robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?q=\nDisallow: /*/priv%C3%A9/\n";

        Assert.Equal(allowed, Allowed(robots, path));
    }

    [Fact]
    public void Should_use_the_group_naming_our_product_token_case_insensitively_instead_of_the_wildcard_group()
    {
        const string robots = "User-agent: *\nDisallow: /\n\nUser-agent: kennisbankzoeken\nUser-agent: OtherBot\nDisallow: /intern/\n";
        var rules = RobotsRules.Parse(robots, RobotsRules.ProductToken("KennisbankZoeken/1.0 (+https://kennisbank-zoeken.example/bot)"));

        Assert.True(rules.IsAllowed(new Uri("https://kennisbank.example/publiek")));
        Assert.False(rules.IsAllowed(new Uri("https://kennisbank.example/intern/a")));
    }

    [Fact]
    public void Should_combine_all_groups_that_name_our_product_token()
    {
        const string robots = "User-agent: KennisbankZoeken\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nUser-agent: KennisbankZoeken\nDisallow: /b\n";

        Assert.False(Allowed(robots, "/a"));
        Assert.False(Allowed(robots, "/b"));
        Assert.True(Allowed(robots, "/c"));
    }

    [Fact]
    public void Should_allow_everything_when_no_group_matches()
    {
        Assert.True(Allowed("User-agent: OtherBot\nDisallow: /\n", "/a"));
    }

    [Fact]
    public void Should_treat_an_empty_disallow_as_no_rule()
    {
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/a"));
    }

    [Fact]
    public void Should_always_allow_robots_txt_itself()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
        Assert.False(Allowed("User-agent: *\nDisallow: /\n", "/index.html"));
    }

    [Fact]
    public void Should_ignore_comments_and_unknown_lines_and_accept_crlf()
    {
        const string robots = "# site\r\nUser-agent: * # everyone\r\nNoindex: /x\r\nDisallow: /tmp # temporary\r\n";

        Assert.False(Allowed(robots, "/tmp/a"));
        Assert.True(Allowed(robots, "/x"));
    }

    [Fact]
    public void Should_read_the_crawl_delay_of_the_matching_group_only()
    {
        var rules = RobotsRules.Parse("User-agent: *\nCrawl-delay: 99\n\nUser-agent: KennisbankZoeken\nCrawl-delay: 2.5\nDisallow: /x\n", Bot);

        Assert.Equal(TimeSpan.FromSeconds(2.5), rules.CrawlDelay);
    }

    [Fact]
    public void Should_list_the_sitemaps_whatever_group_they_stand_in()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /\nSitemap: https://kennisbank.example/sitemap.xml\n", Bot);

        Assert.Equal([new Uri("https://kennisbank.example/sitemap.xml")], rules.Sitemaps);
    }

    [Fact]
    public void Should_parse_only_the_first_500_KiB()
    {
        var text = new StringBuilder("User-agent: *\nDisallow: /voor\n");
        while (text.Length < RobotsRules.MaxBytes + 1024)
        {
            text.Append("# opvulling opvulling opvulling opvulling opvulling\n");
        }

        text.Append("Disallow: /na\n");
        var rules = RobotsRules.Parse(Encoding.UTF8.GetBytes(text.ToString()), Bot);

        Assert.False(rules.IsAllowed(new Uri("https://kennisbank.example/voor")));
        Assert.True(rules.IsAllowed(new Uri("https://kennisbank.example/na")));
    }

    [Theory]
    [InlineData("KennisbankZoeken/1.0 (+https://kennisbank-zoeken.example/bot)", "KennisbankZoeken")]
    [InlineData("  Bot ", "Bot")]
    [InlineData("Bot (info)", "Bot")]
    public void Should_take_the_product_token_of_a_user_agent(string userAgent, string token)
    {
        Assert.Equal(token, RobotsRules.ProductToken(userAgent));
    }
}
