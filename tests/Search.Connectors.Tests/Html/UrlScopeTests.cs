using Search.Connectors.Html;

namespace Search.Connectors.Tests.Html;

public sealed class UrlScopeTests
{
    private static readonly Uri Start = new("https://kennisbank.example/start");

    [Theory]
    [InlineData("https://kennisbank.example/a;jsessionid=0AB12CD?x=1", "https://kennisbank.example/a?x=1")]
    [InlineData("https://kennisbank.example/a;JSESSIONID=0AB12CD/b", "https://kennisbank.example/a/b")]
    [InlineData("https://kennisbank.example/a?PHPSESSID=abc&id=3", "https://kennisbank.example/a?id=3")]
    [InlineData("https://kennisbank.example/a?sid=9&b=2&a=1", "https://kennisbank.example/a?a=1&b=2")]
    [InlineData("https://kennisbank.example/a?ASPSESSIONIDQQGGQ=X&sessionid=Y&session_id=Z", "https://kennisbank.example/a")]
    [InlineData("https://kennisbank.example/a?utm_source=x&cfid=1&cftoken=2&p=1", "https://kennisbank.example/a?p=1")]
    [InlineData("https://kennisbank.example/a%20b;jsessionid=1", "https://kennisbank.example/a%20b")]
    [InlineData("https://kennisbank.example/a?side=1&sids=2", "https://kennisbank.example/a?side=1&sids=2")]
    [InlineData("HTTPS://Kennisbank.Example:443/a#x", "https://kennisbank.example/a")]
    public void Should_drop_session_ids_and_normalise(string input, string expected)
    {
        Assert.Equal(expected, UrlScope.Canonicalize(new Uri(input)).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://kennisbank.example/a/b/c", null)]
    [InlineData("https://kennisbank.example/a/b/a/b", null)]
    [InlineData("https://kennisbank.example/a/b/a/b/a", "path segment 'a' repeated more than 2 times")]
    [InlineData("https://kennisbank.example/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", null)]
    [InlineData("https://kennisbank.example/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", "more than 16 path segments")]
    public void Should_recognise_path_traps(string url, string? reason)
    {
        Assert.Equal(reason, UrlScope.TrapReason(new Uri(url)));
    }

    [Fact]
    public void Should_refuse_urls_longer_than_2048_characters()
    {
        var prefix = "https://kennisbank.example/zoek?q=";
        var longest = new Uri(prefix + new string('x', UrlScope.MaxUrlLength - prefix.Length));

        Assert.Null(UrlScope.TrapReason(longest));
        Assert.Equal("URL longer than 2048 characters", UrlScope.TrapReason(new Uri(longest.AbsoluteUri + "x")));
    }

    [Theory]
    [InlineData("https://kennisbank.example/x", true)]
    [InlineData("http://kennisbank.example/x", true)]
    [InlineData("https://KENNISBANK.example/x", true)]
    [InlineData("https://kennisbank.example:8443/x", false)]
    [InlineData("https://www.kennisbank.example/x", false)]
    [InlineData("https://elders.example/x", false)]
    public void Should_keep_to_the_start_hosts_without_include_patterns(string url, bool allowed)
    {
        var scope = UrlScope.Create([], [], [Start]);

        Assert.Equal(allowed, scope.Allows(new Uri(url)));
    }

    [Fact]
    public void Should_allow_what_any_include_pattern_matches_unless_an_exclude_pattern_matches()
    {
        var scope = UrlScope.Create([@"^https://kennisbank\.example/kennis/", @"^https://cdn\.example/"], [@"/archief/", @"\?print="], [Start]);

        Assert.True(scope.Allows(new Uri("https://kennisbank.example/kennis/a")));
        Assert.True(scope.Allows(new Uri("https://cdn.example/b")));
        Assert.False(scope.Allows(new Uri("https://kennisbank.example/start")));
        Assert.False(scope.Allows(new Uri("https://kennisbank.example/kennis/archief/c")));
        Assert.False(scope.Allows(new Uri("https://kennisbank.example/kennis/d?print=1")));
        Assert.False(scope.Allows(new Uri("https://kennisbank.example/kennis/a/a/a")));
    }

    [Fact]
    public void Should_allow_an_attachment_on_the_host_of_its_page_outside_the_include_patterns_but_never_when_excluded()
    {
        var scope = UrlScope.Create([@"/kennis/"], [@"/geheim/"], [Start]);
        var page = new Uri("https://kennisbank.example/kennis/a");

        Assert.True(scope.AllowsAttachment(new Uri("https://kennisbank.example/sites/default/files/x.pdf"), page));
        Assert.False(scope.AllowsAttachment(new Uri("https://elders.example/files/x.pdf"), page));
        Assert.False(scope.AllowsAttachment(new Uri("https://kennisbank.example/geheim/x.pdf"), page));
    }

    [Fact]
    public void Should_name_an_invalid_pattern()
    {
        var ex = Assert.Throws<ArgumentException>(() => UrlScope.Create(["(kennis"], [], [Start]));

        Assert.Contains("'(kennis' is not a valid regular expression", ex.Message);
    }

    [Fact]
    public void Should_treat_a_pattern_that_runs_too_long_as_not_matching()
    {
        var scope = UrlScope.Create([@"^https://kennisbank\.example/(a+)+$"], [], [Start]);
        var url = new Uri("https://kennisbank.example/" + new string('a', 40) + "!");

        Assert.False(scope.IsIncluded(url));
    }
}
