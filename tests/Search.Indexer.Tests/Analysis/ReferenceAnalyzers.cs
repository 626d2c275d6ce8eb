using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>
/// The Dutch chain as it was built before it was optimised: one single-purpose filter after the other, Lucene's
/// SynonymFilter for the concepts, no memo. The optimised analyzers (<see cref="DutchAnalyzers"/>,
/// <see cref="WordsAnalyzer"/>) must emit exactly what these emit.
/// </summary>
internal sealed class ReferenceDutchAnalyzer(AnalysisResources resources, AnalysisMode mode) : Analyzer
{
    private const LuceneVersion Version = DutchTextAnalyzer.Version;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var concepts = resources.Concepts;
        var index = mode == AnalysisMode.Index;
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 100 };
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new AcronymKeywordFilter(stream);
        stream = Synonyms(stream, index ? concepts.ExactIndex : concepts.ExactQuery);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = Synonyms(stream, index ? concepts.FoldedIndex : concepts.FoldedQuery);
        if (!index)
        {
            stream = Synonyms(stream, concepts.QuerySynonyms);
        }

        stream = new KeywordKeepingStopFilter(stream, resources.Stopwords);
        stream = new SetKeywordMarkerFilter(stream, concepts.Tokens);
        stream = new DutchDiminutiveFilter(stream, resources.DiminutiveExceptions);
        if (index)
        {
            stream = new DutchCompoundFilter(stream, resources.Compounds);
        }

        stream = new StemmerOverrideFilter(stream, resources.StemOverrides);
        stream = new SnowballFilter(stream, "Dutch");
        stream = new UndoubleConsonantFilter(stream);
        stream = new RemoveDuplicatesTokenFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    private static TokenStream Synonyms(TokenStream stream, SynonymMap? map) => map is null ? stream : new SynonymFilter(stream, map, ignoreCase: false);

    /// <summary>Stopwords removed, keywords (acronyms) kept: the chain's stop step before it was memoised.</summary>
    private sealed class KeywordKeepingStopFilter : FilteringTokenFilter
    {
        private readonly CharArraySet _stopwords;
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;

        public KeywordKeepingStopFilter(TokenStream input, CharArraySet stopwords)
            : base(Version, input)
        {
            _stopwords = stopwords;
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
        }

        protected override bool Accept() => _keyword.IsKeyword || !_stopwords.Contains(_term.Buffer, 0, _term.Length);
    }
}

/// <summary>The spelling vocabulary's chain as it was: tokenizer, lower case, length 2–40.</summary>
internal sealed class ReferenceWordsAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(DutchTextAnalyzer.Version, reader) { MaxTokenLength = WordsAnalyzer.MaxLength };
        TokenStream stream = new LowerCaseFilter(DutchTextAnalyzer.Version, tokenizer);
        stream = new LengthFilter(DutchTextAnalyzer.Version, stream, WordsAnalyzer.MinLength, WordsAnalyzer.MaxLength);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>A token stream written out in full, one token a line: term, increment, length, offsets, type, keyword; then the end state.</summary>
internal static class TokenDump
{
    public static string Of(Analyzer analyzer, string text, string field = "body")
    {
        using var stream = analyzer.GetTokenStream(field, text);
        return Of(stream);
    }

    public static string Of(TokenStream stream)
    {
        var lines = new StringBuilder();
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var length = stream.AddAttribute<IPositionLengthAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var keyword = stream.AddAttribute<IKeywordAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            lines.Append(CultureInfo.InvariantCulture,
                $"{term}\t{increment.PositionIncrement}\t{length.PositionLength}\t{offset.StartOffset}\t{offset.EndOffset}\t{type.Type}\t{(keyword.IsKeyword ? "K" : "-")}\n");
        }

        stream.End();
        lines.Append(CultureInfo.InvariantCulture, $"END\t{increment.PositionIncrement}\t\t{offset.StartOffset}\t{offset.EndOffset}\n");
        return lines.ToString();
    }

    /// <summary>Equal dumps, or a failure naming the first line that differs.</summary>
    public static void AssertSame(string expected, string actual, string what)
    {
        if (expected == actual)
        {
            return;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{what}, token line {line + 1}: expected '{(line < e.Length ? e[line] : "<end>")}', got '{(line < a.Length ? a[line] : "<end>")}'.");
    }
}
