using System.Buffers;

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

    private readonly WordSet _words;
    private readonly Dictionary<string, CompoundPart[]>.AlternateLookup<ReadOnlySpan<char>> _alwaysSplit;

    /// <summary>The word lists by <see cref="Lookup"/>.</summary>
    private readonly WordSet[] _lists;

    public CompoundSegmenter(IEnumerable<string> words, CompoundRules rules)
    {
        var dictionary = new HashSet<string>(words, StringComparer.Ordinal);
        dictionary.UnionWith(rules.NeverSplit);
        WordCount = dictionary.Count;
        Rules = rules;
        _words = new WordSet(dictionary);
        _lists = new WordSet[Enum.GetValues<Lookup>().Length];
        _lists[(int)Lookup.Word] = _words;
        _lists[(int)Lookup.NeverSplit] = new WordSet(rules.NeverSplit);
        _lists[(int)Lookup.Particle] = new WordSet(rules.Particles);
        _lists[(int)Lookup.NoModifier] = new WordSet(rules.Particles.Concat(rules.Stopwords));
        _lists[(int)Lookup.NoHead] = new WordSet(rules.Suffixes.Concat(rules.Particles).Concat(rules.Stopwords));
        _lists[(int)Lookup.ShortHead] = new WordSet(rules.ShortHeads);
        _lists[(int)Lookup.ShortModifier] = new WordSet(rules.ShortModifiers);
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
        var best = ArrayPool<int>.Shared.Rent(Run.SpanTableSize(word.Length));
        var lookups = ArrayPool<sbyte>.Shared.Rent(Run.LookupTableSize(word.Length));
        try
        {
            new Run(this, word, best, lookups).Emit(0, word.Length, root: true, parts);
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(lookups);
            ArrayPool<int>.Shared.Return(best);
        }

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

    /// <summary>The word lists a span of the word is looked up in (see <see cref="Run.Is"/>).</summary>
    private enum Lookup
    {
        Word,
        NeverSplit,
        Particle,
        NoModifier,
        NoHead,
        ShortHead,
        ShortModifier,
    }

    /// <summary>
    /// One segmentation, memoising the best split and the modifier end of every span of the word and every span's
    /// membership of each word list, so that no span is hashed or analysed twice (the same spans come up for many
    /// candidate cuts). The tables are rented.
    /// </summary>
    private ref struct Run
    {
        private const int LookupCount = 7;
        private const sbyte Yes = 1;
        private const sbyte No = -1;

        private readonly CompoundSegmenter _owner;
        private readonly ReadOnlySpan<char> _word;
        private readonly int _stride;
        private readonly Span<int> _best;
        private readonly Span<int> _modifierEnds;
        private readonly Span<sbyte> _lookups;

        public Run(CompoundSegmenter owner, ReadOnlySpan<char> word, Span<int> best, Span<sbyte> lookups)
        {
            _owner = owner;
            _word = word;
            _stride = word.Length + 1;
            _best = best[..(_stride * _stride)];
            _modifierEnds = best.Slice(_stride * _stride, _stride * _stride);
            best[..(2 * _stride * _stride)].Fill(Unknown);
            _lookups = lookups[..(LookupCount * _stride * _stride)];
            _lookups.Clear();
        }

        /// <summary>Room for the best split and the modifier end of every span.</summary>
        public static int SpanTableSize(int length) => 2 * (length + 1) * (length + 1);

        /// <summary>Room for every span's membership of every word list.</summary>
        public static int LookupTableSize(int length) => LookupCount * (length + 1) * (length + 1);

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
            var splitAt = !root && Is(Lookup.Word, start, end) ? None : BestSplit(start, end);
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

        /// <summary>Whether the span [start, end) is in the word list <paramref name="lookup"/>; each span and list is hashed once.</summary>
        private readonly bool Is(Lookup lookup, int start, int end)
        {
            ref var known = ref _lookups[(((int)lookup * _stride) + start) * _stride + end];
            if (known == 0)
            {
                known = _owner._lists[(int)lookup].Contains(_word[start..end]) ? Yes : No;
            }

            return known == Yes;
        }

        /// <summary>The start of the head of the best split of [start, end), or <see cref="None"/>.</summary>
        private int BestSplit(int start, int end)
        {
            var slot = (start * _stride) + end;
            if (_best[slot] != Unknown)
            {
                return _best[slot];
            }

            _best[slot] = None; // guards against re-entry while this span is being computed
            if (end - start < MinRecursiveLength || Is(Lookup.NeverSplit, start, end))
            {
                return None;
            }

            var best = None;
            var bestRank = int.MinValue;
            Cuts? cuts = null;
            for (var at = start + MinModifierLength; at <= end - MinHeadLength; at++)
            {
                var headIsWord = Is(Lookup.Word, at, end);
                if (!IsHead(at, end, headIsWord))
                {
                    continue;
                }

                var modifierEnd = ModifierEnd(start, at);
                if (modifierEnd < 0)
                {
                    continue;
                }

                cuts ??= FindCuts(start, end);
                if (!cuts.Value.Allows(at))
                {
                    continue;
                }

                // Fewest parts that are compounds themselves, then the most balanced, then no linker, then the longer modifier.
                var compounds = (Is(Lookup.Word, start, modifierEnd) ? 0 : 1) + (headIsWord ? 0 : 1);
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
        /// Where the span [start, end) may be cut: not inside a never-split word (or a long particle) that the span starts
        /// or ends with, unless another such word ends or starts right there (gemeente|huis, not gemeen|tehuis;
        /// buitengebied stays whole).
        /// </summary>
        private readonly Cuts FindCuts(int start, int end)
        {
            var cuts = new Cuts(0, -1, int.MaxValue);
            for (var length = MinHeadLength; length < end - start; length++)
            {
                if (Is(Lookup.NeverSplit, start, start + length) || (length > MinModifierLength && Is(Lookup.Particle, start, start + length)))
                {
                    cuts = cuts with { Exact = cuts.Exact | (1UL << (start + length)), LastPrefixEnd = Math.Max(cuts.LastPrefixEnd, start + length) };
                }

                if (Is(Lookup.NeverSplit, end - length, end))
                {
                    cuts = cuts with { Exact = cuts.Exact | (1UL << (end - length)), FirstSuffixStart = Math.Min(cuts.FirstSuffixStart, end - length) };
                }
            }

            return cuts;
        }

        private bool IsHead(int start, int end, bool isWord)
        {
            var length = end - start;
            if (length < MinHeadLength || Is(Lookup.NoHead, start, end) || (length == MinHeadLength && !Is(Lookup.ShortHead, start, end)))
            {
                return false;
            }

            return isWord || (length >= MinRecursiveLength && BestSplit(start, end) >= 0);
        }

        /// <summary>The end of the modifier [start, end) once a linking -s-, -en-, -er- or -e- is dropped; -1 if it is no modifier.</summary>
        private int ModifierEnd(int start, int end)
        {
            ref var known = ref _modifierEnds[(start * _stride) + end];
            if (known == Unknown)
            {
                known = FindModifierEnd(start, end);
            }

            return known;
        }

        private int FindModifierEnd(int start, int end)
        {
            if (Is(Lookup.NoModifier, start, end))
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

            if (end - start >= MinRecursiveLength && BestSplit(start, end) >= 0)
            {
                return end;
            }

            return end - start - 1 >= MinRecursiveLength && _word[end - 1] == 's' && BestSplit(start, end - 1) >= 0 ? end - 1 : -1;
        }

        private readonly bool IsModifierWord(int start, int end) =>
            end - start >= MinModifierLength && Is(Lookup.Word, start, end) && !Is(Lookup.NoModifier, start, end)
            && (!IsPrefixedStub(start, end) || Is(Lookup.ShortModifier, start, end));

        /// <summary>
        /// The never-split words (and long particles) at the edges of a span: <see cref="Exact"/> has a bit for every
        /// position where one ends (a prefix) or starts (a suffix); a cut elsewhere must not fall inside a prefix
        /// (before <see cref="LastPrefixEnd"/>) or a suffix (after <see cref="FirstSuffixStart"/>). Words are at most
        /// <see cref="MaxWordLength"/> letters, so positions fit in the 64 bits.
        /// </summary>
        private readonly record struct Cuts(ulong Exact, int LastPrefixEnd, int FirstSuffixStart)
        {
            public bool Allows(int at) => ((Exact >> at) & 1) != 0 || (LastPrefixEnd <= at && FirstSuffixStart >= at);
        }

        /// <summary>A particle or prefix plus one or two letters (vers, best, gesp, voorn): a false modifier in verslaving, bestrijden.</summary>
        private readonly bool IsPrefixedStub(int start, int end)
        {
            var length = end - start;
            for (var prefix = Math.Max(2, length - 2); prefix <= length - 1; prefix++)
            {
                if (Is(Lookup.Particle, start, start + prefix))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
