using System.Diagnostics;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// Everything the Dutch analyzers read from config/analysis: word list, stopwords, stem overrides, compound rules,
/// concepts and synonyms, parsed and validated. Immutable: to pick up edited files, <see cref="Load"/> a new instance
/// and build new analyzers from it. A file missing from the directory falls back to the built-in copy of the
/// committed default (embedded in this assembly); <see cref="Origins"/> says which was used.
/// </summary>
public sealed class AnalysisResources
{
    public const string WordList = "nl-words.txt";
    public const string StopwordsFile = "nl-stopwords.txt";
    public const string StemOverridesFile = "nl-stem-overrides.txt";
    public const string DiminutiveExceptionsFile = "nl-diminutive-exceptions.txt";
    public const string NeverSplitFile = "compound-never-split.txt";
    public const string AlwaysSplitFile = "compound-always-split.txt";
    public const string ParticlesFile = "compound-particles.txt";
    public const string SuffixesFile = "compound-suffixes.txt";
    public const string ShortHeadsFile = "compound-short-heads.txt";
    public const string ShortModifiersFile = "compound-short-modifiers.txt";
    public const string ConceptsFile = "concepts.txt";
    public const string SynonymsFile = "synonyms.txt";

    private const string ResourcePrefix = "Search.Indexer.Analysis.Defaults.";
    private static readonly Lazy<AnalysisResources> BuiltIn = new(() => Parse(name => Embedded(name)));

    private AnalysisResources(CharArraySet stopwords, StemmerOverrideFilter.StemmerOverrideMap stemOverrides, int stemOverrideCount,
        IReadOnlySet<string> diminutiveExceptions, CompoundSegmenter compounds, ConceptMap concepts,
        IReadOnlyDictionary<string, string> origins, TimeSpan loadTime)
    {
        Stopwords = stopwords;
        StemOverrides = stemOverrides;
        StemOverrideCount = stemOverrideCount;
        DiminutiveExceptions = diminutiveExceptions;
        Compounds = compounds;
        Concepts = concepts;
        Origins = origins;
        LoadTime = loadTime;
    }

    /// <summary>The files an analysis directory may hold.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        WordList, StopwordsFile, StemOverridesFile, DiminutiveExceptionsFile, NeverSplitFile, AlwaysSplitFile, ParticlesFile,
        SuffixesFile, ShortHeadsFile, ShortModifiersFile, ConceptsFile, SynonymsFile,
    ];

    /// <summary>The built-in defaults (the committed config/analysis files, embedded at build time); loaded once.</summary>
    public static AnalysisResources Default => BuiltIn.Value;

    public CharArraySet Stopwords { get; }

    public StemmerOverrideFilter.StemmerOverrideMap StemOverrides { get; }

    public int StemOverrideCount { get; }

    /// <summary>Words the diminutive and -es rules leave alone (oranje, diabetes).</summary>
    public IReadOnlySet<string> DiminutiveExceptions { get; }

    public CompoundSegmenter Compounds { get; }

    public ConceptMap Concepts { get; }

    /// <summary>File name → full path it was read from, or <c>embedded:name</c>.</summary>
    public IReadOnlyDictionary<string, string> Origins { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>Loads and validates every analysis file of <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FormatException">A file is invalid; the message names the file and line.</exception>
    public static AnalysisResources Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Analysis directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        return Parse(name => Open(directory, name));
    }

    /// <summary>Parses resources from files supplied by <paramref name="open"/> (tests, or another store).</summary>
    public static AnalysisResources Parse(Func<string, AnalysisFile> open)
    {
        var stopwatch = Stopwatch.StartNew();
        var files = FileNames.ToDictionary(n => n, open, StringComparer.Ordinal);
        var stopwords = new CharArraySet(DutchTextAnalyzer.Version, Words(files[StopwordsFile]), ignoreCase: false);
        var (overrides, overrideCount) = ParseStemOverrides(files[StemOverridesFile]);
        var rules = ParseCompoundRules(name => files[name]);
        var compounds = new CompoundSegmenter(ParseWordList(files[WordList]), rules);
        var concepts = ConceptMap.Parse(files[ConceptsFile], files[SynonymsFile]);
        return new AnalysisResources(stopwords, overrides, overrideCount, Words(files[DiminutiveExceptionsFile]), compounds, concepts,
            files.ToDictionary(f => f.Key, f => f.Value.Origin, StringComparer.Ordinal), stopwatch.Elapsed);
    }

    /// <summary>The decompounder's rules: the compound-*.txt files and the stopwords.</summary>
    public static CompoundRules ParseCompoundRules(Func<string, AnalysisFile> open) => new(
        Words(open(NeverSplitFile)),
        ParseAlwaysSplit(open(AlwaysSplitFile)),
        Words(open(ParticlesFile)),
        Words(open(SuffixesFile)),
        Words(open(ShortHeadsFile), exactLength: CompoundSegmenter.MinHeadLength),
        Words(open(ShortModifiersFile)),
        Words(open(StopwordsFile)));

    /// <summary>The file <paramref name="name"/> of <paramref name="directory"/>, or its built-in copy when it is missing there.</summary>
    public static AnalysisFile Open(string directory, string name)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name));
        return File.Exists(path) ? new AnalysisFile(name, path, File.ReadAllText(path)) : Embedded(name);
    }

    /// <summary>The built-in copy of one analysis file.</summary>
    public static AnalysisFile Embedded(string name)
    {
        using var stream = typeof(AnalysisResources).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"Embedded analysis file {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return new AnalysisFile(name, "embedded:" + name, reader.ReadToEnd());
    }

    /// <summary>One lower-case ASCII word per line.</summary>
    public static IReadOnlySet<string> Words(AnalysisFile file, int? exactLength = null)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (number, line) in file.Lines())
        {
            if (!IsPlainWord(line))
            {
                throw file.Error(number, $"'{line}' must be one word in lower case without diacritics.");
            }

            if (exactLength is { } length && line.Length != length)
            {
                throw file.Error(number, $"'{line}' must have {length} letters.");
            }

            words.Add(line);
        }

        return words;
    }

    private static IEnumerable<string> ParseWordList(AnalysisFile file)
    {
        // The list is generated (analysis build-wordlist); check it without the cost of Lines() per entry.
        var words = new List<string>(capacity: 200_000);
        var number = 0;
        foreach (var raw in file.Text.AsSpan().EnumerateLines())
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            foreach (var c in line)
            {
                if (c is < 'a' or > 'z')
                {
                    throw file.Error(number, $"'{line}' must be lower-case letters a–z only.");
                }
            }

            words.Add(line.ToString());
        }

        return words;
    }

    private static (StemmerOverrideFilter.StemmerOverrideMap Map, int Count) ParseStemOverrides(AnalysisFile file)
    {
        // Builder.Add(string, string) is correct in 4.8; the char[] overload used by DutchAnalyzer corrupts keys.
        var builder = new StemmerOverrideFilter.Builder(ignoreCase: false);
        var count = 0;
        foreach (var (number, line) in file.Lines())
        {
            var parts = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !IsPlainWord(parts[0]) || !IsPlainWord(parts[1]))
            {
                throw file.Error(number, $"expected 'word<TAB>stem' in lower case without diacritics, got '{line}'.");
            }

            if (!builder.Add(parts[0], parts[1]))
            {
                throw file.Error(number, $"'{parts[0]}' has an override already.");
            }

            count++;
        }

        return (builder.Build(), count);
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseAlwaysSplit(AnalysisFile file)
    {
        var splits = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (number, line) in file.Lines())
        {
            var columns = line.Split('\t', 2, StringSplitOptions.TrimEntries);
            var parts = columns.Length == 2 ? columns[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (columns.Length != 2 || !IsPlainWord(columns[0]) || parts.Length < 2 || !parts.All(IsPlainWord))
            {
                throw file.Error(number, $"expected 'word<TAB>part part …' in lower case without diacritics, got '{line}'.");
            }

            try
            {
                CompoundSegmenter.ToSpans(columns[0], parts);
            }
            catch (ArgumentException ex)
            {
                throw file.Error(number, ex.Message);
            }

            if (!splits.TryAdd(columns[0], parts))
            {
                throw file.Error(number, $"'{columns[0]}' is listed twice.");
            }
        }

        return splits;
    }

    private static bool IsPlainWord(string word) => word.Length > 0 && word.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}
