using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.SearchApi.Search;

/// <summary>
/// One pass over the documents matching the query that does two things: it feeds documents passing every
/// facet filter to the inner top-docs collector, and it counts facet values "drill-sideways" style, so that
/// each facet's counts reflect the query and the other facets' filters but not its own.
/// </summary>
/// <remarks>
/// Per document this reads value ordinals from arrays (<see cref="SegmentValues"/>) and bumps per-segment counters;
/// values are named once per segment, when its counts are added up.
/// </remarks>
public sealed class FacetingCollector : ICollector
{
    private readonly ICollector _inner;
    private readonly FacetSpec[] _facets;
    private readonly Dictionary<string, int>[] _counts;
    private readonly FacetOrds?[] _values;
    private readonly bool[]?[] _selectedOrds;
    private readonly int[]?[] _segmentCounts;

    public FacetingCollector(ICollector inner, IReadOnlyList<FacetSpec> facets)
    {
        _inner = inner;
        _facets = facets.ToArray();
        _values = new FacetOrds?[_facets.Length];
        _selectedOrds = new bool[]?[_facets.Length];
        _segmentCounts = new int[]?[_facets.Length];
        _counts = _facets.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    /// <summary>Documents that passed every filter.</summary>
    public int TotalHits { get; private set; }

    /// <summary>Per facet (in the order given), value → count.</summary>
    public IReadOnlyList<Dictionary<string, int>> Counts => _counts;

    public bool AcceptsDocsOutOfOrder => _inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => _inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var segment = SegmentValues.Of(context.AtomicReader);
        for (var f = 0; f < _facets.Length; f++)
        {
            var values = segment.Facets.TryGetValue(_facets[f].Field, out var known) ? known : FacetOrds.Read(context.AtomicReader, _facets[f].Field);
            _values[f] = values;
            _segmentCounts[f] = new int[values.Values.Length];
            _selectedOrds[f] = null;
            if (_facets[f].Selected.Count == 0)
            {
                continue;
            }

            var selected = new bool[values.Values.Length];
            foreach (var value in _facets[f].Selected)
            {
                if (values.Find(value) is var ord and >= 0)
                {
                    selected[ord] = true;
                }
            }

            _selectedOrds[f] = selected;
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

    /// <summary>Call once after searching (also after a search cut short), to count the last segment.</summary>
    public void Finish() => FlushSegment();

    private bool HasAny(int facet, int doc, bool[] selected)
    {
        foreach (var ord in _values[facet]!.Of(doc))
        {
            if (selected[ord])
            {
                return true;
            }
        }

        return false;
    }

    private void CountValues(int facet, int doc)
    {
        var counts = _segmentCounts[facet]!;
        foreach (var ord in _values[facet]!.Of(doc))
        {
            counts[ord]++;
        }
    }

    private void FlushSegment()
    {
        for (var f = 0; f < _facets.Length; f++)
        {
            if (_segmentCounts[f] is not { } counts)
            {
                continue;
            }

            var values = _values[f]!.Values;
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                {
                    _counts[f][values[ord]] = _counts[f].GetValueOrDefault(values[ord]) + counts[ord];
                }
            }

            _segmentCounts[f] = null;
        }
    }
}

/// <summary>A facet field and the values selected for it (ORed).</summary>
public sealed record FacetSpec(string Field, IReadOnlyList<string> Selected);
