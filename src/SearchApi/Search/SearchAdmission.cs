using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Search.SearchApi.Search;

/// <summary>How many searches run at once, and how many may wait. Bound from <c>Search:Query</c>.</summary>
public sealed class QueryOptions
{
    public const string SectionName = "Search:Query";

    /// <value>
    /// The default is 1.5 searches per processor plus one (4 on 2 cores; Elasticsearch sizes its search pool so).
    /// Searches are CPU-bound: many more at once only share the cores by time slices, which stretches every search,
    /// and a waiting search is better off in this first-come-first-served queue. Too few starve the cores between
    /// searches and leave background work (harvests) a larger share. Measured on 2 cores, 50 clients (10k documents, 60 s,
    /// p95 during a harvest / idle): 2 at once 1.81, 4 at once 1.09, 16 at once 1.06; at 8 clients (100k documents)
    /// p99 82–86 ms with 4 at once, 112–123 ms with 16.
    /// </value>
    [Range(1, 1024)]
    public int MaxConcurrent { get; set; } = DefaultMaxConcurrent;

    public static int DefaultMaxConcurrent => Environment.ProcessorCount * 3 / 2 + 1;

    /// <value>The default lets 64 more wait.</value>
    [Range(0, 10_000)]
    public int QueueLength { get; set; } = 64;

    /// <value>The default waits at most 2 seconds for a slot.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Bounds the load searches put on the machine: a fixed number execute at once, a short queue waits, and beyond
/// that a request is refused at once (429 with Retry-After) instead of piling up.
/// </summary>
public sealed class SearchAdmission(IOptions<QueryOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);
    private int _waiting;
    private long _rejected;

    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Searches holding a slot now.</summary>
    public int Executing => options.Value.MaxConcurrent - _slots.CurrentCount;

    /// <summary>Requests refused (queue full or wait timed out) since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>A slot (dispose to release), or null when the queue is full or the wait timed out.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return new Slot(_slots);
        }

        if (Interlocked.Increment(ref _waiting) > options.Value.QueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            Interlocked.Increment(ref _rejected);
            return null;
        }

        try
        {
            if (await _slots.WaitAsync(options.Value.QueueTimeout, cancellationToken).ConfigureAwait(false))
            {
                return new Slot(_slots);
            }

            Interlocked.Increment(ref _rejected);
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// <summary>Runs a search endpoint only inside an admission slot; answers 429 with Retry-After when there is none.</summary>
internal sealed class SearchAdmissionFilter(SearchAdmission admission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (IsInvalidSearch(context.HttpContext))
        {
            return await next(context).ConfigureAwait(false); // answered with a 400 at once: no need to queue for a slot
        }

        using var slot = await admission.EnterAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (slot is null)
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem("De zoekdienst is op dit moment te druk. Probeer het over een paar seconden opnieuw.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Te veel zoekopdrachten");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>A search whose parameters fail validation costs nothing to answer, so it never waits for (or takes) a slot.</summary>
    private static bool IsInvalidSearch(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName != "Search")
        {
            return false;
        }

        var query = http.Request.Query;
        string[] All(string name) => query[name].Where(v => v is not null).Select(v => v!).ToArray();
        var (request, _) = SearchRequestParser.Parse(query["q"], All("source"), All("type"), All("theme"), All("year"),
            query["page"], query["pageSize"], query["sort"]);
        return request is null;
    }
}
