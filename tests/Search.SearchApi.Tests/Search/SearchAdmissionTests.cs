using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

public sealed class OneSlotFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Search:Query:MaxConcurrent", "1"), ("Search:Query:QueueLength", "0")];
}

public sealed class SearchAdmissionTests(OneSlotFactory factory) : IClassFixture<OneSlotFactory>
{
    private static SearchAdmission Admission(int slots, int queue) =>
        new(Options.Create(new QueryOptions { MaxConcurrent = slots, QueueLength = queue, QueueTimeout = TimeSpan.FromMinutes(1) }));

    [Fact]
    public async Task Should_refuse_at_once_when_every_slot_is_taken_and_the_queue_is_full()
    {
        var admission = Admission(slots: 1, queue: 0);

        var first = await admission.EnterAsync(CancellationToken.None);
        var refused = await admission.EnterAsync(CancellationToken.None);
        first!.Dispose();
        var again = await admission.EnterAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(refused);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Should_let_a_short_queue_wait_for_a_slot()
    {
        var admission = Admission(slots: 1, queue: 1);
        var first = await admission.EnterAsync(CancellationToken.None);

        var waiting = admission.EnterAsync(CancellationToken.None).AsTask();
        var refused = await admission.EnterAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        first!.Dispose();
        using var second = await waiting;

        Assert.Null(refused);
        Assert.NotNull(second);
        Assert.Equal(0, admission.Waiting);
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_when_the_service_is_full()
    {
        using var client = factory.CreateClient();
        var admission = factory.Services.GetRequiredService<SearchAdmission>();

        HttpResponseMessage busy;
        using (await admission.EnterAsync(CancellationToken.None))
        {
            busy = await client.GetAsync("/api/v1/search?q=convenant");
        }

        using var free = await client.GetAsync("/api/v1/search?q=convenant");

        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.Equal("1", busy.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        busy.Dispose();
    }

    [Fact]
    public async Task Should_answer_an_invalid_search_with_400_without_waiting_for_a_slot()
    {
        using var client = factory.CreateClient();
        var admission = factory.Services.GetRequiredService<SearchAdmission>();

        using (await admission.EnterAsync(CancellationToken.None))
        {
            using var invalid = await client.GetAsync("/api/v1/search?q=convenant&page=100000&pageSize=1000");
            using var valid = await client.GetAsync("/api/v1/search?q=convenant");

            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
        }
    }
}
