using System.Globalization;
using System.Text.RegularExpressions;

namespace Search.SearchApi.Search;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>A validated search request.</summary>
public sealed record SearchRequest
{
    public const int MaxQueryLength = 500;
    public const int MaxPageSize = 50;
    public const int DefaultPageSize = 10;

    /// <summary>Deep paging stops here: page × pageSize may not exceed this.</summary>
    public const int MaxWindow = 1000;

    public string Query { get; init; } = string.Empty;

    public IReadOnlyList<string> Sources { get; init; } = [];

    public IReadOnlyList<string> Types { get; init; } = [];

    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<string> Years { get; init; } = [];

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    public SearchSort Sort { get; init; } = SearchSort.Relevance;
}

/// <summary>Validates raw query-string values into a <see cref="SearchRequest"/> (pure). Messages are Dutch: searchers read them.</summary>
public static partial class SearchRequestParser
{
    public static (SearchRequest? Request, Dictionary<string, string[]> Errors) Parse(
        string? q, string[]? source, string[]? type, string[]? theme, string[]? year, string? page, string? pageSize, string? sort)
    {
        var errors = new Dictionary<string, string[]>();
        var query = (q ?? string.Empty).Trim();
        if (query.Length > SearchRequest.MaxQueryLength)
        {
            errors["q"] = [$"De zoekvraag is {query.Length} tekens lang; het maximum is {SearchRequest.MaxQueryLength}."];
        }

        var pageNumber = ParseInt(page, "page", 1, 1, int.MaxValue, "Het paginanummer moet een geheel getal van 1 of hoger zijn.", errors);
        var size = ParseInt(pageSize, "pageSize", SearchRequest.DefaultPageSize, 1, SearchRequest.MaxPageSize,
            $"Het aantal resultaten per pagina moet tussen 1 en {SearchRequest.MaxPageSize} liggen.", errors);
        if (!errors.ContainsKey("page") && !errors.ContainsKey("pageSize") && (long)pageNumber * size > SearchRequest.MaxWindow)
        {
            errors["page"] = [$"Er kunnen maximaal {SearchRequest.MaxWindow} resultaten worden doorgebladerd; verfijn de zoekvraag."];
        }

        SearchSort sortOrder = SearchSort.Relevance;
        if (!string.IsNullOrWhiteSpace(sort))
        {
            switch (sort.Trim().ToLowerInvariant())
            {
                case "relevance":
                    sortOrder = SearchSort.Relevance;
                    break;
                case "date":
                    sortOrder = SearchSort.Date;
                    break;
                default:
                    errors["sort"] = ["Sorteren kan op 'relevance' of 'date'."];
                    break;
            }
        }

        var years = Clean(year);
        if (years.Any(y => !YearPattern().IsMatch(y)))
        {
            errors["year"] = ["Een jaar bestaat uit vier cijfers, bijvoorbeeld 2021."];
        }

        var filters = new[] { ("source", source), ("type", type), ("theme", theme) };
        foreach (var (name, values) in filters)
        {
            if (Clean(values).Any(v => v.Length > 100))
            {
                errors[name] = ["Een filterwaarde mag maximaal 100 tekens lang zijn."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new SearchRequest
        {
            Query = query,
            Sources = Clean(source),
            Types = Clean(type),
            Themes = Clean(theme),
            Years = years,
            Page = pageNumber,
            PageSize = size,
            Sort = sortOrder,
        }, errors);
    }

    private static int ParseInt(string? value, string name, int fallback, int min, int max, string message, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors[name] = [message];
        return fallback;
    }

    private static string[] Clean(string[]? values) =>
        (values ?? []).SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().Take(50).ToArray();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();
}
