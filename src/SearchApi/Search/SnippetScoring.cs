using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search.Highlight;

namespace Search.SearchApi.Search;

/// <summary>
/// Fragments of about <c>fragmentSize</c> characters that do not cut a matched phrase in two. Lucene's SimpleSpanFragmenter
/// waits for the exact position after a phrase, which a removed stopword can skip, and then never starts a new fragment
/// (a snippet of the whole text); this one waits until that position is reached or passed.
/// </summary>
internal sealed class SpanFragmenter(QueryScorer? scorer, int fragmentSize) : IFragmenter
{
    private ICharTermAttribute? _term;
    private IPositionIncrementAttribute? _position;
    private IOffsetAttribute? _offset;
    private int _at;
    private int _waitFor;
    private int _textSize;
    private int _fragments;

    public void Start(string originalText, TokenStream tokenStream)
    {
        _at = -1;
        _waitFor = -1;
        _fragments = 1;
        _textSize = originalText.Length;
        _term = tokenStream.AddAttribute<ICharTermAttribute>();
        _position = tokenStream.AddAttribute<IPositionIncrementAttribute>();
        _offset = tokenStream.AddAttribute<IOffsetAttribute>();
    }

    public bool IsNewFragment()
    {
        _at += _position!.PositionIncrement;
        if (_waitFor >= 0)
        {
            if (_at < _waitFor)
            {
                return false;
            }

            _waitFor = -1;
        }

        if (scorer?.GetWeightedSpanTerm(_term!.ToString()) is { IsPositionSensitive: true } span)
        {
            foreach (var positions in span.PositionSpans)
            {
                if (positions.Start == _at)
                {
                    _waitFor = positions.End + 1;
                    break;
                }
            }
        }

        var end = _offset!.EndOffset;
        var isNew = end >= fragmentSize * _fragments && _textSize - end >= fragmentSize / 2;
        if (isNew)
        {
            _fragments++;
        }

        return isNew;
    }
}

/// <summary>
/// Scores tokens as Lucene's QueryScorer does for plain terms (a fragment scores the weights of the distinct query words it
/// holds), from weights computed once, without a string per token. It also counts the fragments that hold every word:
/// once there are as many as the snippet shows, no later fragment can replace them (ties go to the earlier fragment).
/// </summary>
internal sealed class TermScorer : IScorer
{
    private readonly Dictionary<string, float> _all;
    private readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _weights;
    private readonly HashSet<string> _found = new(StringComparer.Ordinal);
    private readonly int _wanted;
    private double _complete;
    private ICharTermAttribute? _term;
    private int _completeFragments;

    /// <summary>Summed in double precision, so that fragments holding the same words tie exactly whatever their order.</summary>
    private double _score;

    public TermScorer(Dictionary<string, float> weights, int wanted)
    {
        _all = weights;
        _weights = weights.GetAlternateLookup<ReadOnlySpan<char>>();
        _wanted = wanted;
        Expect(_ => true);
    }

    /// <summary>
    /// Sets which of the words the next text holds: a fragment holding all of those is complete. (Words the text does not
    /// hold cannot raise any fragment's score.)
    /// </summary>
    public void Expect(Func<string, bool> inText)
    {
        var held = _all.Where(w => inText(w.Key)).Select(w => (double)w.Value).ToList();
        _complete = held.Count == 0 ? 0 : held.Sum() - (held.Min() / 2); // a fragment missing a word scores at least that word less
    }

    public float FragmentScore => (float)_score;

    /// <summary>Whether the fragments read so far already make the snippet: reading on cannot change it.</summary>
    public bool HasEnough => _completeFragments >= _wanted;

    public TokenStream? Init(TokenStream tokenStream)
    {
        _term = tokenStream.AddAttribute<ICharTermAttribute>();
        _completeFragments = 0;
        _score = 0;
        return null;
    }

    public void StartFragment(TextFragment newFragment) => StartFragment(newFragment.FragNum);

    /// <summary>Fragment number <paramref name="number"/> starts (0 first, before any token).</summary>
    public void StartFragment(int number)
    {
        // The highlighter has just scored the fragment before this one (the first call comes before any fragment).
        if (number > 0 && _score >= _complete)
        {
            _completeFragments++;
        }

        _found.Clear();
        _score = 0;
    }

    public float GetTokenScore()
    {
        if (!_weights.TryGetValue(_term!.Buffer.AsSpan(0, _term.Length), out var term, out var weight))
        {
            return 0;
        }

        if (_found.Add(term))
        {
            _score += weight;
        }

        return weight;
    }
}

/// <summary>Ends the token stream as soon as the scorer has the fragments it needs (the rest of the text is not analysed).</summary>
internal sealed class UntilEnough(TokenStream input, TermScorer scorer) : TokenFilter(input)
{
    public override bool IncrementToken() => !scorer.HasEnough && m_input.IncrementToken();
}
