using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// The words of the documents a caller may read (field <see cref="IndexFields.Spell"/>, under <paramref name="visible"/>):
/// spelling corrections ("Bedoelde u …?") and term completions. Every word it offers occurs in at least one readable
/// document, so nothing of documents the caller may not read (teasers included) leaks through it.
/// </summary>
/// <remarks>Looks its words up through <paramref name="terms"/> (one request's lookups, see <see cref="TermStates"/>).</remarks>
public sealed class Vocabulary(IndexSearcher searcher, Filter visible, TermStates terms)
{
    /// <summary>The words of the public documents.</summary>
    public Vocabulary(IndexSearcher searcher)
        : this(searcher, AccessFilter.PublicOnly)
    {
    }

    /// <summary>The words of the documents under <paramref name="visible"/>, with lookups of its own.</summary>
    public Vocabulary(IndexSearcher searcher, Filter visible)
        : this(searcher, visible, new TermStates(searcher))
    {
    }

    /// <summary>At most this many candidate words are examined per lookup.</summary>
    public const int MaxCandidates = 64;

    /// <summary>Readable documents containing the word.</summary>
    public int PublicFrequency(string word)
    {
        var count = new TotalHitCountCollector();
        searcher.Search(terms.QueryFor(new Term(IndexFields.Spell, word)), visible, count);
        return count.TotalHits;
    }

    /// <summary>
    /// Whether a readable document contains the word: an index-wide document frequency first (no document at all is the
    /// answer for a misspelling), then segment by segment the word's live documents stepped through alongside the
    /// readable ones, up to the first in both.
    /// </summary>
    public bool IsKnown(string word)
    {
        var term = new Term(IndexFields.Spell, word);
        var states = terms.Get(term);
        if (states.DocFreq == 0)
        {
            return false;
        }

        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            if (states.Get(leaf.Ord) is not { } state || terms.Enumerator(leaf.Ord, term.Field) is not { } enumerator
                || visible.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator() is not { } readable)
            {
                continue;
            }

            enumerator.SeekExact(term.Bytes, state);
            if (FirstCommon(terms.Docs(leaf.Ord, term.Field, enumerator, leaf.AtomicReader.LiveDocs), readable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the two ascending document sets share a document (each jumps to the other's next candidate).</summary>
    private static bool FirstCommon(DocIdSetIterator a, DocIdSetIterator b)
    {
        var (doc, other) = (a.NextDoc(), -1);
        while (doc != DocIdSetIterator.NO_MORE_DOCS)
        {
            if (other < doc)
            {
                other = b.Advance(doc);
            }

            if (other == doc)
            {
                return true;
            }

            if (other == DocIdSetIterator.NO_MORE_DOCS)
            {
                return false;
            }

            doc = a.Advance(other); // other > doc
        }

        return false;
    }

    /// <summary>The closest known word (fewest edits, then most documents), or null when the word is known or nothing is close.</summary>
    public string? Correct(string word)
    {
        if (word.Length < 4 || !word.All(char.IsLetter) || IsKnown(word))
        {
            return null;
        }

        var words = MultiFields.GetTerms(searcher.IndexReader, IndexFields.Spell);
        if (words is null)
        {
            return null;
        }

        var maxEdits = word.Length >= 8 ? 2 : 1;
        var fuzzy = new FuzzyTermsEnum(words, new AttributeSource(), new Term(IndexFields.Spell, word), maxEdits, prefixLength: 1, transpositions: true);
        var candidates = new List<string>();
        while (candidates.Count < MaxCandidates && fuzzy.MoveNext())
        {
            candidates.Add(fuzzy.Term.Utf8ToString());
        }

        return candidates
            .Select(c => (Word: c, Distance: EditDistance(word, c), Frequency: PublicFrequency(c)))
            .Where(c => c.Frequency > 0 && c.Distance <= maxEdits)
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Frequency).ThenBy(c => c.Word, StringComparer.Ordinal)
            .Select(c => c.Word)
            .FirstOrDefault();
    }

    /// <summary>Known words starting with the prefix, most frequent first.</summary>
    public IReadOnlyList<string> Complete(string prefix, int count)
    {
        var words = MultiFields.GetTerms(searcher.IndexReader, IndexFields.Spell);
        if (words is null || prefix.Length < 2)
        {
            return [];
        }

        var candidates = new List<(string Word, int DocFreq)>();
        var iterator = words.GetEnumerator();
        if (iterator.SeekCeil(new BytesRef(prefix)) == TermsEnum.SeekStatus.END)
        {
            return [];
        }

        do
        {
            var word = iterator.Term.Utf8ToString();
            if (!word.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            candidates.Add((word, iterator.DocFreq));
        }
        while (candidates.Count < MaxCandidates * 4 && iterator.MoveNext());

        return candidates
            .OrderByDescending(c => c.DocFreq).ThenBy(c => c.Word.Length)
            .Take(MaxCandidates)
            .Select(c => (c.Word, Frequency: PublicFrequency(c.Word)))
            .Where(c => c.Frequency > 0)
            .OrderByDescending(c => c.Frequency).ThenBy(c => c.Word.Length)
            .Take(count)
            .Select(c => c.Word)
            .ToList();
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
