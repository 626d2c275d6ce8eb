namespace Search.Indexer.Analysis;

/// <summary>A part of a compound: a span of the word.</summary>
public readonly record struct CompoundPart(int Start, int Length);

/// <summary>
/// Splits Dutch compounds into parts that together cover the whole word (dutch-analysis.md §7.3):
/// <c>modifier + head</c>, where the head is a dictionary word of at least <see cref="MinHeadLength"/> letters
/// (three-letter heads only when listed) and the modifier a dictionary word of at least
/// <see cref="MinModifierLength"/> letters, optionally followed by a linking <c>-s-</c>, <c>-en-</c>, <c>-er-</c> or
/// <c>-e-</c>; either side may itself be a compound. Particles (over, onder, voor …) are never modifiers, nor is a
/// particle plus two letters (vers, best) unless listed; suffix-like words (heid, schap …) are never heads; a
/// never-split word is never cut. Of the remaining splits the one with the fewest compound parts wins, then the most
/// balanced one. A part that is not itself a dictionary word is split again, and such intermediate parts are kept
/// (verkeersveiligheidsplan → verkeer, veiligheidsplan, veiligheid, plan).
/// Pure and thread-safe; the input is a lower-case, ASCII-folded word.
/// </summary>
public sealed class CompoundSegmenter
{
    public const int MinWordLength = 7;
    public const int MaxWordLength = 48;
    public const int MinModifierLength = 4;
    public const int MinHeadLength = 3;
    public const int MinRecursiveLength = 7;

    private const int Unknown = -2;
    private const int None = -1;
    private static readonly string[] Linkers = ["s", "en", "er", "e"];

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _neverSplit;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _noModifier;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _particles;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _noHead;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _shortHeads;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _shortModifiers;
    private readonly Dictionary<string, CompoundPart[]>.AlternateLookup<ReadOnlySpan<char>> _alwaysSplit;

    public CompoundSegmenter(IEnumerable<string> words, CompoundRules rules)
    {
        var dictionary = new HashSet<string>(words, StringComparer.Ordinal);
        dictionary.UnionWith(rules.NeverSplit);
        WordCount = dictionary.Count;
        Rules = rules;
        _words = dictionary.GetAlternateLookup<ReadOnlySpan<char>>();
        _neverSplit = new HashSet<string>(rules.NeverSplit, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _particles = new HashSet<string>(rules.Particles, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _noModifier = new HashSet<string>(rules.Particles.Concat(rules.Stopwords), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _noHead = new HashSet<string>(rules.Suffixes.Concat(rules.Particles).Concat(rules.Stopwords), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _shortHeads = new HashSet<string>(rules.ShortHeads, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _shortModifiers = new HashSet<string>(rules.ShortModifiers, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _alwaysSplit = rules.AlwaysSplit.ToDictionary(r => r.Key, r => ToSpans(r.Key, r.Value), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of distinct dictionary words, never-split words included.</summary>
    public int WordCount { get; }

    public CompoundRules Rules { get; }

    public bool IsWord(ReadOnlySpan<char> word) => _words.Contains(word);

    /// <summary>The parts of <paramref name="word"/>, without the word itself; empty when it is not split.</summary>
    public IReadOnlyList<CompoundPart> Segment(ReadOnlySpan<char> word)
    {
        if (word.Length < MinWordLength || word.Length > MaxWordLength || !IsLowerAscii(word))
        {
            return _alwaysSplit.TryGetValue(word, out var fixedParts) ? fixedParts : [];
        }

        var parts = new List<CompoundPart>(4);
        new Run(this, word).Emit(0, word.Length, root: true, parts);
        return parts;
    }

    /// <summary>The parts of <paramref name="word"/> as strings, in order.</summary>
    public IReadOnlyList<string> Split(string word) => Segment(word).Select(p => word.Substring(p.Start, p.Length)).ToList();

    /// <summary>Throws <see cref="ArgumentException"/> unless every part occurs in the word, in order.</summary>
    internal static CompoundPart[] ToSpans(string word, IReadOnlyList<string> parts)
    {
        var spans = new CompoundPart[parts.Count];
        var from = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var at = word.IndexOf(parts[i], from, StringComparison.Ordinal);
            if (at < 0 || parts[i].Length == word.Length)
            {
                throw new ArgumentException($"'{parts[i]}' is not a part of '{word}' (parts must occur in the word, in order).");
            }

            spans[i] = new CompoundPart(at, parts[i].Length);
            from = at + 1;
        }

        return spans;
    }

    /// <summary>A particle or prefix plus one or two letters (vers, best, gesp, voorn): a false modifier in verslaving, bestrijden.</summary>
    private bool IsPrefixedStub(ReadOnlySpan<char> modifier)
    {
        for (var length = 2; length <= modifier.Length - 1; length++)
        {
            if (modifier.Length - length <= 2 && _particles.Contains(modifier[..length]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLowerAscii(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One segmentation, memoising the best split of every span of the word.</summary>
    private ref struct Run
    {
        private readonly CompoundSegmenter _owner;
        private readonly ReadOnlySpan<char> _word;
        private readonly int[] _best;

        public Run(CompoundSegmenter owner, ReadOnlySpan<char> word)
        {
            _owner = owner;
            _word = word;
            _best = new int[(word.Length + 1) * (word.Length + 1)];
            Array.Fill(_best, Unknown);
        }

        public void Emit(int start, int end, bool root, List<CompoundPart> parts)
        {
            var span = _word[start..end];
            if (_owner._alwaysSplit.TryGetValue(span, out var fixedParts))
            {
                AddPart(start, end, root, parts);
                foreach (var part in fixedParts)
                {
                    AddPart(start + part.Start, start + part.Start + part.Length, root: false, parts);
                }

                return;
            }

            // A part that is a word stays whole (vuurwerkverbod → vuurwerk + verbod); other parts are compounds themselves.
            var splitAt = !root && _owner._words.Contains(span) ? None : BestSplit(start, end);
            AddPart(start, end, root, parts);
            if (splitAt < 0)
            {
                return;
            }

            var modifierEnd = ModifierEnd(start, splitAt);
            Emit(start, modifierEnd, root: false, parts);
            Emit(splitAt, end, root: false, parts);
        }

        private static void AddPart(int start, int end, bool root, List<CompoundPart> parts)
        {
            var part = new CompoundPart(start, end - start);
            if (!root && !parts.Contains(part))
            {
                parts.Add(part);
            }
        }

        /// <summary>The start of the head of the best split of [start, end), or <see cref="None"/>.</summary>
        private int BestSplit(int start, int end)
        {
            var slot = (start * (_word.Length + 1)) + end;
            if (_best[slot] != Unknown)
            {
                return _best[slot];
            }

            _best[slot] = None; // guards against re-entry while this span is being computed
            var span = _word[start..end];
            if (end - start < MinRecursiveLength || _owner._neverSplit.Contains(span))
            {
                return None;
            }

            var best = None;
            var bestRank = int.MinValue;
            for (var at = start + MinModifierLength; at <= end - MinHeadLength; at++)
            {
                var headIsWord = _owner._words.Contains(_word[at..end]);
                if (!IsHead(at, end, headIsWord))
                {
                    continue;
                }

                var modifierEnd = ModifierEnd(start, at);
                if (modifierEnd < 0 || !MayCut(start, end, at))
                {
                    continue;
                }

                // Fewest parts that are compounds themselves, then the most balanced, then no linker, then the longer modifier.
                var compounds = (_owner._words.Contains(_word[start..modifierEnd]) ? 0 : 1) + (headIsWord ? 0 : 1);
                var balance = Math.Min(modifierEnd - start, end - at);
                var rank = (-compounds * 1024) + (balance * 2) + (modifierEnd == at ? 1 : 0);
                if (rank >= bestRank)
                {
                    best = at;
                    bestRank = rank;
                }
            }

            _best[slot] = best;
            return best;
        }

        /// <summary>
        /// False when the cut at <paramref name="at"/> falls inside a never-split word (or a long particle) that the span
        /// [start, end) starts or ends with, unless another such word ends or starts right there
        /// (gemeente|huis, not gemeen|tehuis; buitengebied stays whole).
        /// </summary>
        private bool MayCut(int start, int end, int at)
        {
            var inside = false;
            for (var length = MinHeadLength; length < end - start; length++)
            {
                var prefix = _word.Slice(start, length);
                if (_owner._neverSplit.Contains(prefix) || (length > MinModifierLength && _owner._particles.Contains(prefix)))
                {
                    if (start + length == at)
                    {
                        return true;
                    }

                    inside |= start + length > at;
                }

                if (_owner._neverSplit.Contains(_word.Slice(end - length, length)))
                {
                    if (end - length == at)
                    {
                        return true;
                    }

                    inside |= end - length < at;
                }
            }

            return !inside;
        }

        private bool IsHead(int start, int end, bool isWord)
        {
            var head = _word[start..end];
            if (head.Length < MinHeadLength || _owner._noHead.Contains(head) || (head.Length == MinHeadLength && !_owner._shortHeads.Contains(head)))
            {
                return false;
            }

            return isWord || (head.Length >= MinRecursiveLength && BestSplit(start, end) >= 0);
        }

        /// <summary>The end of the modifier [start, end) once a linking -s-, -en-, -er- or -e- is dropped; -1 if it is no modifier.</summary>
        private int ModifierEnd(int start, int end)
        {
            if (_owner._noModifier.Contains(_word[start..end]))
            {
                return -1; // buiten|gebied must not become buit + en + gebied
            }

            if (IsModifierWord(start, end))
            {
                return end;
            }

            foreach (var linker in Linkers)
            {
                if (_word[start..end].EndsWith(linker, StringComparison.Ordinal) && IsModifierWord(start, end - linker.Length))
                {
                    return end - linker.Length;
                }
            }

            if (end - start >= MinRecursiveLength && !_owner._noModifier.Contains(_word[start..end]) && BestSplit(start, end) >= 0)
            {
                return end;
            }

            return end - start - 1 >= MinRecursiveLength && _word[end - 1] == 's' && BestSplit(start, end - 1) >= 0 ? end - 1 : -1;
        }

        private bool IsModifierWord(int start, int end)
        {
            var modifier = _word[start..end];
            return modifier.Length >= MinModifierLength && _owner._words.Contains(modifier) && !_owner._noModifier.Contains(modifier)
                && (!_owner.IsPrefixedStub(modifier) || _owner._shortModifiers.Contains(modifier));
        }
    }
}
