namespace Search.Indexer.Analysis;

/// <summary>
/// The forms of the concepts as <see cref="ConceptFilter"/> matches them: a form of one or more words (joined by
/// <see cref="Separator"/>) maps to its concept token, and every shorter run of a form's first words is marked as
/// continuing, so that matching knows when to look at the next word. Built once, then read-only (thread-safe).
/// </summary>
internal sealed class ConceptForms
{
    /// <summary>Between the words of a key, as in Lucene's SynonymMap.</summary>
    public const char Separator = '\0';

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>For each word length (63 and up share the last), a bit for the first letter (mod 64) of every form's first word.</summary>
    private readonly ulong[] _firstWords = new ulong[64];
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ConceptForms()
    {
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of forms.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a form (its words as the analysis chain sees them at this point) for a concept token.</summary>
    /// <exception cref="ArgumentException">The form is empty, has an empty word, or is already a form.</exception>
    public void Add(IReadOnlyList<string> words, string token)
    {
        if (words.Count == 0 || words.Any(w => w.Length == 0 || w.Contains(Separator, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A form needs one or more non-empty words, got [{string.Join(", ", words)}].", nameof(words));
        }

        for (var length = 1; length < words.Count; length++)
        {
            var prefix = string.Join(Separator, words.Take(length));
            _entries[prefix] = _entries.GetValueOrDefault(prefix) with { Continues = true };
        }

        _firstWords[Math.Min(words[0].Length, 63)] |= 1UL << (words[0][0] & 63);
        var key = string.Join(Separator, words);
        var entry = _entries.GetValueOrDefault(key);
        if (entry.Token is not null)
        {
            throw new ArgumentException($"'{key.Replace(Separator, ' ')}' is already a form of {entry.Token}.", nameof(words));
        }

        _entries[key] = entry with { Token = token };
        Count++;
    }

    /// <summary>
    /// False when no form starts with <paramref name="word"/>, decided from its length and first letter without a lookup
    /// (most words); true when one may.
    /// </summary>
    public bool MayStart(ReadOnlySpan<char> word) =>
        word.Length > 0 && (_firstWords[Math.Min(word.Length, 63)] & (1UL << (word[0] & 63))) != 0;

    /// <summary>What the words in <paramref name="key"/> (joined by <see cref="Separator"/>) are: a form, the start of a longer one, both, or nothing.</summary>
    public Entry Find(ReadOnlySpan<char> key) => _lookup.TryGetValue(key, out var entry) ? entry : default;

    /// <param name="Token">The concept token when the words are a whole form.</param>
    /// <param name="Continues">True when the words are the start of a longer form.</param>
    internal readonly record struct Entry(string? Token, bool Continues);
}
