using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.SearchApi.Search;

/// <summary>The other visible versions of a document: its family members that anonymous callers may see.</summary>
public static class FamilyMembers
{
    /// <summary>Families are small; more members than this are not listed.</summary>
    public const int MaxMembers = 50;

    private static readonly HashSet<string> Fields =
        [IndexFields.Id, IndexFields.Source, IndexFields.SourceName, IndexFields.Url, IndexFields.Published, IndexFields.Modified];

    /// <summary>The public members of the document's family except itself: preferred sources first, then the newest.</summary>
    public static IReadOnlyList<FamilyMember> Of(IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources) =>
        Of(searcher, document, preferredSources, AccessFilter.PublicOnly);

    /// <summary>The members the caller may read (<paramref name="visible"/>), except the document itself.</summary>
    public static IReadOnlyList<FamilyMember> Of(IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources, Filter visible)
    {
        using var terms = new TermStates(searcher);
        return Of(searcher, document, preferredSources, visible, terms);
    }

    /// <summary>The members the caller may read, with the terms looked up through a request's <paramref name="terms"/>.</summary>
    public static IReadOnlyList<FamilyMember> Of(
        IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources, Filter visible, TermStates terms)
    {
        // Most documents are alone in their family: the family id's document count (deleted ones included) says so cheaply.
        var family = document.FamilyId is { } familyId ? new Term(IndexFields.FamilyId, familyId) : null;
        if (family is null || terms.DocFreq(family) <= 1)
        {
            return [];
        }

        var query = new BooleanQuery
        {
            { terms.QueryFor(family), Occur.MUST },
            { terms.QueryFor(new Term(IndexFields.Id, document.Id)), Occur.MUST_NOT },
        };
        return searcher.Search(query, visible, MaxMembers).ScoreDocs
            .Select(hit => searcher.Doc(hit.Doc, Fields))
            .Select(doc => new FamilyMember(
                doc.Get(IndexFields.Id),
                new SourceRef(doc.Get(IndexFields.Source), doc.Get(IndexFields.SourceName)),
                doc.Get(IndexFields.Url),
                Date(doc.Get(IndexFields.Published)) ?? Date(doc.Get(IndexFields.Modified))))
            .OrderByDescending(m => preferredSources.Contains(m.Source.Id, StringComparer.Ordinal))
            .ThenByDescending(m => m.Published)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<FamilyMember> Of(LuceneIndex index, IndexDocument document, IReadOnlyCollection<string> preferredSources) =>
        Of(index, document, preferredSources, AccessFilter.PublicOnly);

    public static IReadOnlyList<FamilyMember> Of(LuceneIndex index, IndexDocument document, IReadOnlyCollection<string> preferredSources, Filter visible)
    {
        using var lease = index.AcquireSearcher();
        return Of(lease.Searcher, document, preferredSources, visible);
    }

    /// <summary>For a hit: the other visible members, or null (omitted from the JSON) when there are none.</summary>
    public static IReadOnlyList<FamilyMember>? Variants(IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources) =>
        Variants(searcher, document, preferredSources, AccessFilter.PublicOnly);

    public static IReadOnlyList<FamilyMember>? Variants(IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources, Filter visible) =>
        Of(searcher, document, preferredSources, visible) is { Count: > 0 } members ? members : null;

    public static IReadOnlyList<FamilyMember>? Variants(
        IndexSearcher searcher, IndexDocument document, IReadOnlyCollection<string> preferredSources, Filter visible, TermStates terms) =>
        Of(searcher, document, preferredSources, visible, terms) is { Count: > 0 } members ? members : null;

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
