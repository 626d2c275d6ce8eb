using System.Text.RegularExpressions;
using System.Text.Json;

namespace Search.Bench.Corpus;

/// <summary>
/// The fixed query set (pure, seeded): 1–3 word queries drawn from the sample bank's frequent title and body words,
/// frequent word pairs and triples, and the themes' vocabulary (labels and plain keywords of <c>config/taxonomy.json</c>).
/// </summary>
internal static partial class QuerySet
{
    public static IReadOnlyList<string> Build(IReadOnlyList<SampleDocument> samples, string taxonomyJson, IReadOnlySet<string> stopwords, int count, int seed)
    {
        var random = new Random(seed);
        bool Content(string w) => w.Length >= 4 && !stopwords.Contains(w);

        var titleWords = Frequent(samples.SelectMany(s => Words(s.Title)).Where(Content), 150);
        var bodyWords = Frequent(samples.SelectMany(s => Words(s.Body)).Where(Content), 400);
        var pairs = Frequent(samples.SelectMany(s => Runs(Words(s.Body), 2, Content)), 300);
        var triples = Frequent(samples.SelectMany(s => Runs(Words(s.Body), 3, Content)), 150);
        var themes = ThemeVocabulary(taxonomyJson);

        var queries = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 0; queries.Count < count && attempts < count * 50; attempts++)
        {
            var roll = random.NextDouble();
            var query = roll < 0.20 ? titleWords[random.Next(titleWords.Count)]
                : roll < 0.40 ? bodyWords[random.Next(bodyWords.Count)]
                : roll < 0.65 ? pairs[random.Next(pairs.Count)]
                : roll < 0.80 ? triples[random.Next(triples.Count)]
                : themes[random.Next(themes.Count)];
            if (seen.Add(query))
            {
                queries.Add(query);
            }
        }

        return queries;
    }

    private static List<string> Frequent(IEnumerable<string> items, int top) =>
        items.CountBy(x => x, StringComparer.Ordinal).OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Take(top).Select(x => x.Key).ToList();

    private static string[] Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();

    private static IEnumerable<string> Runs(string[] words, int length, Func<string, bool> content)
    {
        for (var i = 0; i + length <= words.Length; i++)
        {
            var run = words.AsSpan(i, length).ToArray();
            if (run.All(content))
            {
                yield return string.Join(' ', run);
            }
        }
    }

    /// <summary>Theme labels and the plain (wildcard-free) theme keywords of the taxonomy file.</summary>
    private static List<string> ThemeVocabulary(string taxonomyJson)
    {
        using var json = JsonDocument.Parse(taxonomyJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var vocabulary = new List<string>();
        foreach (var theme in json.RootElement.GetProperty("themes").EnumerateArray())
        {
            vocabulary.Add(theme.GetProperty("label").GetString()!.ToLowerInvariant().Replace(" en ", " ", StringComparison.Ordinal));
            vocabulary.AddRange(theme.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()!.ToLowerInvariant()));
        }

        return vocabulary.Where(q => q.Length >= 3 && q.All(c => char.IsLetterOrDigit(c) || c == ' ')).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
