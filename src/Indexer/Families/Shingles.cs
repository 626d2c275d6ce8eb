using System.Globalization;
using System.Text;

namespace Search.Indexer.Families;

/// <summary>
/// Word shingles of a document's text (pure): lower-cased, diacritics folded, punctuation dropped, then every run of
/// <see cref="Size"/> consecutive words hashed to 64 bits. Names, numbers and dates stay: they are what tells two
/// documents built on one template apart.
/// </summary>
public static class Shingles
{
    /// <summary>Words per shingle.</summary>
    public const int Size = 5;

    /// <summary>The distinct shingle hashes of <paramref name="text"/>; empty when it has fewer than <see cref="Size"/> words.</summary>
    public static IReadOnlySet<ulong> Of(string text)
    {
        var words = Words(text);
        var shingles = new HashSet<ulong>();
        for (var i = 0; i + Size <= words.Count; i++)
        {
            var hash = Fnv.OffsetBasis;
            for (var j = i; j < i + Size; j++)
            {
                hash = Fnv.Add(hash, words[j]);
                hash = Fnv.Add(hash, ' ');
            }

            shingles.Add(hash);
        }

        return shingles;
    }

    /// <summary>The exact Jaccard similarity of two shingle sets: shared / all; 0 when both are empty.</summary>
    public static double Jaccard(IReadOnlySet<ulong> a, IReadOnlySet<ulong> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        var union = a.Count + b.Count - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>The normalised words of a text.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var folded = Fold(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>64-bit FNV-1a: stable across processes and platforms, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static class Fnv
    {
        public const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Add(ulong hash, string word)
        {
            foreach (var c in word)
            {
                hash = Add(hash, c);
            }

            return hash;
        }

        public static ulong Add(ulong hash, char c)
        {
            hash = (hash ^ (byte)c) * Prime;
            return (hash ^ (byte)(c >> 8)) * Prime;
        }
    }
}
