using System.Text.RegularExpressions;

namespace Search.SearchApi.Partners;

/// <summary>
/// A fixed filter such as <c>theme:hennep type:convenant</c>: at most one value per facet (source, type, theme, year),
/// all clauses ANDed onto every search (pure).
/// </summary>
public sealed partial record PartnerFilter(IReadOnlyDictionary<string, string> Clauses)
{
    public const int MaxLength = 500;

    public static readonly IReadOnlyList<string> Facets = ["source", "type", "theme", "year"];

    public static readonly PartnerFilter None = new(new Dictionary<string, string>());

    public bool IsEmpty => Clauses.Count == 0;

    public string? Value(string facet) => Clauses.TryGetValue(facet, out var value) ? value : null;

    /// <summary>Parses the filter text; null or blank is <see cref="None"/>. The error names the offending clause.</summary>
    public static (PartnerFilter? Filter, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (None, null);
        }

        if (text.Length > MaxLength)
        {
            return (null, $"Een filter mag hoogstens {MaxLength} tekens lang zijn.");
        }

        var clauses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var facet = colon > 0 ? token[..colon].ToLowerInvariant() : string.Empty;
            var value = colon > 0 ? token[(colon + 1)..] : string.Empty;
            if (!Facets.Contains(facet) || !ValuePattern().IsMatch(value) || (facet == "year" && !YearPattern().IsMatch(value)))
            {
                return (null, $"'{Shorten(token)}' is geen geldig filter; gebruik facet:waarde met facet source, type, theme of year.");
            }

            if (!clauses.TryAdd(facet, value) && clauses[facet] != value)
            {
                return (null, $"Het filter noemt '{facet}' twee keer; één waarde per facet.");
            }
        }

        return (new PartnerFilter(clauses), null);
    }

    /// <summary>Both filters at once (AND); null when they contradict, i.e. no document can match.</summary>
    public PartnerFilter? And(PartnerFilter other)
    {
        var clauses = new Dictionary<string, string>(Clauses, StringComparer.Ordinal);
        foreach (var (facet, value) in other.Clauses)
        {
            if (!clauses.TryAdd(facet, value) && clauses[facet] != value)
            {
                return null;
            }
        }

        return new PartnerFilter(clauses);
    }

    public override string ToString() => string.Join(' ', Facets.Where(Clauses.ContainsKey).Select(f => $"{f}:{Clauses[f]}"));

    private static string Shorten(string token) => token.Length <= 60 ? token : token[..60] + "…";

    [GeneratedRegex(@"^[\p{L}\p{N}_.\-]{1,100}$")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();
}
