using System.Reflection;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// The Dutch analysis chain for text fields. Not the stock DutchAnalyzer, whose stem-override
/// dictionary is broken in Lucene.Net 4.8:
/// StandardTokenizer → possessive 's → acronyms marked as keywords → lower case → ASCII folding
/// → Dutch stopwords (acronyms kept) → stem overrides → Snowball "Dutch" (Porter, not Kp).
/// </summary>
public sealed class DutchTextAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly Lazy<CharArraySet> DefaultStopwords = new(() => LoadStopwords(ReadResource("nl-stopwords.txt")));
    private static readonly Lazy<StemmerOverrideFilter.StemmerOverrideMap> DefaultOverrides =
        new(() => BuildOverrides(ReadResource("nl-stem-overrides.txt")));

    private readonly CharArraySet _stopwords;
    private readonly StemmerOverrideFilter.StemmerOverrideMap _overrides;

    public DutchTextAnalyzer()
        : this(DefaultStopwords.Value, DefaultOverrides.Value)
    {
    }

    public DutchTextAnalyzer(CharArraySet stopwords, StemmerOverrideFilter.StemmerOverrideMap overrides)
    {
        _stopwords = stopwords;
        _overrides = overrides;
    }

    public static IReadOnlySet<string> Stopwords { get; } =
        DefaultStopwords.Value.Select(o => o.ToString()!).ToHashSet(StringComparer.Ordinal);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 100 };
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new AcronymKeywordFilter(stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new DutchStopFilter(Version, stream, _stopwords);
        stream = new StemmerOverrideFilter(stream, _overrides);
        stream = new SnowballFilter(stream, "Dutch");
        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>Parses a word-per-line list; <c>#</c> starts a comment.</summary>
    public static CharArraySet LoadStopwords(string text)
    {
        var set = new CharArraySet(Version, 128, ignoreCase: false);
        foreach (var line in Lines(text))
        {
            set.Add(line);
        }

        return set;
    }

    /// <summary>Parses <c>word&lt;TAB&gt;stem</c> lines; uses Builder.Add(string, string), which is correct in 4.8.</summary>
    public static StemmerOverrideFilter.StemmerOverrideMap BuildOverrides(string text)
    {
        var builder = new StemmerOverrideFilter.Builder(ignoreCase: false);
        foreach (var line in Lines(text))
        {
            var parts = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw new FormatException($"Stem override line '{line}' must be 'word<TAB>stem'.");
            }

            builder.Add(parts[0], parts[1]);
        }

        return builder.Build();
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static string ReadResource(string name)
    {
        var assembly = typeof(DutchTextAnalyzer).GetTypeInfo().Assembly;
        using var stream = assembly.GetManifestResourceStream($"Search.Indexer.Analysis.Resources.{name}")
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
