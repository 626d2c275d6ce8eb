using System.Numerics;

namespace Search.Indexer.Analysis;

/// <summary>
/// A set of words looked up by span, for the <see cref="CompoundSegmenter"/>, which tries many spans of a word and
/// finds few of them in any list. A span whose length and first letter no word has is refused without hashing (most
/// spans, for the small rule lists); a large set (the dictionary) also has a blocked Bloom filter of a few hundred
/// kilobytes in front of it, which refuses nearly all other non-words with one read instead of probing a hash set of
/// several megabytes (a cache miss or three). Neither ever refuses a word, so results are those of the set alone.
/// Read-only once built (thread-safe).
/// </summary>
internal sealed class WordSet
{
    private const int BloomThreshold = 4096;
    private const int BitsPerWord = 10;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly ulong[]? _bloom;

    /// <summary>For each length (63 and up share the last), a bit for the first letter (mod 64) of every word of that length.</summary>
    private readonly ulong[] _firstLetters = new ulong[64];

    public WordSet(IEnumerable<string> words)
        : this(new HashSet<string>(words, StringComparer.Ordinal))
    {
    }

    public WordSet(HashSet<string> set)
    {
        _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var word in set.Where(w => w.Length > 0))
        {
            _firstLetters[Math.Min(word.Length, 63)] |= 1UL << (word[0] & 63);
        }

        _minLength = set.Count == 0 ? 0 : set.Min(w => w.Length);
        _maxLength = set.Count == 0 ? -1 : set.Max(w => w.Length);
        if (set.Count >= BloomThreshold)
        {
            _bloom = new ulong[BitOperations.RoundUpToPowerOf2((uint)(set.Count * BitsPerWord / 64))];
            foreach (var word in set)
            {
                var (block, bits) = Bloom(word);
                _bloom[block] |= bits;
            }
        }
    }

    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length < _minLength || word.Length > _maxLength
            || (word.Length > 0 && (_firstLetters[Math.Min(word.Length, 63)] & (1UL << (word[0] & 63))) == 0))
        {
            return false;
        }

        if (_bloom is not null)
        {
            var (block, bits) = Bloom(word);
            if ((_bloom[block] & bits) != bits)
            {
                return false;
            }
        }

        return _lookup.Contains(word);
    }

    /// <summary>
    /// The word's block of the (blocked) Bloom filter and its three bits in it: one 64-bit word per lookup, so one
    /// cache line. FNV-1a over the characters, then mixed.
    /// </summary>
    private (int Block, ulong Bits) Bloom(ReadOnlySpan<char> word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        var block = (int)(hash & (ulong)(_bloom!.Length - 1));
        var bits = (1UL << (int)((hash >> 40) & 63)) | (1UL << (int)((hash >> 46) & 63)) | (1UL << (int)((hash >> 52) & 63));
        return (block, bits);
    }
}
