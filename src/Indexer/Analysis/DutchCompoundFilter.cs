using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Index-time decompounding with the <see cref="CompoundSegmenter"/>: the original token is kept and its parts
/// follow it at the same position (position increment 0) with the compound's offsets and type <see cref="PartType"/>,
/// so that a search for <c>inbraak</c> finds <c>woninginbraak</c> and the highlighter marks the whole compound.
/// Keywords (acronyms, concept tokens) are not split.
/// </summary>
public sealed class DutchCompoundFilter : TokenFilter
{
    public const string PartType = "<COMPOUND_PART>";

    private readonly CompoundSegmenter _segmenter;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private readonly Queue<string> _parts = new();
    private State? _state;

    public DutchCompoundFilter(TokenStream input, CompoundSegmenter segmenter)
        : base(input)
    {
        _segmenter = segmenter;
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_parts.Count > 0)
        {
            RestoreState(_state);
            _term.SetEmpty().Append(_parts.Dequeue());
            _position.PositionIncrement = 0;
            _type.Type = PartType;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        if (!_keyword.IsKeyword && _term.Length >= CompoundSegmenter.MinWordLength)
        {
            var word = _term.Buffer.AsSpan(0, _term.Length);
            var parts = _segmenter.Segment(word);
            if (parts.Count > 0)
            {
                foreach (var part in parts)
                {
                    _parts.Enqueue(word.Slice(part.Start, part.Length).ToString());
                }

                _state = CaptureState();
            }
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _parts.Clear();
        _state = null;
    }
}
