using Search.SearchApi.Search;

namespace Search.SearchApi.Observability;

/// <summary>Classifies what a search endpoint returned, for the <c>outcome</c> tag.</summary>
internal static class SearchOutcome
{
    public const string Ok = "ok";
    public const string Empty = "empty";
    public const string Invalid = "invalid";
    public const string Rejected = "rejected";
    public const string Error = "error";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// 429 is <see cref="Rejected"/>, other 4xx <see cref="Invalid"/>, 5xx <see cref="Error"/>; a successful answer
    /// without hits, suggestions or similar documents is <see cref="Empty"/>.
    /// </summary>
    public static string Of(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        return status switch
        {
            StatusCodes.Status429TooManyRequests => Rejected,
            >= 500 => Error,
            >= 400 => Invalid,
            _ => (result as IValueHttpResult)?.Value switch
            {
                SearchResponse { Total: 0 } => Empty,
                SuggestResponse { Suggestions.Count: 0 } => Empty,
                SimilarResponse { Hits.Count: 0 } => Empty,
                _ => Ok,
            },
        };
    }
}
