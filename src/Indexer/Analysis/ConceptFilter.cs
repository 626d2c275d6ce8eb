using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// Index-time concepts: keeps every word and adds the concept token of a form (<c>openbaar ministerie</c> →
/// <c>x_om</c>) at the position of the form's first word, spanning the form (position length = its number of words,
/// offsets from its first to its last word, type <see cref="ConceptType"/>). Where forms overlap, the longest form
/// starting at a word wins and matching resumes after it. The tokens are exactly those of Lucene's
/// <see cref="SynonymFilter"/> over a map whose rules keep the original words (the golden-token tests and a differential
/// test pin this), without its cost per word: one lookup, and no captured state unless a word starts a longer form.
/// It restores buffered words attribute by attribute, so it accepts only the attributes of the Dutch chain upstream.
/// </summary>
public sealed class ConceptFilter : TokenFilter
{
    public const string ConceptType = SynonymFilter.TYPE_SYNONYM;

    private static readonly Type[] KnownAttributes =
    [
        typeof(ICharTermAttribute), typeof(ITermToBytesRefAttribute), typeof(IOffsetAttribute), typeof(IPositionIncrementAttribute),
        typeof(IPositionLengthAttribute), typeof(ITypeAttribute), typeof(IKeywordAttribute),
    ];

    private readonly ConceptForms _forms;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly IPositionLengthAttribute _positionLength;
    private readonly ITypeAttribute _type;
    private readonly IKeywordAttribute _keyword;
    private SavedToken[] _saved = new SavedToken[4];
    private int _head;
    private int _count;
    private int _decided; // saved words at the front that are matched (or not) and go out as they came
    private bool _exhausted;
    private string? _concept;
    private bool _conceptAfterNext; // the concept goes out right after the next word, the first of its form
    private bool _conceptDue;
    private int _conceptStart;
    private int _conceptEnd;
    private int _conceptLength;
    private char[] _key = new char[64];

    internal ConceptFilter(TokenStream input, ConceptForms forms)
        : base(input)
    {
        _forms = forms;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _positionLength = AddAttribute<IPositionLengthAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
        using var attributes = GetAttributeClassesEnumerator();
        while (attributes.MoveNext())
        {
            if (Array.IndexOf(KnownAttributes, attributes.Current) < 0)
            {
                throw new InvalidOperationException($"{nameof(ConceptFilter)} cannot buffer the attribute {attributes.Current.Name}.");
            }
        }
    }

    public override bool IncrementToken()
    {
        while (true)
        {
            if (_conceptDue)
            {
                _conceptDue = false;
                ClearAttributes();
                _term.SetEmpty().Append(_concept!);
                _type.Type = ConceptType;
                _offset.SetOffset(_conceptStart, _conceptEnd);
                _position.PositionIncrement = 0;
                _positionLength.PositionLength = _conceptLength;
                _concept = null;
                return true;
            }

            if (_decided > 0)
            {
                Restore(Dequeue());
                _decided--;
                _conceptDue = _conceptAfterNext;
                _conceptAfterNext = false;
                return true;
            }

            if (_count == 0)
            {
                if (!Pull())
                {
                    return false;
                }

                var word = _term.Buffer.AsSpan(0, _term.Length);
                if (!_forms.MayStart(word))
                {
                    return true; // most words
                }

                var entry = _forms.Find(word);
                if (!entry.Continues)
                {
                    if (entry.Token is not null)
                    {
                        StartConcept(entry.Token, _offset.StartOffset, _offset.EndOffset, 1);
                        _conceptDue = true;
                    }

                    return true; // the word itself, as it came
                }

                Save();
            }

            Match();
        }
    }

    public override void Reset()
    {
        base.Reset();
        _head = 0;
        _count = 0;
        _decided = 0;
        _exhausted = false;
        _concept = null;
        _conceptAfterNext = false;
        _conceptDue = false;
    }

    /// <summary>The longest form starting at the first saved word, pulling more words while a longer form may follow.</summary>
    private void Match()
    {
        var matched = 0;
        string? token = null;
        var keyLength = AppendKey(0, At(0));
        for (var words = 1; ; words++)
        {
            var entry = _forms.Find(_key.AsSpan(0, keyLength));
            if (entry.Token is not null)
            {
                (matched, token) = (words, entry.Token);
            }

            if (!entry.Continues || (words == _count && !PullAndSave()))
            {
                break;
            }

            _key[keyLength++] = ConceptForms.Separator;
            keyLength = AppendKey(keyLength, At(words));
        }

        if (token is null)
        {
            _decided = 1;
            return;
        }

        StartConcept(token, At(0).Start, At(matched - 1).End, matched);
        _conceptAfterNext = true;
        _decided = matched;
    }

    private void StartConcept(string token, int start, int end, int words)
    {
        _concept = token;
        _conceptStart = start;
        _conceptEnd = end;
        _conceptLength = words;
    }

    private int AppendKey(int at, in SavedToken word)
    {
        if (_key.Length < at + word.Length + 1)
        {
            Array.Resize(ref _key, Math.Max(_key.Length * 2, at + word.Length + 1));
        }

        word.Term.AsSpan(0, word.Length).CopyTo(_key.AsSpan(at));
        return at + word.Length;
    }

    private bool Pull()
    {
        if (_exhausted || !m_input.IncrementToken())
        {
            _exhausted = true;
            return false;
        }

        return true;
    }

    private bool PullAndSave()
    {
        if (!Pull())
        {
            return false;
        }

        Save();
        return true;
    }

    private ref SavedToken At(int index) => ref _saved[(_head + index) % _saved.Length];

    private void Save()
    {
        if (_count == _saved.Length)
        {
            var grown = new SavedToken[_saved.Length * 2];
            for (var i = 0; i < _count; i++)
            {
                grown[i] = At(i);
            }

            _saved = grown;
            _head = 0;
        }

        ref var slot = ref At(_count++);
        if (slot.Term is null || slot.Term.Length < _term.Length)
        {
            slot.Term = new char[Math.Max(16, _term.Length)];
        }

        _term.Buffer.AsSpan(0, _term.Length).CopyTo(slot.Term);
        slot.Length = _term.Length;
        slot.Start = _offset.StartOffset;
        slot.End = _offset.EndOffset;
        slot.PositionIncrement = _position.PositionIncrement;
        slot.PositionLength = _positionLength.PositionLength;
        slot.Type = _type.Type;
        slot.Keyword = _keyword.IsKeyword;
    }

    private SavedToken Dequeue()
    {
        var token = At(0);
        _head = (_head + 1) % _saved.Length;
        _count--;
        return token;
    }

    private void Restore(in SavedToken token)
    {
        ClearAttributes();
        _term.CopyBuffer(token.Term, 0, token.Length);
        _offset.SetOffset(token.Start, token.End);
        _position.PositionIncrement = token.PositionIncrement;
        _positionLength.PositionLength = token.PositionLength;
        _type.Type = token.Type;
        _keyword.IsKeyword = token.Keyword;
    }

    /// <summary>A buffered word; the character array is kept for the next word saved in the same slot.</summary>
    private struct SavedToken
    {
        public char[] Term;
        public int Length;
        public int Start;
        public int End;
        public int PositionIncrement;
        public int PositionLength;
        public string Type;
        public bool Keyword;
    }
}
