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
/// holds), from weights computed once, without a string per token. It also says when reading further cannot change the
/// snippet: once there are as many fragments holding every word as the snippet shows (ties go to the earlier fragment),
/// or, when the index told where each word last occurs in the text, once the fragments read so far score at least what
/// the words still to come could add up to.
/// </summary>
internal sealed class TermScorer : IScorer
{
    private readonly Dictionary<string, float> _all;
    private readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _weights;
    private readonly HashSet<string> _found = new(StringComparer.Ordinal);
    private readonly int _wanted;
    private double _complete;
    private ICharTermAttribute? _term;
    private IPositionIncrementAttribute? _increment;
    private int _completeFragments;
    private bool _enough;

    /// <summary>The words the text holds with where each occurs last, in query order; null when the positions are unknown.</summary>
    private (int Position, double Weight)[]? _held;

    /// <summary>The best scores of the fragments read so far, best first (negative infinity until as many have ended).</summary>
    private readonly double[] _best;

    /// <summary>Position of the last token scored (-1 before the first, as Lucene counts positions).</summary>
    private int _position;

    /// <summary>Summed in double precision, so that fragments holding the same words tie exactly whatever their order.</summary>
    private double _score;

    /// <summary>The words scored.</summary>
    public IReadOnlyCollection<string> Words => _all.Keys;

    public TermScorer(Dictionary<string, float> weights, int wanted)
    {
        _all = weights;
        _weights = weights.GetAlternateLookup<ReadOnlySpan<char>>();
        _wanted = wanted;
        _best = new double[Math.Max(1, wanted)];
        Expect(_ => true);
    }

    /// <summary>
    /// Sets which of the words the next text holds: a fragment holding all of those is complete. (Words the text does not
    /// hold cannot raise any fragment's score.)
    /// </summary>
    public void Expect(Func<string, bool> inText)
    {
        SetComplete(_all.Where(w => inText(w.Key)).Select(w => (double)w.Value).ToList());
        _held = null;
    }

    /// <summary>What a fragment holding all of the words the text holds scores at least (their weights in query order).</summary>
    private void SetComplete(List<double> held) =>
        _complete = held.Count == 0 ? 0 : held.Sum() - (held.Min() / 2); // a fragment missing a word scores at least that word less

    /// <summary>
    /// Sets where in the next text (its token positions, as the index holds them) each word occurs last, or -1 where it
    /// does not occur: as <see cref="Expect(Func{string, bool})"/>, and a fragment starting after a word's last position
    /// cannot hold that word.
    /// </summary>
    public void Expect(Func<string, int> lastPosition)
    {
        // Each word's position is looked up once (a term seek and its positions in the index).
        _held = _all.Select(w => (Position: lastPosition(w.Key), Weight: (double)w.Value)).Where(w => w.Position >= 0).ToArray();
        SetComplete(_held.Select(w => w.Weight).ToList());
    }

    public float FragmentScore => (float)_score;

    /// <summary>Whether the fragments read so far already make the snippet: reading on cannot change it.</summary>
    public bool HasEnough => _enough || _completeFragments >= _wanted;

    /// <summary>Whether reading stopped early because of where the words occur last (and not for complete fragments alone).</summary>
    internal bool StoppedByPositions => _enough && _completeFragments < _wanted;

    public TokenStream? Init(TokenStream tokenStream)
    {
        _term = tokenStream.AddAttribute<ICharTermAttribute>();
        _increment = tokenStream.AddAttribute<IPositionIncrementAttribute>();
        _completeFragments = 0;
        _score = 0;
        _position = -1;
        Array.Fill(_best, double.NegativeInfinity);
        _enough = false;
        return null;
    }

    public void StartFragment(TextFragment newFragment) => StartFragment(newFragment.FragNum);

    /// <summary>Fragment number <paramref name="number"/> starts (0 first, before any token; later ones at the token that starts them).</summary>
    public void StartFragment(int number)
    {
        // The highlighter has just scored the fragment before this one (the first call comes before any fragment).
        if (number > 0)
        {
            if (_score >= _complete)
            {
                _completeFragments++;
            }

            Rank(_score);
            _enough = _best[^1] >= Remaining(_position + _increment!.PositionIncrement);
        }

        _found.Clear();
        _score = 0;
    }

    public float GetTokenScore()
    {
        _position += _increment!.PositionIncrement;
        if (_term!.Length == 0 || !_weights.TryGetValue(_term!.Buffer.AsSpan(0, _term.Length), out var term, out var weight))
        {
            return 0;
        }

        if (_found.Add(term))
        {
            _score += weight;
        }

        return weight;
    }

    /// <summary>
    /// The most a fragment starting at <paramref name="position"/> or later can score: the weights of the words occurring
    /// there or later. Without positions, unbounded. (A later fragment must score more than the kept ones to replace them.)
    /// </summary>
    private double Remaining(int position)
    {
        if (_held is null)
        {
            return _complete > 0 ? double.PositiveInfinity : 0;
        }

        var sum = 0d;
        foreach (var (last, weight) in _held)
        {
            sum += last >= position ? weight : 0;
        }

        return sum;
    }

    /// <summary>Keeps a finished fragment's score among the best.</summary>
    private void Rank(double score)
    {
        if (score <= _best[^1])
        {
            return;
        }

        var at = _best.Length - 1;
        for (; at > 0 && _best[at - 1] < score; at--)
        {
            _best[at] = _best[at - 1];
        }

        _best[at] = score;
    }
}

/// <summary>Ends the token stream as soon as the scorer has the fragments it needs (the rest of the text is not analysed).</summary>
internal sealed class UntilEnough(TokenStream input, TermScorer scorer) : TokenFilter(input)
{
    public override bool IncrementToken() => !scorer.HasEnough && m_input.IncrementToken();
}
