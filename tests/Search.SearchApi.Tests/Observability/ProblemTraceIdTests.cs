using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Observability;

/// <summary>
/// One search slot and no queue (for 429), metrics only with the scrape key (for 403), and two test-only paths
/// reached after every real endpoint: one throws (500), one answers 503 without a body.
/// </summary>
public sealed class ErrorPathsFactory : SearchApiFactory
{
    public const string ScrapeKey = "scrape-sleutel-0123456789";

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Query:MaxConcurrent", "1"),
        ("Search:Query:QueueLength", "0"),
        ("Search:Metrics:AllowLoopback", "false"),
        ("Search:Metrics:ScrapeKey", ScrapeKey),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingPaths>());
    }

    private sealed class FailingPaths : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Appended after the app's own pipeline: inside its exception handler and status code pages.
            app.Run(context => context.Request.Path.Value switch
            {
                "/test/fout" => throw new InvalidOperationException("Test failure."),
                "/test/onbeschikbaar" => Answer(context, StatusCodes.Status503ServiceUnavailable),
                _ => Answer(context, StatusCodes.Status404NotFound),
            });
        };

        private static Task Answer(HttpContext context, int status)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
    }
}

public sealed partial class ProblemTraceIdTests(ErrorPathsFactory factory) : IClassFixture<ErrorPathsFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public sealed record ErrorCase(string Method, string Url, HttpStatusCode Status, bool HoldSearchSlot = false);

    private static readonly ErrorCase[] Cases =
    [
        new("GET", "/api/v1/search?q=hennep&pageSize=1000", HttpStatusCode.BadRequest),
        new("GET", "/api/v1/search?q=" + Uri.EscapeDataString("AND OR NOT"), HttpStatusCode.BadRequest),
        new("GET", "/api/v1/suggest?size=99", HttpStatusCode.BadRequest),
        new("GET", "/api/v1/documents/bestaat-niet", HttpStatusCode.NotFound),
        new("GET", "/api/v1/bestaat-niet", HttpStatusCode.NotFound),
        new("GET", "/api/v1/admin/sources/oost/runs", HttpStatusCode.Unauthorized),
        new("GET", "/api/v1/me/saved-searches", HttpStatusCode.Unauthorized),
        new("GET", "/api/v1/partner/search?q=hennep", HttpStatusCode.Unauthorized),
        new("OPTIONS", "/api/v1/partner/search", HttpStatusCode.Forbidden),
        new("GET", "/metrics", HttpStatusCode.Forbidden),
        new("GET", "/api/v1/search?q=hennep", HttpStatusCode.TooManyRequests, HoldSearchSlot: true),
        new("GET", "/test/fout", HttpStatusCode.InternalServerError),
        new("GET", "/test/onbeschikbaar", HttpStatusCode.ServiceUnavailable),
    ];

    [Fact]
    public async Task Should_return_the_callers_w3c_trace_id_in_every_kind_of_problem_details()
    {
        var admission = factory.Services.GetRequiredService<SearchAdmission>();
        var failures = new List<string>();
        foreach (var error in Cases)
        {
            var traceId = ActivityTraceId.CreateRandom();
            using var request = new HttpRequestMessage(new HttpMethod(error.Method), error.Url);
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

            var slot = error.HoldSearchSlot ? await admission.EnterAsync(CancellationToken.None) : null;
            using var response = await _client.SendAsync(request);
            slot?.Dispose();

            var body = await response.Content.ReadAsStringAsync();
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(body) : null;
            var returned = problem?["traceId"]?.GetValue<string>();
            if (response.StatusCode != error.Status || problem?["status"]?.GetValue<int>() != (int)error.Status || returned?.Split('-')[1] != traceId.ToString())
            {
                failures.Add($"{error.Method} {error.Url}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Should_make_a_new_w3c_trace_id_when_the_caller_sends_none()
    {
        using var first = await _client.GetAsync("/api/v1/documents/bestaat-niet");
        using var second = await _client.GetAsync("/api/v1/documents/bestaat-niet");

        var ids = new[] { first, second }.Select(r => JsonNode.Parse(r.Content.ReadAsStream())!["traceId"]!.GetValue<string>()).ToList();

        Assert.All(ids, id => Assert.Matches(W3CTraceParent(), id));
        Assert.NotEqual(ids[0].Split('-')[1], ids[1].Split('-')[1]);
    }

    [Fact]
    public async Task Should_serve_metrics_to_a_remote_scraper_only_with_the_scrape_key()
    {
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new("Bearer", "verkeerde-sleutel-0123456789");
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        right.Headers.Authorization = new("Bearer", ErrorPathsFactory.ScrapeKey);

        using var refused = await _client.SendAsync(wrong);
        using var served = await _client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("# TYPE index_documents gauge", await served.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex W3CTraceParent();
}
