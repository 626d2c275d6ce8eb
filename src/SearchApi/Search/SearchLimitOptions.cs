using System.ComponentModel.DataAnnotations;

namespace Search.SearchApi.Search;

/// <summary>How long one search may spend collecting matches. Bound from <c>Search:Limits</c>.</summary>
public sealed class SearchLimitOptions
{
    public const string SectionName = "Search:Limits";

    /// <summary>
    /// Collecting matches stops after this long (counted from the start of the request's search); the response then holds
    /// what was found so far and is marked partial. Zero stops at the first match (for tests).
    /// </summary>
    /// <value>The default is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CollectionTimeLimit { get; set; } = TimeSpan.FromSeconds(2);
}
