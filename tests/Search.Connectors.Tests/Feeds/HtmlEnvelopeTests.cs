using System.Diagnostics;
using System.Text;
using Search.Connectors.Feeds;

namespace Search.Connectors.Tests.Feeds;

public sealed class HtmlEnvelopeTests
{
    private static readonly Uri Url = new("https://kennisbank.example/artikelen/a?b=1&c=2");

    [Fact]
    public void Should_render_title_description_dates_and_canonical_url_as_the_html_extractor_reads_them()
    {
        var item = new ContentItem(Url, "Hennep & ondermijning", "<p>Tekst</p>", "Korte \"samenvatting\"",
            new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2024, 3, 6, 15, 45, 0, TimeSpan.Zero));

        var html = Encoding.UTF8.GetString(HtmlEnvelope.Render(item));

        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("<title>Hennep &amp; ondermijning</title>", html);
        Assert.Contains("<h1>Hennep &amp; ondermijning</h1>\n<p>Tekst</p>", html);
        Assert.Contains("<meta name=\"description\" content=\"Korte &quot;samenvatting&quot;\">", html);
        Assert.Contains("<meta property=\"article:published_time\" content=\"2024-03-01T08:00:00Z\">", html);
        Assert.Contains("<meta property=\"article:modified_time\" content=\"2024-03-06T15:45:00Z\">", html);
        Assert.Contains("<link rel=\"canonical\" href=\"https://kennisbank.example/artikelen/a?b=1&amp;c=2\">", html);
    }

    [Fact]
    public void Should_escape_markup_in_the_title_and_description()
    {
        var item = new ContentItem(Url, "<img src=x onerror=alert(1)>", null, "\"><svg onload=alert(1)>", null, null);

        var html = Encoding.UTF8.GetString(HtmlEnvelope.Render(item));

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public void Should_leave_out_what_is_unknown()
    {
        var html = Encoding.UTF8.GetString(HtmlEnvelope.Render(new ContentItem(Url, null, null, null, null, null)));

        Assert.DoesNotContain("<title>", html);
        Assert.DoesNotContain("<h1>", html);
        Assert.DoesNotContain("<meta name=", html);
        Assert.DoesNotContain("<meta property=", html);
    }

    [Theory]
    [InlineData("<p>Gemeenten &amp; politie</p>\n<p>samen&hellip;</p>", "Gemeenten & politie samen…")]
    [InlineData("Aanpak &#8220;woninginbraak&#8221;", "Aanpak “woninginbraak”")]
    [InlineData("  <br/>  ", null)]
    [InlineData(null, null)]
    public void Should_turn_an_html_fragment_into_plain_text(string? html, string? expected)
    {
        Assert.Equal(expected, HtmlEnvelope.TextOf(html));
    }

    [Fact]
    public void Should_strip_a_hostile_title_of_unclosed_tags_in_linear_time()
    {
        var hostile = string.Concat(Enumerable.Repeat("<a", 200_000));
        var clock = Stopwatch.StartNew();

        Assert.Null(HtmlEnvelope.TextOf(hostile));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }
}
