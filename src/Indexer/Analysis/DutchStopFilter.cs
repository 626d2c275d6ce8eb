using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>Removes Dutch stopwords, except tokens marked as keywords (acronyms such as OM).</summary>
public sealed class DutchStopFilter : FilteringTokenFilter
{
    private readonly CharArraySet _stopwords;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public DutchStopFilter(LuceneVersion version, TokenStream input, CharArraySet stopwords)
        : base(version, input)
    {
        _stopwords = stopwords;
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    protected override bool Accept() => _keyword.IsKeyword || !_stopwords.Contains(_term.Buffer, 0, _term.Length);
}
