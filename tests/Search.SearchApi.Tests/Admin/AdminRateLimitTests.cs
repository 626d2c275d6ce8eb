using System.Net;

namespace Search.SearchApi.Tests.Admin;

public sealed class TightAdminFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Search:Admin:ApiKey", AdminFactory.Key), ("Search:Admin:RequestsPerMinute", "3")];
}

public sealed class AdminRateLimitTests(TightAdminFactory factory) : IClassFixture<TightAdminFactory>
{
    [Fact]
    public async Task Should_answer_429_with_retry_after_beyond_the_admin_requests_per_minute()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminFactory.Key);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.GetAsync("/api/v1/admin/sources/oost/runs");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
        last.Dispose();
    }
}
