using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>Which side of the index an analyzer serves.</summary>
public enum AnalysisMode
{
    /// <summary>Documents: compounds are split, concept tokens are added next to the words.</summary>
    Index,

    /// <summary>Queries: no decompounding, multi-word concepts become their concept token, synonyms are added.</summary>
    Query,
}

/// <summary>
/// The Dutch analysis chain for text fields (dutch-analysis.md §7). Not the stock DutchAnalyzer, whose stem-override
/// dictionary is broken in Lucene.Net 4.8:
/// <code>
/// StandardTokenizer (<see cref="LatinStandardTokenizer"/>) → possessive 's → acronyms marked as keywords → case-sensitive acronym concepts (OM → x_om)
/// → lower case → ASCII folding → concepts (openbaar ministerie → x_om) → [query: synonyms] → stopwords (keywords kept)
/// → concept tokens marked as keywords → diminutives and -es plurals → [index: decompounding] → stem overrides
/// → Snowball "Dutch" (Porter, not Kp) → undoubling → duplicates removed
/// </code>
/// At index time the concepts are matched by <see cref="ConceptFilter"/>, and the steps from the stopwords on depend
/// on the word alone and run memoised in <see cref="DutchWordFilter"/>; both emit exactly what Lucene's filters would.
/// Build one through <see cref="DutchAnalyzers"/>; an instance is immutable and thread-safe (Lucene gives each thread
/// its own token streams, and each stream its own word memo).
/// </summary>
public sealed class DutchTextAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly int _memoCapacity;

    /// <summary>An index-time analyzer on the built-in resources.</summary>
    public DutchTextAnalyzer()
        : this(AnalysisResources.Default, AnalysisMode.Index)
    {
    }

    public DutchTextAnalyzer(AnalysisResources resources, AnalysisMode mode)
        : this(resources, mode, DutchWordMemo.DefaultCapacity)
    {
    }

    /// <param name="resources">The analysis files.</param>
    /// <param name="mode">Index or query.</param>
    /// <param name="memoCapacity">Words per generation of each token stream's <see cref="DutchWordMemo"/> (tests use small ones).</param>
    internal DutchTextAnalyzer(AnalysisResources resources, AnalysisMode mode, int memoCapacity)
    {
        Resources = resources;
        Mode = mode;
        _memoCapacity = memoCapacity;
    }

    public AnalysisResources Resources { get; }

    public AnalysisMode Mode { get; }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var index = Mode == AnalysisMode.Index;
        var (tokenizer, stream) = Words(reader, Resources.Concepts, index);

        // Stopwords, concept keywords, diminutives, [index: decompounding], stem overrides, Snowball, undoubling and
        // duplicate removal, memoised per word.
        stream = new DutchWordFilter(stream, Resources, decompound: index, _memoCapacity);
        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>
    /// The chain before the word filter: tokens, possessives, acronyms, concepts (at index time next to the words), lower
    /// case and folding, [query: synonyms].
    /// </summary>
    internal static (Tokenizer Tokenizer, TokenStream Stream) Words(TextReader reader, ConceptMap concepts, bool index)
    {
        var tokenizer = new LatinStandardTokenizer(reader) { MaxTokenLength = 100 };
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new AcronymKeywordFilter(stream);
        stream = index ? Concepts(stream, concepts.ExactIndexForms) : Synonyms(stream, concepts.ExactQuery, ignoreCase: false);
        stream = new LowerCaseFoldingFilter(Version, stream);
        stream = index ? Concepts(stream, concepts.FoldedIndexForms) : Synonyms(stream, concepts.FoldedQuery, ignoreCase: false);
        if (!index)
        {
            stream = Synonyms(stream, concepts.QuerySynonyms, ignoreCase: false);
        }

        return (tokenizer, stream);
    }

    private static TokenStream Concepts(TokenStream stream, ConceptForms forms) =>
        forms.Count == 0 ? stream : new ConceptFilter(stream, forms);

    private static TokenStream Synonyms(TokenStream stream, SynonymMap? map, bool ignoreCase) =>
        map is null ? stream : new SynonymFilter(stream, map, ignoreCase);
}
