using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// Collects every matching document and collapses them by version family: one hit per family, represented by its
/// matching member from a preferred source, else its newest matching member. By relevance a family ranks with its
/// best-scoring member; by date with its representative's date, so that the dates shown stay in order.
/// <see cref="TotalHits"/> counts families.
/// </summary>
public sealed class FamilyCollector(bool byDate, IReadOnlyCollection<string> preferredSources) : ITopDocsCollector
{
    private readonly Dictionary<string, List<Member>> _families = new(StringComparer.Ordinal);
    private Scorer? _scorer;
    private int _docBase;
    private SortedDocValues? _familyIds;
    private string?[] _familyKeys = [];
    private NumericDocValues? _sortDates;
    private SortedSetDocValues? _sources;
    private HashSet<long> _preferredOrds = [];
    private List<Family>? _ranked;
    private FixedBitSet? _standalone;

    public int TotalHits => _families.Count;

    /// <summary>Documents that never join a family (teasers): each is a family of its own.</summary>
    public Filter? Standalone { get; init; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        _docBase = context.DocBase;
        _familyIds = reader.GetSortedDocValues(IndexFields.FamilyId);
        _familyKeys = new string?[_familyIds?.ValueCount ?? 0];
        _sortDates = reader.GetNumericDocValues(IndexFields.SortDate);
        _sources = reader.GetSortedSetDocValues(IndexFields.Source);
        _standalone = Standalone is null ? null : Bits(Standalone, context);
        _preferredOrds = _sources is null
            ? []
            : preferredSources.Select(s => _sources.LookupTerm(new BytesRef(s))).Where(ord => ord >= 0).ToHashSet();
    }

    public void Collect(int doc)
    {
        var member = new Member(_docBase + doc, _scorer?.GetScore() ?? 0, _sortDates?.Get(doc) ?? 0, IsPreferred(doc));
        var key = (_standalone?.Get(doc) == true ? null : FamilyKey(doc)) ?? "#" + member.Doc; // documents indexed before families existed stand alone
        if (!_families.TryGetValue(key, out var members))
        {
            _families[key] = members = [];
        }

        members.Add(member);
        _ranked = null;
    }

    public TopDocs GetTopDocs() => GetTopDocs(0, TotalHits);

    public TopDocs GetTopDocs(int start) => GetTopDocs(start, TotalHits);

    public TopDocs GetTopDocs(int start, int howMany)
    {
        _ranked ??= Rank();
        var page = _ranked.Skip(start).Take(howMany).Select(f => new ScoreDoc(f.Representative.Doc, f.Score)).ToArray();
        return new TopDocs(TotalHits, page, _ranked.Count == 0 ? float.NaN : _ranked.Max(f => f.Score));
    }

    private List<Family> Rank()
    {
        var families = _families.Values.Select(members => new Family(
            members.OrderByDescending(m => m.Preferred).ThenByDescending(m => m.SortDate).ThenByDescending(m => m.Score).ThenBy(m => m.Doc).First(),
            members.Max(m => m.Score),
            members.Min(m => m.Doc)));
        return (byDate
            ? families.OrderByDescending(f => f.Representative.SortDate).ThenByDescending(f => f.Representative.Score).ThenBy(f => f.Representative.Doc)
            : families.OrderByDescending(f => f.Score).ThenBy(f => f.FirstDoc)).ToList();
    }

    private static FixedBitSet? Bits(Filter filter, AtomicReaderContext context)
    {
        var iterator = filter.GetDocIdSet(context, context.AtomicReader.LiveDocs)?.GetIterator();
        if (iterator is null)
        {
            return null;
        }

        var bits = new FixedBitSet(context.AtomicReader.MaxDoc);
        for (var doc = iterator.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.NextDoc())
        {
            bits.Set(doc);
        }

        return bits;
    }

    private string? FamilyKey(int doc)
    {
        if (_familyIds is null)
        {
            return null;
        }

        var ord = _familyIds.GetOrd(doc);
        if (ord < 0)
        {
            return null;
        }

        if (_familyKeys[ord] is null)
        {
            var term = new BytesRef();
            _familyIds.LookupOrd(ord, term);
            _familyKeys[ord] = term.Utf8ToString();
        }

        return _familyKeys[ord];
    }

    private bool IsPreferred(int doc)
    {
        if (_sources is null || _preferredOrds.Count == 0)
        {
            return false;
        }

        _sources.SetDocument(doc);
        for (var ord = _sources.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = _sources.NextOrd())
        {
            if (_preferredOrds.Contains(ord))
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Member(int Doc, float Score, long SortDate, bool Preferred);

    private sealed record Family(Member Representative, float Score, int FirstDoc);
}
