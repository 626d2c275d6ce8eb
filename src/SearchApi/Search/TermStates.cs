using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.SearchApi.Search;

/// <summary>
/// One request's term-dictionary lookups: each (field, term) is looked up once per segment, with one terms enumerator
/// per (segment, field) reused for every term of that field. The states it builds are what
/// <see cref="TermContext.Build"/> builds (same term states, document and term frequencies), so queries given them
/// (<see cref="WithStates"/>) score exactly as queries that look their terms up themselves.
/// </summary>
/// <remarks>
/// Not thread-safe: one request, one thread, one searcher (the one it was made for), used while its lease is held.
/// The enumerators are borrowed from a pool per segment core and field, and returned when disposed: a terms enumerator
/// reads the segment's terms dictionary only, and allocates much (its frames, arcs and input buffer) when made. The
/// postings enumerators of its term queries' scorers (<see cref="Docs"/>) are pooled the same way; after disposal it
/// borrows none, so nothing still in use can be lent to another request.
/// </remarks>
public sealed class TermStates(IndexSearcher searcher) : IDisposable
{
    /// <summary>
    /// Idle enumerators per segment core (dropped with it) and field: terms enumerators, and postings enumerators. A new
    /// postings enumerator allocates its block buffers, and its copy of the postings file a read buffer at its first read:
    /// for a broad query over many segments that was most of a request's allocations.
    /// </summary>
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, IdleEnums>> Idle = [];

    private readonly IndexReaderContext _top = searcher.TopReaderContext;
    private readonly Dictionary<Term, TermContext> _states = [];
    private readonly Dictionary<string, TermsEnum?[]> _enums = new(StringComparer.Ordinal);
    private readonly List<(Pool<TermsEnum> Idle, TermsEnum Enum)> _borrowed = [];
    private readonly List<(Pool<DocsEnum> Idle, DocsEnum Enum)> _borrowedDocs = [];
    private bool _disposed;

    /// <summary>Postings enumerators reused from earlier requests (<see cref="Docs"/>).</summary>
    internal int ReusedPostings { get; private set; }

    /// <summary>Distinct terms looked up so far (each once per segment).</summary>
    public int Count => _states.Count;

    /// <summary>The term's state in every segment holding it, with its document and term frequencies over all segments.</summary>
    public TermContext Get(Term term)
    {
        if (!_states.TryGetValue(term, out var states))
        {
            states = Build(term);
            _states.Add(term, states);
        }

        return states;
    }

    /// <summary>Documents holding the term, deleted ones included (as <see cref="IndexReader.DocFreq"/>).</summary>
    public int DocFreq(Term term) => Get(term).DocFreq;

    /// <summary>
    /// The query with each of its term queries (within boolean queries) given its states; other kinds of query are kept
    /// as they are (they look their terms up themselves). The query given is not changed.
    /// </summary>
    public Query WithStates(Query query)
    {
        switch (query)
        {
            case TermQuery term when term.GetType() == typeof(TermQuery):
                return new StatedTermQuery(term.Term, Get(term.Term), this) { Boost = term.Boost };
            case BooleanQuery boolean when boolean.GetType() == typeof(BooleanQuery):
                var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var clause in boolean.Clauses)
                {
                    copy.Add(WithStates(clause.Query), clause.Occur);
                }

                return copy;
            default:
                return query;
        }
    }

    /// <summary>A term query that uses this request's states of its term (and its enumerators to score).</summary>
    public TermQuery QueryFor(Term term) => new StatedTermQuery(term, Get(term), this);

    /// <summary>This request's enumerator of a segment's terms of the field, or null when the segment has none.</summary>
    internal TermsEnum? Enumerator(int leaf, string field)
    {
        var leaves = _top.Leaves;
        var enums = Enums(field, leaves.Count);
        var terms = enums[leaf] ??= Borrow(leaves[leaf].AtomicReader, field);
        return terms == TermsEnum.EMPTY ? null : terms;
    }

    /// <summary>
    /// The postings of the term <paramref name="terms"/> is positioned on (an enumerator of segment <paramref name="leaf"/>
    /// from <see cref="Enumerator"/>), in an idle enumerator of that segment and field when there is one. It goes back
    /// when this is disposed: use it only while this request runs.
    /// </summary>
    internal DocsEnum Docs(int leaf, string field, TermsEnum terms, Lucene.Net.Util.IBits? acceptDocs)
    {
        if (_disposed)
        {
            return terms.Docs(acceptDocs, null); // nothing borrowed after the request: nothing can be given back twice
        }

        var idle = IdleOf(_top.Leaves[leaf].AtomicReader, field).Docs;
        var reuse = idle.Take();
        var docs = terms.Docs(acceptDocs, reuse);
        ReusedPostings += docs == reuse ? 1 : 0;
        _borrowedDocs.Add((idle, docs));
        return docs;
    }

    private TermContext Build(Term term)
    {
        var states = new TermContext(_top);
        var leaves = _top.Leaves;
        var enums = Enums(term.Field, leaves.Count);
        for (var i = 0; i < leaves.Count; i++)
        {
            var terms = enums[i] ??= Borrow(leaves[i].AtomicReader, term.Field);
            if (terms != TermsEnum.EMPTY && terms.SeekExact(term.Bytes))
            {
                states.Register(terms.GetTermState(), leaves[i].Ord, terms.DocFreq, terms.TotalTermFreq);
            }
        }

        return states;
    }

    /// <summary>An enumerator of the segment's terms of the field (<see cref="TermsEnum.EMPTY"/> when it has none).</summary>
    private TermsEnum Borrow(AtomicReader reader, string field)
    {
        if (reader.Fields?.GetTerms(field) is not { } terms)
        {
            return TermsEnum.EMPTY;
        }

        var idle = IdleOf(reader, field).Terms;
        var enumerator = idle.Take() ?? terms.GetEnumerator();
        _borrowed.Add((idle, enumerator));
        return enumerator;
    }

    private static IdleEnums IdleOf(AtomicReader reader, string field) =>
        Idle.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal)).GetOrAdd(field, _ => new IdleEnums());

    /// <summary>Returns the enumerators (the states stay usable; a later lookup borrows again).</summary>
    public void Dispose()
    {
        _enums.Clear();
        foreach (var (idle, enumerator) in _borrowed)
        {
            idle.Add(enumerator);
        }

        _borrowed.Clear();
        foreach (var (idle, docs) in _borrowedDocs)
        {
            idle.Add(docs);
        }

        _borrowedDocs.Clear();
        _disposed = true;
    }

    /// <summary>The idle enumerators of one segment and field.</summary>
    private sealed class IdleEnums
    {
        public Pool<TermsEnum> Terms { get; } = new();

        public Pool<DocsEnum> Docs { get; } = new();
    }

    /// <summary>A few idle enumerators (more than a few requests use at once are dropped).</summary>
    private sealed class Pool<T>
        where T : class
    {
        private const int Capacity = 32;
        private readonly Stack<T> _idle = new();

        public T? Take()
        {
            lock (_idle)
            {
                return _idle.TryPop(out var item) ? item : null;
            }
        }

        public void Add(T item)
        {
            lock (_idle)
            {
                if (_idle.Count < Capacity)
                {
                    _idle.Push(item);
                }
            }
        }
    }

    private TermsEnum?[] Enums(string field, int leaves)
    {
        if (!_enums.TryGetValue(field, out var enums))
        {
            enums = new TermsEnum?[leaves];
            _enums.Add(field, enums);
        }

        return enums;
    }
}
