using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// The per-word end of the Dutch chain, memoised: stopwords (keywords kept) → concept tokens marked as keywords →
/// <see cref="DutchDiminutiveFilter"/> → [index: <see cref="DutchCompoundFilter"/>] → stem overrides → Snowball
/// "Dutch" → <see cref="UndoubleConsonantFilter"/> → duplicates at one position removed. Everything but the last step
/// depends on the word alone, so the first time a word is seen it is run through those very filters and the result
/// (the stem and the stems of its compound parts) is remembered (<see cref="DutchWordMemo"/>); the next occurrence
/// costs one lookup instead of a decompounding search, a regex and a Snowball run. Tokens, positions, offsets, types
/// and keyword flags are exactly those of the filters chained one by one (pinned by the golden-token and equivalence
/// tests). Keywords (acronyms) pass unchanged. Must be the last filter: compound parts keep the offsets and position
/// length of their compound.
/// </summary>
public sealed class DutchWordFilter : TokenFilter
{
    private readonly DutchWordMemo _words;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;
    private readonly IPositionIncrementAttribute _position;
    private readonly IPositionLengthAttribute _positionLength;
    private readonly IOffsetAttribute _offset;
    private readonly ITypeAttribute _type;
    private readonly PositionTerms _seen = new();
    private WordPart[]? _parts;
    private int _nextPart;
    private int _partStart;
    private int _partEnd;
    private int _partLength;
    private int _skippedPositions;

    /// <param name="input">The stream after the concept filters.</param>
    /// <param name="resources">Stopwords, concepts, diminutive exceptions, compounds and stem overrides.</param>
    /// <param name="decompound">Split compounds (index time).</param>
    /// <param name="memoCapacity">Words per memo generation.</param>
    public DutchWordFilter(TokenStream input, AnalysisResources resources, bool decompound, int memoCapacity = DutchWordMemo.DefaultCapacity)
        : base(input)
    {
        _words = new DutchWordMemo(resources, decompound, memoCapacity);
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _positionLength = AddAttribute<IPositionLengthAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        while (true)
        {
            if (_parts is not null)
            {
                if (_nextPart < _parts.Length)
                {
                    var part = _parts[_nextPart++];
                    if (IsDuplicate(part.Term, 0))
                    {
                        continue;
                    }

                    _term.SetEmpty().Append(part.Term);
                    _keyword.IsKeyword = part.Keyword;
                    _position.PositionIncrement = 0;
                    _positionLength.PositionLength = _partLength;
                    _offset.SetOffset(_partStart, _partEnd);
                    _type.Type = DutchCompoundFilter.PartType;
                    return true;
                }

                _parts = null;
            }

            if (!m_input.IncrementToken())
            {
                return false;
            }

            if (!_keyword.IsKeyword)
            {
                var word = _words.Find(_term.Buffer, _term.Length);
                if ((word.Flags & WordFlags.Stopword) != 0)
                {
                    _skippedPositions += _position.PositionIncrement;
                    continue;
                }

                if ((word.Flags & WordFlags.Changed) != 0)
                {
                    _term.CopyBuffer(word.Chars, word.StemStart, word.StemLength);
                }

                _keyword.IsKeyword = (word.Flags & WordFlags.Keyword) != 0;
                if (word.Parts is not null)
                {
                    _parts = word.Parts;
                    _nextPart = 0;
                    _partStart = _offset.StartOffset;
                    _partEnd = _offset.EndOffset;
                    _partLength = _positionLength.PositionLength;
                }
            }

            if (_skippedPositions != 0)
            {
                _position.PositionIncrement += _skippedPositions;
                _skippedPositions = 0;
            }

            if (!IsDuplicate(_term.Buffer.AsSpan(0, _term.Length), _position.PositionIncrement))
            {
                return true;
            }
        }
    }

    public override void End()
    {
        base.End();
        _position.PositionIncrement += _skippedPositions;
    }

    public override void Reset()
    {
        base.Reset();
        _parts = null;
        _skippedPositions = 0;
        _seen.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _words.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>As RemoveDuplicatesTokenFilter: a token at the same position as an equal earlier one is dropped.</summary>
    private bool IsDuplicate(ReadOnlySpan<char> term, int positionIncrement)
    {
        if (positionIncrement > 0)
        {
            _seen.Clear();
        }

        var duplicate = positionIncrement == 0 && _seen.Contains(term);
        _seen.Add(term);
        return duplicate;
    }

    /// <summary>The terms seen at the current position, in reused buffers.</summary>
    private sealed class PositionTerms
    {
        private char[][] _terms = [];
        private int[] _lengths = [];
        private int _count;

        public void Clear() => _count = 0;

        public bool Contains(ReadOnlySpan<char> term)
        {
            for (var i = 0; i < _count; i++)
            {
                if (term.SequenceEqual(_terms[i].AsSpan(0, _lengths[i])))
                {
                    return true;
                }
            }

            return false;
        }

        public void Add(ReadOnlySpan<char> term)
        {
            if (_count == _terms.Length)
            {
                Array.Resize(ref _terms, Math.Max(4, _count * 2));
                Array.Resize(ref _lengths, _terms.Length);
            }

            if (_terms[_count] is null || _terms[_count].Length < term.Length)
            {
                _terms[_count] = new char[Math.Max(16, term.Length)];
            }

            term.CopyTo(_terms[_count]);
            _lengths[_count++] = term.Length;
        }
    }
}
