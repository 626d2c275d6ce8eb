using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Console;
using Search.SearchApi.Observability;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Observability;

public sealed class ObservabilityUnitTests
{
    private const string Key = "scrape-sleutel-0123456789";

    [Theory]
    [InlineData("127.0.0.1", "", true, null, true)]
    [InlineData("::1", "", true, null, true)]
    [InlineData(null, "", true, null, true)]
    [InlineData("10.1.2.3", "", true, Key, false)]
    [InlineData("10.1.2.3", "Bearer " + Key, true, Key, true)]
    [InlineData("10.1.2.3", "bearer " + Key, true, Key, true)]
    [InlineData("10.1.2.3", "Bearer " + Key + "x", true, Key, false)]
    [InlineData("10.1.2.3", "Basic " + Key, true, Key, false)]
    [InlineData("10.1.2.3", "Bearer ", true, null, false)]
    [InlineData("127.0.0.1", "", false, Key, false)]
    [InlineData("127.0.0.1", "Bearer " + Key, false, Key, true)]
    public void Should_let_through_local_scrapes_and_scrapes_with_the_key(string? remote, string authorization, bool allowLoopback, string? key, bool allowed)
    {
        var options = new MetricsOptions { AllowLoopback = allowLoopback, ScrapeKey = key };

        Assert.Equal(allowed, MetricsAccessMiddleware.IsAllowed(remote is null ? null : IPAddress.Parse(remote), authorization, options));
    }

    [Fact]
    public void Should_report_every_bad_metrics_option_at_once()
    {
        var result = new MetricsOptionsValidator().Validate(null, new MetricsOptions { Path = "/api/metrics", ScrapeKey = "kort" });

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Search:Metrics:Path", StringComparison.Ordinal) && f.Contains("/api/metrics", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Search:Metrics:ScrapeKey", StringComparison.Ordinal) && f.Contains('4'));
        Assert.True(new MetricsOptionsValidator().Validate(null, new MetricsOptions()).Succeeded);
    }

    public static TheoryData<IResult, string> Results => new()
    {
        { TypedResults.Ok(Response(total: 3)), SearchOutcome.Ok },
        { TypedResults.Ok(Response(total: 0)), SearchOutcome.Empty },
        { TypedResults.Ok(new SuggestResponse("x", [], 0)), SearchOutcome.Empty },
        { TypedResults.Ok(new SimilarResponse("id", [])), SearchOutcome.Empty },
        { TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["te lang"] }), SearchOutcome.Invalid },
        { TypedResults.Problem("druk", statusCode: StatusCodes.Status429TooManyRequests), SearchOutcome.Rejected },
        { TypedResults.Problem("kapot", statusCode: StatusCodes.Status503ServiceUnavailable), SearchOutcome.Error },
        { TypedResults.Content("<feed/>", "application/atom+xml"), SearchOutcome.Ok },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Should_classify_what_a_search_endpoint_returned(IResult result, string outcome)
    {
        Assert.Equal(outcome, SearchOutcome.Of(result));
    }

    [Fact]
    public void Should_look_through_typed_result_unions()
    {
        Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult> empty = TypedResults.Ok(Response(total: 0));
        Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult> refused = TypedResults.Problem("druk", statusCode: 429);

        Assert.Equal(SearchOutcome.Empty, SearchOutcome.Of(empty));
        Assert.Equal(SearchOutcome.Rejected, SearchOutcome.Of(refused));
    }

    [Fact]
    public void Should_default_json_logs_to_scopes_and_utc_timestamps_unless_configured()
    {
        var defaults = new JsonConsoleFormatterOptions();
        StructuredLogDefaults.Apply(defaults, new ConfigurationBuilder().Build());
        var configured = new JsonConsoleFormatterOptions { IncludeScopes = false, TimestampFormat = "HH:mm" };
        StructuredLogDefaults.Apply(configured, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "false",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm",
        }).Build());

        Assert.True(defaults.IncludeScopes);
        Assert.True(defaults.UseUtcTimestamp);
        Assert.NotNull(defaults.TimestampFormat);
        Assert.False(configured.IncludeScopes);
        Assert.Equal("HH:mm", configured.TimestampFormat);
    }

    private static SearchResponse Response(int total) => new(
        "hennep", total, 1, 10, 0, [], new SearchFacets([], [], [], []));
}
