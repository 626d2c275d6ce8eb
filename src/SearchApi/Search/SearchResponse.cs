namespace Search.SearchApi.Search;

public sealed record SearchResponse(
    string Query,
    int Total,
    int Page,
    int PageSize,
    long TookMs,
    IReadOnlyList<SearchHit> Hits,
    SearchFacets Facets,
    string? Notice = null,
    string? DidYouMean = null)
{
    /// <summary>True when collecting matches ran out of time: hits, total and facets cover only part of the index (omitted otherwise).</summary>
    public bool? Partial { get; init; }
}

public sealed record SourceRef(string Id, string Name);

public sealed record ParentRef(string? Title, string Url);

public sealed record SearchHit(
    string Id,
    string Title,
    string Url,
    SourceRef Source,
    string Type,
    IReadOnlyList<string> Themes,
    DateOnly? Published,
    string Snippet,
    float Score,
    ParentRef? Parent,
    IReadOnlyList<FamilyMember>? Variants = null,
    bool? Restricted = null,
    int? Page = null);

/// <summary>Another version of a document (a near-copy in its version family).</summary>
public sealed record FamilyMember(string Id, SourceRef Source, string Url, DateOnly? Published);

public sealed record FacetValue(string Value, string Label, int Count);

public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Source,
    IReadOnlyList<FacetValue> Type,
    IReadOnlyList<FacetValue> Theme,
    IReadOnlyList<FacetValue> Year);

public sealed record DocumentResponse(
    string Id,
    string Title,
    string Url,
    SourceRef Source,
    string Type,
    IReadOnlyList<string> Themes,
    DateOnly? Published,
    DateOnly? Modified,
    string? Description,
    ParentRef? Parent,
    string Format,
    int Pages,
    DateTimeOffset HarvestedAt,
    string? Text,
    IReadOnlyList<FamilyMember>? Family = null,
    bool? Restricted = null);

public sealed record HarvestSummary(
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    global::Search.Indexer.Harvesting.HarvestCounts Counts,
    string? Error);

public sealed record SourceResponse(
    string Id,
    string Name,
    string Kind,
    string? Url,
    string Visibility,
    bool Enabled,
    string Schedule,
    int DocumentCount,
    HarvestSummary? LastHarvest);

public sealed record SimilarResponse(string Id, IReadOnlyList<SearchHit> Hits);

public sealed record Suggestion(string Text, string Kind, string? Id = null, string? Url = null);

public sealed record SuggestResponse(string Query, IReadOnlyList<Suggestion> Suggestions, long TookMs);
