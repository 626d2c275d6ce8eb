using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Where the index-time Dutch chain puts its tokens, without working out their terms: every word the chain keeps comes
/// out once, at the position and with the offsets of the chain's tokens for it (its term lower-cased and folded, not
/// stemmed or split), and the concept tokens of the forms in the text come out as the chain makes them (term, position
/// and span). Stopwords are dropped as the chain drops them, their positions kept. A highlighter that knows from the
/// index's positions which query words each word holds lays out a text with this at less than half the cost of the
/// whole chain (no stemming, decompounding or per-word memo).
/// </summary>
public sealed class DutchLayoutAnalyzer(AnalysisResources resources) : Analyzer
{
    /// <summary>The stopwords, in a set that refuses most words by their length and first letter alone.</summary>
    private readonly WordSet _stopwords = new(resources.Stopwords);

    public AnalysisResources Resources { get; } = resources;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var (tokenizer, stream) = DutchTextAnalyzer.Words(reader, Resources.Concepts, index: true);
        return new TokenStreamComponents(tokenizer, new LayoutFilter(stream, _stopwords));
    }

    /// <summary>
    /// What <see cref="DutchWordFilter"/> drops, without its per-word work: stopwords (keywords kept), their positions
    /// added to the next token; and a concept token already made at its position (an acronym matched both as written and
    /// folded).
    /// </summary>
    private sealed class LayoutFilter : TokenFilter
    {
        private readonly WordSet _stopwords;
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;
        private readonly IPositionIncrementAttribute _increment;
        private readonly ITypeAttribute _type;
        private readonly List<string> _concepts = [];
        private int _skipped;

        public LayoutFilter(TokenStream input, WordSet stopwords)
            : base(input)
        {
            _stopwords = stopwords;
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        public override bool IncrementToken()
        {
            while (m_input.IncrementToken())
            {
                var concept = _type.Type == ConceptFilter.ConceptType;
                if (!concept && !_keyword.IsKeyword && _stopwords.Contains(_term.Buffer.AsSpan(0, _term.Length)))
                {
                    _skipped += _increment.PositionIncrement;
                    continue;
                }

                _increment.PositionIncrement += _skipped;
                _skipped = 0;
                if (_increment.PositionIncrement > 0)
                {
                    _concepts.Clear();
                }

                if (concept)
                {
                    var term = _term.ToString();
                    if (_concepts.Contains(term))
                    {
                        _skipped += _increment.PositionIncrement;
                        continue;
                    }

                    _concepts.Add(term);
                }

                return true;
            }

            return false;
        }

        public override void End()
        {
            base.End();
            _increment.PositionIncrement += _skipped;
        }

        public override void Reset()
        {
            base.Reset();
            _skipped = 0;
            _concepts.Clear();
        }
    }
}
