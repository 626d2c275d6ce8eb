using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Search.SearchApi.Search;

/// <summary>
/// One pass over the documents matching the query that does two things: it feeds documents passing every
/// facet filter to the inner top-docs collector, and it counts facet values "drill-sideways" style, so that
/// each facet's counts reflect the query and the other facets' filters but not its own.
/// </summary>
public sealed class FacetingCollector : ICollector
{
    private readonly ICollector _inner;
    private readonly FacetSpec[] _facets;
    private readonly SortedSetDocValues[] _values;
    private readonly HashSet<long>?[] _selectedOrds;
    private readonly int[][] _segmentCounts;

    public FacetingCollector(ICollector inner, IReadOnlyList<FacetSpec> facets)
    {
        _inner = inner;
        _facets = facets.ToArray();
        _values = new SortedSetDocValues[_facets.Length];
        _selectedOrds = new HashSet<long>?[_facets.Length];
        _segmentCounts = new int[_facets.Length][];
        Counts = _facets.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    /// <summary>Documents that passed every filter.</summary>
    public int TotalHits { get; private set; }

    /// <summary>Per facet (in the order given), value → count.</summary>
    public IReadOnlyList<Dictionary<string, int>> Counts { get; }

    public bool AcceptsDocsOutOfOrder => _inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => _inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        for (var f = 0; f < _facets.Length; f++)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(_facets[f].Field) ?? DocValues.EMPTY_SORTED_SET;
            _values[f] = values;
            _segmentCounts[f] = new int[values.ValueCount];
            if (_facets[f].Selected.Count == 0)
            {
                _selectedOrds[f] = null;
                continue;
            }

            var ords = new HashSet<long>();
            foreach (var selected in _facets[f].Selected)
            {
                var ord = values.LookupTerm(new BytesRef(selected));
                if (ord >= 0)
                {
                    ords.Add(ord);
                }
            }

            _selectedOrds[f] = ords;
        }

        _inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        var failing = -1;
        for (var f = 0; f < _facets.Length; f++)
        {
            if (_selectedOrds[f] is { } selected && !HasAny(f, doc, selected))
            {
                if (failing >= 0)
                {
                    return; // fails two filters: counts nowhere
                }

                failing = f;
            }
        }

        if (failing >= 0)
        {
            CountValues(failing, doc);
            return;
        }

        TotalHits++;
        _inner.Collect(doc);
        for (var f = 0; f < _facets.Length; f++)
        {
            CountValues(f, doc);
        }
    }

    /// <summary>Call once after searching, to count the last segment.</summary>
    public void Finish() => FlushSegment();

    private bool HasAny(int facet, int doc, HashSet<long> selected)
    {
        var values = _values[facet];
        values.SetDocument(doc);
        for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
        {
            if (selected.Contains(ord))
            {
                return true;
            }
        }

        return false;
    }

    private void CountValues(int facet, int doc)
    {
        var values = _values[facet];
        values.SetDocument(doc);
        for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
        {
            _segmentCounts[facet][ord]++;
        }
    }

    private void FlushSegment()
    {
        for (var f = 0; f < _facets.Length; f++)
        {
            var counts = _segmentCounts[f];
            if (counts is null)
            {
                continue;
            }

            var term = new BytesRef();
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                {
                    continue;
                }

                _values[f].LookupOrd(ord, term);
                var value = term.Utf8ToString();
                Counts[f][value] = Counts[f].GetValueOrDefault(value) + counts[ord];
            }

            _segmentCounts[f] = null!;
        }
    }
}

/// <summary>A facet field and the values selected for it (ORed).</summary>
public sealed record FacetSpec(string Field, IReadOnlyList<string> Selected);
