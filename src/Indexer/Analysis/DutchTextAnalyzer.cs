using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
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
/// StandardTokenizer → possessive 's → acronyms marked as keywords → case-sensitive acronym concepts (OM → x_om)
/// → lower case → ASCII folding → concepts (openbaar ministerie → x_om) → [query: synonyms] → stopwords (keywords kept)
/// → diminutives and -es plurals → [index: decompounding] → concept tokens marked as keywords → stem overrides
/// → Snowball "Dutch" (Porter, not Kp) → undoubling → duplicates removed
/// </code>
/// Build one through <see cref="DutchAnalyzers"/>; an instance is immutable and thread-safe.
/// </summary>
public sealed class DutchTextAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>An index-time analyzer on the built-in resources.</summary>
    public DutchTextAnalyzer()
        : this(AnalysisResources.Default, AnalysisMode.Index)
    {
    }

    public DutchTextAnalyzer(AnalysisResources resources, AnalysisMode mode)
    {
        Resources = resources;
        Mode = mode;
    }

    public AnalysisResources Resources { get; }

    public AnalysisMode Mode { get; }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var concepts = Resources.Concepts;
        var index = Mode == AnalysisMode.Index;
        var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 100 };
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new AcronymKeywordFilter(stream);
        stream = Synonyms(stream, index ? concepts.ExactIndex : concepts.ExactQuery, ignoreCase: false);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = Synonyms(stream, index ? concepts.FoldedIndex : concepts.FoldedQuery, ignoreCase: false);
        if (!index)
        {
            stream = Synonyms(stream, concepts.QuerySynonyms, ignoreCase: false);
        }

        stream = new DutchStopFilter(Version, stream, Resources.Stopwords);
        stream = new SetKeywordMarkerFilter(stream, concepts.Tokens);
        stream = new DutchDiminutiveFilter(stream, Resources.DiminutiveExceptions);
        if (index)
        {
            stream = new DutchCompoundFilter(stream, Resources.Compounds);
        }

        stream = new StemmerOverrideFilter(stream, Resources.StemOverrides);
        stream = new SnowballFilter(stream, "Dutch");
        stream = new UndoubleConsonantFilter(stream);
        stream = new RemoveDuplicatesTokenFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    private static TokenStream Synonyms(TokenStream stream, SynonymMap? map, bool ignoreCase) =>
        map is null ? stream : new SynonymFilter(stream, map, ignoreCase);
}
