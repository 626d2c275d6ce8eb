namespace Search.SearchApi.Observability;

/// <summary>
/// Times the search endpoints (by endpoint name) from before admission to the returned result, and records the
/// endpoint kind and outcome. Other endpoints pass straight through.
/// </summary>
internal sealed class SearchMetricsFilter(SearchMetrics metrics, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var kind = KindOf(context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName);
        if (kind is null || !metrics.DurationEnabled)
        {
            return await next(context).ConfigureAwait(false);
        }

        var started = time.GetTimestamp();
        var outcome = SearchOutcome.Error;
        try
        {
            var result = await next(context).ConfigureAwait(false);
            outcome = SearchOutcome.Of(result);
            return result;
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            outcome = SearchOutcome.Cancelled;
            throw;
        }
        finally
        {
            metrics.RecordSearch(kind, outcome, time.GetElapsedTime(started));
        }
    }

    /// <summary>The <c>endpoint</c> tag of a named endpoint, or null for endpoints that are not timed.</summary>
    internal static string? KindOf(string? endpointName) => endpointName switch
    {
        "Search" => "search",
        "SearchFeed" => "feed",
        "PartnerSearch" => "partner",
        "Suggest" => "suggest",
        "GetSimilarDocuments" => "similar",
        _ => null,
    };
}
