using System.Numerics;

namespace Search.Indexer.Analysis;

/// <summary>What <see cref="DutchWordFilter"/> knows about a word.</summary>
[Flags]
internal enum WordFlags : byte
{
    None = 0,

    /// <summary>A stopword: dropped.</summary>
    Stopword = 1,

    /// <summary>The stem is a keyword (a concept token, or a stem override).</summary>
    Keyword = 2,

    /// <summary>The stem differs from the word.</summary>
    Changed = 4,
}

/// <summary>A compound part as the chain emits it: its stem and whether that is a keyword.</summary>
internal readonly record struct WordPart(string Term, bool Keyword);

/// <summary>A word found in or added to a <see cref="WordTable"/>: the stem's characters sit in <see cref="Chars"/>.</summary>
internal readonly struct WordEntry(char[] chars, int stemStart, int stemLength, WordFlags flags, WordPart[]? parts)
{
    public char[] Chars { get; } = chars;

    public int StemStart { get; } = stemStart;

    public int StemLength { get; } = stemLength;

    public WordFlags Flags { get; } = flags;

    /// <summary>The compound parts, or null.</summary>
    public WordPart[]? Parts { get; } = parts;

    public ReadOnlySpan<char> Stem => Chars.AsSpan(StemStart, StemLength);
}

/// <summary>
/// The memo of <see cref="DutchWordFilter"/>: word → stem, flags and compound parts, looked up by span. Laid out for the
/// cache, as it is hit for nearly every token: an open-addressing slot array, compact entries, and the word's
/// characters followed by its stem's in one character array, so that a hit reads three cache lines and no objects.
/// Bounded: two generations of at most <c>capacity</c> words; when the current one is full it becomes the previous
/// one and the one before is cleared for reuse; a word found in the previous generation is copied into the current
/// one. Frequent words therefore stay and rare ones age out. Not thread-safe: one per token stream.
/// </summary>
internal sealed class WordTable
{
    private readonly int _capacity;
    private Generation _current;
    private Generation _previous;

    public WordTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _current = new Generation(capacity);
        _previous = new Generation(capacity);
    }

    /// <summary>Words in both generations (a word may be in both).</summary>
    public int Count => _current.Count + _previous.Count;

    public bool TryFind(ReadOnlySpan<char> word, out WordEntry entry)
    {
        var hash = Hash(word);
        if (_current.TryFind(word, hash, out entry))
        {
            return true;
        }

        if (!_previous.TryFind(word, hash, out entry))
        {
            return false;
        }

        entry = Store(word, hash, entry.Stem, entry.Flags, entry.Parts);
        return true;
    }

    public WordEntry Add(ReadOnlySpan<char> word, ReadOnlySpan<char> stem, WordFlags flags, WordPart[]? parts) =>
        Store(word, Hash(word), stem, flags, parts);

    private WordEntry Store(ReadOnlySpan<char> word, int hash, ReadOnlySpan<char> stem, WordFlags flags, WordPart[]? parts)
    {
        if (_current.Count >= _capacity)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        return _current.Add(word, hash, stem, flags, parts);
    }

    private static int Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (hash >> 16));
    }

    private sealed class Generation
    {
        private readonly int[] _slots; // 0 = empty, otherwise entry index + 1; at most half full
        private readonly Entry[] _entries;
        private char[] _chars;
        private int _used;

        public Generation(int capacity)
        {
            _slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
            _entries = new Entry[capacity];
            _chars = new char[capacity * 16];
        }

        public int Count { get; private set; }

        public bool TryFind(ReadOnlySpan<char> word, int hash, out WordEntry found)
        {
            var mask = _slots.Length - 1;
            for (var slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                var index = _slots[slot] - 1;
                if (index < 0)
                {
                    found = default;
                    return false;
                }

                ref var entry = ref _entries[index];
                if (entry.Hash == hash && entry.WordLength == word.Length && word.SequenceEqual(_chars.AsSpan(entry.Start, entry.WordLength)))
                {
                    found = new WordEntry(_chars, entry.Start + entry.WordLength, entry.StemLength, entry.Flags, entry.Parts);
                    return true;
                }
            }
        }

        public WordEntry Add(ReadOnlySpan<char> word, int hash, ReadOnlySpan<char> stem, WordFlags flags, WordPart[]? parts)
        {
            if (_used + word.Length + stem.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + word.Length + stem.Length));
            }

            var start = _used;
            word.CopyTo(_chars.AsSpan(start));
            stem.CopyTo(_chars.AsSpan(start + word.Length));
            _used += word.Length + stem.Length;
            _entries[Count] = new Entry
            {
                Hash = hash,
                Start = start,
                WordLength = (short)word.Length,
                StemLength = (short)stem.Length,
                Flags = flags,
                Parts = parts,
            };

            var mask = _slots.Length - 1;
            var slot = hash & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = ++Count;
            return new WordEntry(_chars, start + word.Length, stem.Length, flags, parts);
        }

        public void Clear()
        {
            Array.Clear(_slots);
            Array.Clear(_entries, 0, Count);
            Count = 0;
            _used = 0;
        }

        private struct Entry
        {
            public int Hash;
            public int Start;
            public short WordLength;
            public short StemLength;
            public WordFlags Flags;
            public WordPart[]? Parts;
        }
    }
}
