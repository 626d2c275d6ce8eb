using System.Buffers;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search.Highlight;

namespace Search.SearchApi.Search;

/// <summary>
/// The snippet of a text for plain query words, exactly as Lucene's <see cref="Highlighter"/> makes it with a
/// <see cref="TermScorer"/>, our <see cref="SpanFragmenter"/> (without a phrase scorer), <see cref="MarkupEncoder"/> and a
/// &lt;mark&gt; formatter, but without objects per token: tokens are read from the stream's attributes, the text is
/// remembered as ranges of the original (pieces, marked or not) per fragment, and only the chosen fragments are written.
/// One instance serves one request's hits one after another (not thread-safe).
/// </summary>
/// <remarks>
/// What it reproduces: overlapping tokens form one group, marked once over the span of its scoring tokens (at most 50
/// tokens per group count); the gap before a group and the rest of a text within the analysed length are plain; a new
/// fragment starts at the first token of a group that ends at or beyond the next multiple of the fragment size while half
/// a fragment of text remains; the best fragments are the highest scores, ties to the earlier; fragments adjacent in the
/// text are merged; fragments scoring nothing are left out.
/// </remarks>
internal sealed class TermHighlighter(TermScorer scorer, int fragmentSize, int maxFragments, int maxCharsAnalyzed)
{
    /// <summary>Lucene's TokenGroup looks at no more tokens than this per group.</summary>
    private const int MaxTokensPerGroup = 50;

    private const string Pre = "<mark>";
    private const string Post = "</mark>";
    private const string Separator = " … ";

    private static readonly SearchValues<char> Markup = SearchValues.Create("&<>\"'");

    /// <summary>What <see cref="string.ReplaceLineEndings(string)"/> replaces (CR LF as one).</summary>
    private static readonly SearchValues<char> LineEndings = SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    private readonly int _maxFragments = Math.Max(1, maxFragments);
    private readonly StringBuilder _snippet = new();
    private Piece[] _pieces = new Piece[64];
    private Fragment[] _fragments = new Fragment[16];
    private char[] _buffer = new char[2 * 256];
    private int _pieceCount;
    private int _fragmentCount;

    /// <summary>Length of the marked-up text so far, counted so that it grows exactly when the marked-up text grows.</summary>
    private long _position;

    /// <summary>
    /// The snippet (fragments trimmed, line endings as spaces, joined by " … "), or null when no fragment holds a query
    /// word; <paramref name="offset"/> is where the best fragment's first mark lies in <paramref name="text"/>, found as
    /// the first occurrence of that fragment's text.
    /// </summary>
    public string? Highlight(TokenStream tokens, string text, out int? offset)
    {
        offset = null;
        Analyse(tokens, text);
        Span<int> chosen = stackalloc int[_maxFragments];
        Span<Fragment> shown = stackalloc Fragment[_maxFragments];
        var count = Merge(chosen[..Choose(chosen)], shown);
        if (count == 0)
        {
            return null;
        }

        offset = OffsetOf(shown[0], text);
        _snippet.Clear();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _snippet.Append(Separator);
            }

            AppendOneLine(Render(shown[i], text).Trim());
        }

        return _snippet.ToString();
    }

    /// <summary>Reads the tokens: groups them, scores them, splits the text into fragments of pieces.</summary>
    private void Analyse(TokenStream tokens, string text)
    {
        var offsets = tokens.AddAttribute<IOffsetAttribute>();
        tokens.AddAttribute<ICharTermAttribute>();
        tokens.Reset();
        _pieceCount = 0;
        _fragmentCount = 0;
        _position = 0;
        scorer.Init(tokens);
        StartFragment();

        var group = default(Group);
        var lastEnd = 0;
        var fragments = 1; // the fragmenter's count: the next fragment starts at fragmentSize * fragments
        try
        {
            while (!scorer.HasEnough && tokens.IncrementToken())
            {
                var start = offsets.StartOffset;
                var end = offsets.EndOffset;
                if (start >= maxCharsAnalyzed)
                {
                    break;
                }

                if (end > text.Length || start > text.Length)
                {
                    throw new InvalidTokenOffsetsException($"Token at {start}-{end} exceeds length of provided text sized {text.Length}");
                }

                if (group.Count > 0 && start >= group.End)
                {
                    lastEnd = Flush(ref group, lastEnd);
                    if (end >= fragmentSize * fragments && text.Length - end >= fragmentSize / 2)
                    {
                        fragments++;
                        EndFragment();
                        StartFragment();
                    }
                }

                group.Add(start, end, scorer.GetTokenScore());
            }

            if (group.Count > 0)
            {
                lastEnd = Flush(ref group, lastEnd);
            }

            if (lastEnd < text.Length && text.Length <= maxCharsAnalyzed)
            {
                AddPiece(lastEnd, text.Length, marked: false);
            }

            EndFragment();
        }
        finally
        {
            tokens.End();
        }
    }

    /// <summary>The plain text before a group and the group's match (marked when it scores); the new end of text written.</summary>
    private int Flush(ref Group group, int lastEnd)
    {
        if (group.MatchStart > lastEnd)
        {
            AddPiece(lastEnd, group.MatchStart, marked: false);
        }

        AddPiece(group.MatchStart, group.MatchEnd, marked: group.Total > 0);
        group.Count = 0;
        group.Total = 0;
        return Math.Max(group.MatchEnd, lastEnd);
    }

    private void AddPiece(int start, int end, bool marked)
    {
        _position += end - start + (marked ? 1 : 0);
        if (!marked)
        {
            if (end == start)
            {
                return;
            }

            // Plain text right after plain text of the same fragment is one piece.
            if (_pieceCount > _fragments[_fragmentCount - 1].FirstPiece
                && _pieces[_pieceCount - 1] is { Marked: false } last && last.End == start)
            {
                _pieces[_pieceCount - 1] = last with { End = end };
                return;
            }
        }

        if (_pieceCount == _pieces.Length)
        {
            Array.Resize(ref _pieces, _pieces.Length * 2);
        }

        _pieces[_pieceCount++] = new Piece(start, end, marked);
    }

    private void StartFragment()
    {
        if (_fragmentCount == _fragments.Length)
        {
            Array.Resize(ref _fragments, _fragments.Length * 2);
        }

        _fragments[_fragmentCount] = new Fragment { Number = _fragmentCount, FirstPiece = _pieceCount, Start = _position };
        scorer.StartFragment(_fragmentCount);
        _fragmentCount++;
    }

    private void EndFragment()
    {
        ref var fragment = ref _fragments[_fragmentCount - 1];
        fragment.Score = scorer.FragmentScore;
        fragment.EndPiece = _pieceCount;
        fragment.End = _position;
    }

    /// <summary>The best fragments, best first (as Lucene's fragment queue orders them: score, then the earlier).</summary>
    private int Choose(Span<int> chosen)
    {
        var count = 0;
        for (var f = 0; f < _fragmentCount; f++)
        {
            if (count == chosen.Length && !Better(f, chosen[count - 1]))
            {
                continue;
            }

            var at = Math.Min(count, chosen.Length - 1);
            while (at > 0 && Better(f, chosen[at - 1]))
            {
                chosen[at] = chosen[at - 1];
                at--;
            }

            chosen[at] = f;
            count = Math.Min(count + 1, chosen.Length);
        }

        return count;
    }

    private bool Better(int a, int b)
    {
        var (fa, fb) = (_fragments[a], _fragments[b]);
        return fa.Score == fb.Score ? fb.Number > fa.Number : fb.Score < fa.Score;
    }

    /// <summary>
    /// Merges chosen fragments that follow each other in the text, as Lucene does: the earlier one takes the later one's
    /// end and the higher score, and stays in the place of the better-scoring of the two. Then leaves out fragments that
    /// score nothing; returns how many are left (written to <paramref name="shown"/>, best first).
    /// </summary>
    private int Merge(ReadOnlySpan<int> chosen, Span<Fragment> shown)
    {
        Span<Fragment> merged = stackalloc Fragment[chosen.Length];
        Span<bool> present = stackalloc bool[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            merged[i] = _fragments[chosen[i]];
            present[i] = true;
        }

        bool again;
        do
        {
            again = false;
            for (var i = 0; i < merged.Length; i++)
            {
                for (var x = 0; x < merged.Length && present[i]; x++)
                {
                    // (Lucene also compares a fragment with itself, which loops forever on an empty fragment.)
                    if (x == i || !present[x])
                    {
                        continue;
                    }

                    int first, second;
                    if (merged[i].Start == merged[x].End)
                    {
                        (first, second) = (x, i);
                    }
                    else if (merged[x].Start == merged[i].End)
                    {
                        (first, second) = (i, x);
                    }
                    else
                    {
                        continue;
                    }

                    var (best, worst) = merged[first].Score > merged[second].Score ? (first, second) : (second, first);
                    var joined = merged[first];
                    joined.EndPiece = merged[second].EndPiece;
                    joined.End = merged[second].End;
                    joined.Score = Math.Max(merged[first].Score, merged[second].Score);
                    present[worst] = false;
                    merged[best] = joined;
                    present[best] = true;
                    again = true;
                }
            }
        }
        while (again);

        var count = 0;
        for (var i = 0; i < merged.Length; i++)
        {
            if (present[i] && merged[i].Score > 0)
            {
                shown[count++] = merged[i];
            }
        }

        return count;
    }

    /// <summary>Where the fragment's first mark lies: the first occurrence of its text in the text, plus the text before the mark.</summary>
    private int? OffsetOf(Fragment fragment, string text)
    {
        var before = 0;
        var contiguous = true;
        var marked = false;
        for (var p = fragment.FirstPiece; p < fragment.EndPiece; p++)
        {
            var piece = _pieces[p];
            contiguous &= p == fragment.FirstPiece || piece.Start == _pieces[p - 1].End;
            if (!marked && piece.Marked)
            {
                marked = true;
            }
            else if (!marked)
            {
                before += piece.End - piece.Start;
            }
        }

        int found;
        if (fragment.FirstPiece >= fragment.EndPiece)
        {
            found = 0;
        }
        else if (contiguous)
        {
            var start = _pieces[fragment.FirstPiece].Start;
            found = text.AsSpan().IndexOf(text.AsSpan(start, _pieces[fragment.EndPiece - 1].End - start));
        }
        else
        {
            var plain = new StringBuilder();
            for (var p = fragment.FirstPiece; p < fragment.EndPiece; p++)
            {
                plain.Append(text, _pieces[p].Start, _pieces[p].End - _pieces[p].Start);
            }

            found = text.IndexOf(plain.ToString(), StringComparison.Ordinal);
        }

        return found < 0 ? null : found + (marked ? before : 0);
    }

    /// <summary>The fragment marked up and escaped, in the reused buffer.</summary>
    private ReadOnlySpan<char> Render(Fragment fragment, string text)
    {
        var length = 0;
        for (var p = fragment.FirstPiece; p < fragment.EndPiece; p++)
        {
            var piece = _pieces[p];
            if (piece.Marked)
            {
                Write(Pre, ref length);
            }

            var rest = text.AsSpan(piece.Start, piece.End - piece.Start);
            var next = rest.IndexOfAny(Markup);
            while (next >= 0)
            {
                Write(rest[..next], ref length);
                Write(rest[next] switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    _ => "&#39;",
                }, ref length);
                rest = rest[(next + 1)..];
                next = rest.IndexOfAny(Markup);
            }

            Write(rest, ref length);
            if (piece.Marked)
            {
                Write(Post, ref length);
            }
        }

        return _buffer.AsSpan(0, length);
    }

    private void Write(ReadOnlySpan<char> chars, ref int length)
    {
        if (length + chars.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, length + chars.Length));
        }

        chars.CopyTo(_buffer.AsSpan(length));
        length += chars.Length;
    }

    /// <summary>Appends with every line ending (CR LF, CR, LF, FF, NEL, LS, PS) as one space.</summary>
    private void AppendOneLine(ReadOnlySpan<char> chars)
    {
        var next = chars.IndexOfAny(LineEndings);
        while (next >= 0)
        {
            _snippet.Append(chars[..next]).Append(' ');
            var skip = chars[next] == '\r' && next + 1 < chars.Length && chars[next + 1] == '\n' ? 2 : 1;
            chars = chars[(next + skip)..];
            next = chars.IndexOfAny(LineEndings);
        }

        _snippet.Append(chars);
    }

    /// <summary>A range of the text, written plain or marked.</summary>
    private readonly record struct Piece(int Start, int End, bool Marked);

    /// <summary>A fragment: its pieces, its score, and where it starts and ends in the marked-up text (to tell adjacency).</summary>
    private struct Fragment
    {
        public int Number;
        public int FirstPiece;
        public int EndPiece;
        public float Score;
        public long Start;
        public long End;
    }

    /// <summary>Overlapping tokens (as Lucene's TokenGroup): where they end, and the span of those that score.</summary>
    private struct Group
    {
        public int Count;
        public int End;
        public int MatchStart;
        public int MatchEnd;
        public float Total;

        public void Add(int start, int end, float score)
        {
            if (Count >= MaxTokensPerGroup)
            {
                return;
            }

            if (Count == 0)
            {
                (MatchStart, End, MatchEnd) = (start, end, end);
                Total += score;
            }
            else
            {
                End = Math.Max(End, end);
                if (score > 0)
                {
                    if (Total == 0)
                    {
                        (MatchStart, MatchEnd) = (start, end);
                    }
                    else
                    {
                        (MatchStart, MatchEnd) = (Math.Min(MatchStart, start), Math.Max(MatchEnd, end));
                    }

                    Total += score;
                }
            }

            Count++;
        }
    }
}
