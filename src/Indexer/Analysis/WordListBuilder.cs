using Lucene.Net.Analysis.Miscellaneous;

namespace Search.Indexer.Analysis;

/// <summary>
/// Derives the decompounder's word list from a raw Dutch word list (OpenTaal's, one word per line):
/// lower-case entries only (no names or abbreviations), ASCII-folded, letters only, 3–24 letters, and without
/// the long compounds (<see cref="MinDroppedLength"/>+ letters) that the <see cref="CompoundSegmenter"/> rebuilds from
/// their parts anyway. A compound is only
/// dropped when the trimmed list still splits it into the same parts, so trimming does not change segmentation.
/// </summary>
public static class WordListBuilder
{
    public const int MinLength = 3;
    public const int MaxLength = 24;

    public sealed record Result(IReadOnlyList<string> Words, int Read, int Normalised, int CompoundsDropped);

    /// <summary>Compounds shorter than this stay in the list, so that they stay whole when they are a part.</summary>
    public const int MinDroppedLength = 11;

    public static Result Build(IEnumerable<string> lines, CompoundRules rules, int minDroppedLength = MinDroppedLength)
    {
        var read = 0;
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            read++;
            if (Normalise(line.Trim()) is { } word)
            {
                words.Add(word);
            }
        }

        var normalised = words.Count;
        var full = new CompoundSegmenter(words, rules);
        var dropped = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (word.Length >= minDroppedLength && !rules.NeverSplit.Contains(word) && !rules.AlwaysSplit.ContainsKey(word) && full.Segment(word).Count > 0)
            {
                dropped[word] = full.Split(word).ToArray();
            }
        }

        // Dropping words can change how other dropped words split: put back those that change, until stable.
        while (true)
        {
            var trimmed = new CompoundSegmenter(words.Where(w => !dropped.ContainsKey(w)), rules);
            var changed = dropped.Where(d => !trimmed.Split(d.Key).SequenceEqual(d.Value)).Select(d => d.Key).ToList();
            if (changed.Count == 0)
            {
                break;
            }

            foreach (var word in changed)
            {
                dropped.Remove(word);
            }
        }

        var kept = words.Where(w => !dropped.ContainsKey(w)).Order(StringComparer.Ordinal).ToList();
        return new Result(kept, read, normalised, dropped.Count);
    }

    /// <summary>Lower-case, folded, letters-only form of an entry, or null if the entry is not kept.</summary>
    public static string? Normalise(string entry)
    {
        if (entry.Length is < MinLength or > MaxLength * 2 || entry.Any(char.IsUpper))
        {
            return null;
        }

        var folded = new char[entry.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(entry.ToCharArray(), 0, folded, 0, entry.Length);
        for (var i = 0; i < length; i++)
        {
            if (folded[i] is < 'a' or > 'z')
            {
                return null;
            }
        }

        return length is >= MinLength and <= MaxLength ? new string(folded, 0, length) : null;
    }
}
