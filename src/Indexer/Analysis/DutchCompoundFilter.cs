using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Index-time decompounding with the <see cref="CompoundSegmenter"/>: the original token is kept and its parts
/// follow it at the same position (position increment 0) with the compound's offsets and type <see cref="PartType"/>,
/// so that a search for <c>inbraak</c> finds <c>woninginbraak</c> and the highlighter marks the whole compound.
/// Keywords (acronyms, concept tokens) are not split. A part restores the compound's keyword flag (false), offsets
/// and position length, which is cheaper than capturing and restoring every attribute: filters after this one may
/// change only the term and the keyword flag, as the stemmers do. The analyzers run it inside
/// <see cref="DutchWordFilter"/>, memoised.
/// </summary>
public sealed class DutchCompoundFilter : TokenFilter
{
    public const string PartType = "<COMPOUND_PART>";

    private readonly CompoundSegmenter _segmenter;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionLengthAttribute _positionLength;
    private readonly Queue<string> _parts = new();
    private int _start;
    private int _end;
    private int _length;

    public DutchCompoundFilter(TokenStream input, CompoundSegmenter segmenter)
        : base(input)
    {
        _segmenter = segmenter;
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _positionLength = AddAttribute<IPositionLengthAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_parts.Count > 0)
        {
            _term.SetEmpty().Append(_parts.Dequeue());
            _keyword.IsKeyword = false; // only non-keywords are split
            _offset.SetOffset(_start, _end);
            _positionLength.PositionLength = _length;
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

                _start = _offset.StartOffset;
                _end = _offset.EndOffset;
                _length = _positionLength.PositionLength;
            }
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _parts.Clear();
    }
}
