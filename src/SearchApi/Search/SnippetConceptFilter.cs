using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.SearchApi.Search;

/// <summary>
/// The index side's concept step for <see cref="SnippetAnalyzer"/>: where the words of a concept form occur (the longest
/// form from the left, forms not overlapping), the concept token follows the form's first word at the same position,
/// with the offsets of the whole form — the tokens Lucene's SynonymFilter makes of the same map with <c>includeOrig</c>.
/// Unlike it, this filter copies a token only when it may begin a form of several words, not every token.
/// </summary>
internal sealed class SnippetConceptFilter : TokenFilter
{
    private readonly ConceptForms _forms;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private int _unreadAt;
    private bool _exhausted;

    /// <summary>Read ahead and not yet looked at as the start of a form (from <see cref="_unreadAt"/> on).</summary>
    private readonly List<State> _unread = [];

    /// <summary>Ready to be emitted: a token's state, or (state null) a concept token.</summary>
    private readonly Queue<(State? Token, string Concept, int Start, int End)> _ready = new();

    public SnippetConceptFilter(TokenStream input, ConceptForms forms)
        : base(input)
    {
        _forms = forms;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_ready.TryDequeue(out var ready))
        {
            if (ready.Token is not null)
            {
                RestoreState(ready.Token);
                return true;
            }

            ClearAttributes();
            _term.SetEmpty().Append(ready.Concept);
            _offset.SetOffset(ready.Start, ready.End);
            _position.PositionIncrement = 0;
            _type.Type = SynonymType;
            return true;
        }

        if (!Next())
        {
            return false;
        }

        if (!_forms.Starts.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_term.Buffer.AsSpan(0, _term.Length), out var node))
        {
            return true; // the usual case: no form begins with this word
        }

        var (start, end) = (_offset.StartOffset, _offset.EndOffset);
        if (node.Next.Count == 0)
        {
            // A one-word form: the concept token follows at once, nothing to look ahead for.
            _ready.Enqueue((null, node.Concept!, start, end));
            return true;
        }

        // Look ahead for the longest form; the tokens after it are read again as possible starts of forms.
        var first = CaptureState();
        var read = new List<(State Token, int End)>();
        var (matched, concept, matchEnd) = (node.Concept is null ? 0 : 1, node.Concept, end);
        while (node.Next.Count > 0 && Next())
        {
            read.Add((CaptureState(), _offset.EndOffset));
            if (!node.Next.TryGetValue(_term.ToString(), out var next))
            {
                break;
            }

            node = next;
            if (node.Concept is not null)
            {
                (matched, concept, matchEnd) = (read.Count + 1, node.Concept, _offset.EndOffset);
            }
        }

        if (matched > 0)
        {
            _ready.Enqueue((null, concept!, start, matchEnd));
        }

        var consumed = Math.Max(0, matched - 1);
        foreach (var (token, _) in read.Take(consumed))
        {
            _ready.Enqueue((token, string.Empty, 0, 0));
        }

        // The rest goes back in front of what is still unread, in order.
        var rest = _unread.GetRange(_unreadAt, _unread.Count - _unreadAt);
        _unread.Clear();
        _unread.AddRange(read.Skip(consumed).Select(r => r.Token));
        _unread.AddRange(rest);
        _unreadAt = 0;

        RestoreState(first);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _unread.Clear();
        _unreadAt = 0;
        _ready.Clear();
        _exhausted = false;
    }

    /// <summary>The type Lucene's SynonymFilter gives the tokens it adds.</summary>
    private const string SynonymType = "SYNONYM";

    /// <summary>The next token to look at: one read ahead earlier, else the input's next.</summary>
    private bool Next()
    {
        if (_unreadAt < _unread.Count)
        {
            RestoreState(_unread[_unreadAt++]);
            return true;
        }

        _exhausted = _exhausted || !m_input.IncrementToken();
        return !_exhausted;
    }
}

/// <summary>Concept forms as a tree of words: the forms beginning with a word, and the concept a complete form stands for.</summary>
internal sealed class ConceptForms
{
    public Dictionary<string, Node> Starts { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a form (its words as the chain sees them at this point) for a concept token.</summary>
    public void Add(IReadOnlyList<string> words, string concept)
    {
        var level = Starts;
        Node? node = null;
        foreach (var word in words)
        {
            if (!level.TryGetValue(word, out node))
            {
                level[word] = node = new Node();
            }

            level = node.Next;
        }

        node!.Concept ??= concept;
    }

    public sealed class Node
    {
        public Dictionary<string, Node> Next { get; } = new(StringComparer.Ordinal);

        public string? Concept { get; set; }
    }
}
