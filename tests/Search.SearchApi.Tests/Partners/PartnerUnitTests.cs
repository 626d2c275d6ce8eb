using System.Net;
using Microsoft.Extensions.Time.Testing;
using Search.SearchApi.Partners;

namespace Search.SearchApi.Tests.Partners;

public sealed class PartnerFilterTests
{
    [Fact]
    public void Should_parse_one_value_per_facet_and_print_it_canonically()
    {
        var (filter, error) = PartnerFilter.Parse("  theme:hennep   source:west year:2022 ");

        Assert.Null(error);
        Assert.Equal("hennep", filter!.Value("theme"));
        Assert.Equal("source:west theme:hennep year:2022", filter.ToString());
    }

    [Theory]
    [InlineData("colour:red")]
    [InlineData("theme")]
    [InlineData("theme:")]
    [InlineData("year:22")]
    [InlineData("theme:a theme:b")]
    [InlineData("theme:<script>")]
    [InlineData("theme:a,b")]
    public void Should_reject_malformed_filters(string text) => Assert.NotNull(PartnerFilter.Parse(text).Error);

    [Fact]
    public void Should_and_filters_and_report_contradictions_as_null()
    {
        var key = PartnerFilter.Parse("theme:hennep").Filter!;

        Assert.Equal("source:oost theme:hennep", key.And(PartnerFilter.Parse("source:oost").Filter!)!.ToString());
        Assert.Equal("theme:hennep", key.And(PartnerFilter.Parse("theme:hennep").Filter!)!.ToString());
        Assert.Null(key.And(PartnerFilter.Parse("theme:jeugd").Filter!));
    }
}

public sealed class PartnerOriginsTests
{
    [Theory]
    [InlineData("https://Partner.Example", "https://partner.example")]
    [InlineData("https://partner.example/", "https://partner.example")]
    [InlineData("https://partner.example:443", "https://partner.example")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    public void Should_normalise_origins(string input, string expected) => Assert.Equal(expected, PartnerOrigins.Normalize(input));

    [Theory]
    [InlineData("*")]
    [InlineData("null")]
    [InlineData("https://partner.example/pad")]
    [InlineData("https://partner.example?x=1")]
    [InlineData("https://user@partner.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://partner.example")]
    [InlineData("")]
    public void Should_refuse_anything_but_an_http_origin(string input) => Assert.Null(PartnerOrigins.Normalize(input));
}

public sealed class FixedWindowRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Should_refuse_above_the_limit_with_the_time_left_in_the_window()
    {
        var limiter = new FixedWindowRateLimiter(_time);
        Assert.True(limiter.TryAcquire("key:a", 2).Allowed);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.True(limiter.TryAcquire("key:a", 2).Allowed);

        var refused = limiter.TryAcquire("key:a", 2);

        Assert.False(refused.Allowed);
        Assert.Equal(45, refused.RetryAfterSeconds);
        Assert.True(limiter.TryAcquire("key:b", 2).Allowed);
    }

    [Fact]
    public void Should_open_a_new_window_after_a_minute()
    {
        var limiter = new FixedWindowRateLimiter(_time);
        Assert.True(limiter.TryAcquire("ip:1", 1).Allowed);
        Assert.False(limiter.TryAcquire("ip:1", 1).Allowed);

        _time.Advance(TimeSpan.FromSeconds(59.5));
        Assert.Equal(1, limiter.TryAcquire("ip:1", 1).RetryAfterSeconds);
        _time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.True(limiter.TryAcquire("ip:1", 1).Allowed);
    }

    [Fact]
    public void Should_count_ipv6_clients_per_64_and_mapped_ipv4_as_ipv4()
    {
        Assert.Equal(PartnerSearchEndpoints.ClientBucket(IPAddress.Parse("2001:db8:1:2::1")), PartnerSearchEndpoints.ClientBucket(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(PartnerSearchEndpoints.ClientBucket(IPAddress.Parse("2001:db8:1:2::1")), PartnerSearchEndpoints.ClientBucket(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("192.0.2.7", PartnerSearchEndpoints.ClientBucket(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal("unknown", PartnerSearchEndpoints.ClientBucket(null));
    }
}
