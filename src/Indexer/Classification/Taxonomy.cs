using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Search.Indexer.Classification;

/// <summary>
/// Transparent classification rules from <c>config/taxonomy.json</c>. Patterns are plain words matched
/// case- and accent-insensitively on whole words; <c>*</c> at either end allows more letters
/// (<c>*inbraak*</c> also matches "woninginbraken").
/// </summary>
public sealed record Taxonomy(IReadOnlyList<TaxonomyType> Types, IReadOnlyList<TaxonomyTheme> Themes, string DefaultType)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Taxonomy Parse(string json)
    {
        var file = JsonSerializer.Deserialize<TaxonomyFile>(json, JsonOptions) ?? throw new FormatException("The taxonomy file is empty.");
        if (file.Types is not { Count: > 0 })
        {
            throw new FormatException("The taxonomy needs at least one entry in 'types'.");
        }

        var defaultType = file.DefaultType ?? "overig";
        var types = file.Types.Select(t => new TaxonomyType(
            Require(t.Id, "types[].id"), t.Label ?? t.Id!, Compile(t.TitlePatterns), Compile(t.UrlPatterns), Compile(t.Keywords), t.MinKeywordMatches ?? 2)).ToList();
        if (!types.Any(t => t.Id == defaultType))
        {
            types.Add(new TaxonomyType(defaultType, "Overig", Compile(null), Compile(null), Compile(null), int.MaxValue));
        }

        var themes = (file.Themes ?? []).Select(t => new TaxonomyTheme(
            Require(t.Id, "themes[].id"), t.Label ?? t.Id!, Compile(t.Keywords), t.MinMatches ?? 2)).ToList();
        return new Taxonomy(types, themes, defaultType);
    }

    public string TypeLabel(string id) => Types.FirstOrDefault(t => t.Id == id)?.Label ?? id;

    public string ThemeLabel(string id) => Themes.FirstOrDefault(t => t.Id == id)?.Label ?? id;

    /// <summary>Lower case, accents removed: the form every pattern and text is compared in.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"Taxonomy field '{name}' is required.") : value;

    private static IReadOnlyList<Regex> Compile(IReadOnlyList<string>? patterns) =>
        (patterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(ToRegex).ToList();

    private static Regex ToRegex(string pattern)
    {
        var folded = Fold(pattern.Trim());
        var prefix = folded.StartsWith('*') ? @"\w*" : @"\b";
        var suffix = folded.EndsWith('*') ? @"\w*" : @"\b";
        var core = Regex.Escape(folded.Trim('*')).Replace(@"\ ", @"\s+", StringComparison.Ordinal);
        return new Regex(prefix + core + suffix, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }

    private sealed record TaxonomyFile(string? DefaultType, List<TypeEntry>? Types, List<ThemeEntry>? Themes);

    private sealed record TypeEntry(string? Id, string? Label, List<string>? TitlePatterns, List<string>? UrlPatterns, List<string>? Keywords, int? MinKeywordMatches);

    private sealed record ThemeEntry(string? Id, string? Label, List<string>? Keywords, int? MinMatches);
}

public sealed record TaxonomyType(string Id, string Label, IReadOnlyList<Regex> TitlePatterns, IReadOnlyList<Regex> UrlPatterns, IReadOnlyList<Regex> Keywords, int MinKeywordMatches);

public sealed record TaxonomyTheme(string Id, string Label, IReadOnlyList<Regex> Keywords, int MinMatches);
