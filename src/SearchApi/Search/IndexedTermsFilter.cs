using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.SearchApi.Search;

/// <summary>
/// Gives each word of a <see cref="DutchLayoutAnalyzer"/> stream the query words that the index holds at its position:
/// one token per such word, at the word's position and with its offsets; a word holding none keeps one token with an
/// empty term (it scores nothing). A highlighter then scores the text as it would score the index chain's tokens, without
/// stemming or decompounding the text again. Concept tokens pass unchanged (the layout makes them as the index chain does).
/// </summary>
internal sealed class IndexedTermsFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly ITypeAttribute _type;
    private readonly IndexedPositions _positions;
    private int _position;
    private int _next;
    private int _pending;
    private int _pendingEnd;

    public IndexedTermsFilter(TokenStream input, IndexedPositions positions)
        : base(input)
    {
        _positions = positions;
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending < _pendingEnd)
        {
            _term.SetEmpty().Append(_positions.WordAt(_pending++));
            _increment.PositionIncrement = 0;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        _position += _increment.PositionIncrement;
        if (_type.Type == ConceptFilter.ConceptType)
        {
            return true;
        }

        while (_next < _positions.Count && _positions.PositionAt(_next) < _position)
        {
            _next++; // a position the layout has no word for (an index made by another chain): nothing to mark there
        }

        var first = _next;
        while (_next < _positions.Count && _positions.PositionAt(_next) == _position)
        {
            _next++;
        }

        if (first == _next)
        {
            _term.SetEmpty();
            return true;
        }

        _term.SetEmpty().Append(_positions.WordAt(first));
        (_pending, _pendingEnd) = (first + 1, _next);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        (_position, _next, _pending, _pendingEnd) = (-1, 0, 0, 0);
    }
}

/// <summary>
/// Where query words occur in one text, as the index holds them: (position, word) pairs in position order. Refilled per
/// text (<see cref="Clear"/>, <see cref="Add"/>, <see cref="Sort"/>); one instance serves one request's hits one after another.
/// </summary>
internal sealed class IndexedPositions(IReadOnlyList<string> words)
{
    private long[] _pairs = new long[64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Word number <paramref name="word"/> (of the words given) occurs at <paramref name="position"/>.</summary>
    public void Add(int position, int word)
    {
        if (Count == _pairs.Length)
        {
            Array.Resize(ref _pairs, _pairs.Length * 2);
        }

        _pairs[Count++] = ((long)position << 16) | (uint)word;
    }

    public void Sort() => Array.Sort(_pairs, 0, Count);

    public int PositionAt(int index) => (int)(_pairs[index] >> 16);

    public string WordAt(int index) => words[(int)(_pairs[index] & 0xFFFF)];
}
