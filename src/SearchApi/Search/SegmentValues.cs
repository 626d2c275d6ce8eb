using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// The doc values a search reads for every matching document (sort date, version family, facet values), decoded once per
/// segment into plain arrays. The Lucene 4.5 doc-values format reads them from the index file on each access (through
/// <c>NIOFSDirectory</c> a buffered read, often a system call), and a broad query reads them for a fifth of the index:
/// that was most of the time of a search. Segments never change, so one instance serves every reader that shares the
/// segment's core (reopens keep unchanged segments) and is dropped with it.
/// </summary>
internal sealed class SegmentValues
{
    private static readonly ConditionalWeakTable<object, SegmentValues> Cache = new();

    private SegmentValues(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        SortDates = new int[maxDoc];
        if (reader.GetNumericDocValues(IndexFields.SortDate) is { } dates)
        {
            for (var doc = 0; doc < maxDoc; doc++)
            {
                SortDates[doc] = (int)dates.Get(doc);
            }
        }

        FamilyOrds = new int[maxDoc];
        if (reader.GetSortedDocValues(IndexFields.FamilyId) is { } families)
        {
            FamilyCount = families.ValueCount;
            for (var doc = 0; doc < maxDoc; doc++)
            {
                FamilyOrds[doc] = families.GetOrd(doc);
            }
        }
        else
        {
            Array.Fill(FamilyOrds, -1);
        }

        Facets = IndexFields.Facets.ToDictionary(field => field, field => FacetOrds.Read(reader, field), StringComparer.Ordinal);
    }

    /// <summary>Per document: the sort date in epoch days (0 when unknown).</summary>
    public int[] SortDates { get; }

    /// <summary>Per document: the segment ordinal of its version family, or -1 when it has none.</summary>
    public int[] FamilyOrds { get; }

    /// <summary>Distinct family ids in the segment.</summary>
    public int FamilyCount { get; }

    /// <summary>The facet fields (<see cref="IndexFields.Facets"/>), by name.</summary>
    public IReadOnlyDictionary<string, FacetOrds> Facets { get; }

    /// <summary>The values of the segment read by <paramref name="reader"/>; decoded on first use.</summary>
    public static SegmentValues Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentValues(reader));
}

/// <summary>The values of one facet field in one segment: per document its value ordinals, and the value of each ordinal.</summary>
internal sealed class FacetOrds
{
    private readonly int[]? _single;
    private readonly int[]? _starts;
    private readonly int[] _ords;

    private FacetOrds(string[] values, int[]? single, int[]? starts, int[] ords)
    {
        Values = values;
        _single = single;
        _starts = starts;
        _ords = ords;
    }

    /// <summary>Ordinal → value (sorted, as in the index).</summary>
    public string[] Values { get; }

    /// <summary>The value ordinals of a document (none, one, or for themes several).</summary>
    public ReadOnlySpan<int> Of(int doc)
    {
        if (_single is { } single)
        {
            return new ReadOnlySpan<int>(single, doc, single[doc] < 0 ? 0 : 1);
        }

        var start = _starts![doc];
        return new ReadOnlySpan<int>(_ords, start, _starts[doc + 1] - start);
    }

    /// <summary>The ordinal of a value, or -1 when no document of the segment has it.</summary>
    public int Find(string value) => Array.IndexOf(Values, value);

    public static FacetOrds Read(AtomicReader reader, string field)
    {
        var maxDoc = reader.MaxDoc;
        var docValues = reader.GetSortedSetDocValues(field) ?? DocValues.EMPTY_SORTED_SET;
        var values = new string[docValues.ValueCount];
        var term = new BytesRef();
        for (var ord = 0; ord < values.Length; ord++)
        {
            docValues.LookupOrd(ord, term);
            values[ord] = term.Utf8ToString();
        }

        if (DocValues.UnwrapSingleton(docValues) is { } singleton)
        {
            var single = new int[maxDoc];
            for (var doc = 0; doc < maxDoc; doc++)
            {
                single[doc] = singleton.GetOrd(doc);
            }

            return new FacetOrds(values, single, null, []);
        }

        var starts = new int[maxDoc + 1];
        var ords = new List<int>(maxDoc);
        var singleValued = true;
        for (var doc = 0; doc < maxDoc; doc++)
        {
            starts[doc] = ords.Count;
            docValues.SetDocument(doc);
            for (var ord = docValues.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = docValues.NextOrd())
            {
                ords.Add((int)ord);
            }

            singleValued &= ords.Count - starts[doc] <= 1;
        }

        starts[maxDoc] = ords.Count;
        if (!singleValued)
        {
            return new FacetOrds(values, null, starts, [.. ords]);
        }

        // At most one value per document (the usual case for source, type and year): one array, -1 for none.
        var compact = new int[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            compact[doc] = starts[doc + 1] > starts[doc] ? ords[starts[doc]] : -1;
        }

        return new FacetOrds(values, compact, null, []);
    }
}
