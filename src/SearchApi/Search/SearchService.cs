using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;
using Search.Indexer.Classification;
using Search.Indexer.Schema;
using Search.Indexer.Sources;
using Search.Indexer.Writing;
using Search.SearchApi.Security;

namespace Search.SearchApi.Search;

/// <summary>Runs a validated search against the current searcher: hits, facet counts and snippets in one pass.</summary>
public sealed class SearchService(
    LuceneIndex index, Taxonomy taxonomy, SourceCatalog catalog, TimeProvider time, IOptions<FamilyOptions> families, IOptions<SearchLimitOptions> limits)
{
    /// <summary>Searches the public documents only (anonymous callers, partner keys).</summary>
    public SearchResponse Search(SearchRequest request) => Search(request, CallerAccess.Anonymous);

    /// <summary>Searches what the caller may see: readable documents, and teasers of restricted ones.</summary>
    public SearchResponse Search(SearchRequest request, CallerAccess caller)
    {
        var started = time.GetTimestamp();
        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var visible = AccessFilter.For(caller);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        using var run = new Run(searcher, Scope(caller), visible, request, DeadlineCollector.Deadline(time, started, limits.Value.CollectionTimeLimit), today);

        // In order: all words; all words of the spelling-corrected query; any word; any word of the corrected query.
        // A search that ran out of time stops there, with what it found. Each is run once: an any-word attempt starts
        // from its all-words attempt, which found nothing.
        var corrected = QueryFactory.IsCorrectable(request.Query) ? Correct(new Vocabulary(searcher, visible, run.Terms), request.Query) : null;
        var correctedNotice = $"Niets gevonden voor “{request.Query}”; u ziet de resultaten voor “{corrected}”.";
        var found = Attempt(run, request.Query);
        Attempted? correctedAttempt = null;
        if (found.Facets.TotalHits == 0 && corrected is not null && !run.Partial)
        {
            correctedAttempt = Attempt(run, corrected);
            if (correctedAttempt.Facets.TotalHits > 0)
            {
                found = correctedAttempt with { Notice = correctedNotice };
            }
        }

        if (found.Facets.TotalHits == 0 && !run.Partial)
        {
            var retry = AnyWord(run, request.Query, found);
            if (retry.Facets.TotalHits == 0 && correctedAttempt is not null && !run.Partial)
            {
                retry = AnyWord(run, corrected!, correctedAttempt);
                retry = retry.Facets.TotalHits > 0 ? retry with { Notice = correctedNotice } : retry;
            }

            if (retry.Facets.TotalHits > 0)
            {
                found = retry;
            }
        }

        var top = found.Collector.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
        var snippets = new SnippetBuilder(found.Highlight, searcher.IndexReader, index.Analyzer, run.Terms, lease.Layout);
        var ordinals = FamilyOrdinals.Of(searcher.IndexReader);
        var hits = top.ScoreDocs.Select(scoreDoc =>
        {
            var doc = DocumentMapper.FromLucene(HitFields.Load(searcher, scoreDoc.Doc));
            return !caller.CanRead(doc.Access)
                ? Teaser(doc, scoreDoc.Score)
                : ToHit(doc, snippets.Build(doc.Body, doc.Description, scoreDoc.Doc, out var offset), scoreDoc.Score) with
                {
                    Variants = ordinals.MayHaveOthers(scoreDoc.Doc)
                        ? FamilyMembers.Variants(searcher, doc, families.Value.PreferredSources, visible, run.Terms)
                        : null,
                    Page = PageOf(doc.PageStarts, offset),
                };
        }).ToList();

        // Hits are collapsed by version family: the total counts families, the facets count documents.
        var notice = Join(caller.Notice, Join(found.Notice, run.Partial ? PartialNotice : null));
        return new SearchResponse(
            request.Query,
            found.Collector.TotalHits,
            request.Page,
            request.PageSize,
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            hits,
            BuildFacets(found.Facets),
            notice,
            corrected)
        {
            Partial = run.Partial ? true : null,
        };
    }

    /// <summary>Shown when collecting matches ran out of time (<see cref="SearchLimitOptions.CollectionTimeLimit"/>).</summary>
    public const string PartialNotice = "Deze zoekopdracht kostte te veel tijd en is afgebroken; u ziet de resultaten die tot dan waren gevonden. Maak de zoekvraag specifieker voor een volledig resultaat.";

    private static string? Join(string? first, string? second) => first is null ? second : second is null ? first : first + " " + second;

    /// <summary>All words must match.</summary>
    private Attempted Attempt(Run run, string text)
    {
        var parsed = QueryFactory.ParseLenient(Quoted(text), index.QueryAnalyzer, requireAllWords: true, out var degraded, Compounds, run.Terms.DocFreq);
        var (collector, facets) = Execute(run, parsed, run.Proximity(text, index.QueryAnalyzer));
        var notice = degraded ? "De zoekvraag bevatte een syntaxfout; er is gezocht op de losse woorden." : null;

        // Snippets mark the query's words; the proximity boost would only make the highlighter index each hit in memory.
        return new Attempted(parsed, collector, facets, notice, degraded);
    }

    /// <summary>When no document has all words (<paramref name="allWords"/> found nothing), any word may match (with a notice).</summary>
    private Attempted AnyWord(Run run, string text, Attempted allWords)
    {
        if (allWords.Facets.TotalHits > 0 || run.Partial || !(allWords.Degraded || QueryFactory.IsPlainWords(text)))
        {
            return allWords;
        }

        var parsed = QueryFactory.ParseLenient(Quoted(text), index.QueryAnalyzer, requireAllWords: false, out _, Compounds, run.Terms.DocFreq);
        var (collector, facets) = Execute(run, parsed, run.Proximity(text, index.QueryAnalyzer));
        var notice = facets.TotalHits > 0
            ? Join(allWords.Notice, "Er zijn geen documenten met alle zoekwoorden; u ziet documenten met een deel ervan.")
            : allWords.Notice;
        return new Attempted(parsed, collector, facets, notice, allWords.Degraded);
    }

    private string Quoted(string text) => QueryFactory.QuoteConcepts(text, index.Analysis.Concepts);

    private global::Search.Indexer.Analysis.CompoundSegmenter? Compounds => index.UsesStockAnalyzer ? null : index.Analysis.Compounds;

    /// <summary>
    /// One way of running the query, and what it found; <see cref="Highlight"/> is the query whose words snippets mark;
    /// <see cref="Degraded"/>: the query's syntax was broken, its plain words were searched.
    /// </summary>
    private sealed record Attempted(Query Highlight, FamilyCollector Collector, FacetingCollector Facets, string? Notice, bool Degraded);

    /// <summary>
    /// One request's search: where, what, until when, and whether time ran out; and what its attempts share: the terms
    /// looked up (<see cref="TermStates"/>), the proximity boost of each text and its late form.
    /// </summary>
    private sealed class Run(IndexSearcher searcher, SearchScope scope, Filter visible, SearchRequest request, long deadline, DateOnly today) : IDisposable
    {
        private readonly Dictionary<string, Query?> _proximity = new(StringComparer.Ordinal);
        private readonly Dictionary<Query, LateBoost?> _late = new(ReferenceEqualityComparer.Instance);

        public IndexSearcher Searcher => searcher;

        public SearchScope Scope => scope;

        /// <summary>The documents the caller may read (<see cref="AccessFilter.For"/>).</summary>
        public Filter Visible => visible;

        public SearchRequest Request => request;

        public long Deadline => deadline;

        /// <summary>The day the ranking signals count from (one for the whole request).</summary>
        public DateOnly Today => today;

        public TermStates Terms { get; } = new(searcher);

        public bool Partial { get; set; }

        /// <summary>The text's proximity boost (<see cref="QueryFactory.ProximityBoost"/>), made once per text.</summary>
        public Query? Proximity(string text, Lucene.Net.Analysis.Analyzer analyzer)
        {
            if (!_proximity.TryGetValue(text, out var proximity))
            {
                proximity = QueryFactory.ProximityBoost(text, analyzer);
                _proximity.Add(text, proximity);
            }

            return proximity;
        }

        /// <summary>The boost's late form (<see cref="LateBoost.TryCreate(IndexSearcher, Query, DateOnly, TermStates)"/>), made once per boost.</summary>
        public LateBoost? Late(Query proximity)
        {
            if (!_late.TryGetValue(proximity, out var late))
            {
                late = LateBoost.TryCreate(searcher, proximity, today, Terms);
                _late.Add(proximity, late);
            }

            return late;
        }

        public void Dispose() => Terms.Dispose();
    }

    /// <summary>The query with every unknown word replaced by its closest known word, or null when nothing changes.</summary>
    private static string? Correct(Vocabulary vocabulary, string text)
    {
        var changed = false;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
        {
            var correction = vocabulary.Correct(word.ToLowerInvariant());
            changed |= correction is not null;
            return correction ?? word;
        }).ToList();
        return changed ? string.Join(' ', words) : null;
    }

    /// <summary>Autocomplete: titles of public documents containing the typed words (the last one as a prefix), then known words.</summary>
    public SuggestResponse Suggest(string prefix, int size) => Suggest(prefix, size, CallerAccess.Anonymous);

    /// <summary>Autocomplete from the documents the caller may read (never from teasers).</summary>
    public SuggestResponse Suggest(string prefix, int size, CallerAccess caller)
    {
        var started = time.GetTimestamp();
        var words = prefix.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[^1].Length < 2)
        {
            return new SuggestResponse(prefix, [], 0);
        }

        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var last = words[^1];
        var query = new BooleanQuery { { new PrefixQuery(new Term(IndexFields.Spell, last)), Occur.MUST } };
        foreach (var word in words[..^1])
        {
            query.Add(new TermQuery(new Term(IndexFields.Spell, word)), Occur.MUST);
        }

        var titles = new List<Suggestion>();
        var top = searcher.Search(new ConstantScoreQuery(query), AccessFilter.For(caller), 200,
            new Sort(new SortField(IndexFields.SortDate, SortFieldType.INT64, true)));
        var fields = new HashSet<string> { IndexFields.Id, IndexFields.Title, IndexFields.Url };
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var doc = searcher.Doc(scoreDoc.Doc, fields);
            var title = doc.Get(IndexFields.Title);
            var lower = title.ToLowerInvariant();
            if (words[..^1].All(w => lower.Contains(w, StringComparison.Ordinal))
                && System.Text.RegularExpressions.Regex.IsMatch(lower, @"(^|\W)" + System.Text.RegularExpressions.Regex.Escape(last))
                && titles.All(t => t.Text != title))
            {
                titles.Add(new Suggestion(title, "title", doc.Get(IndexFields.Id), doc.Get(IndexFields.Url)));
                if (titles.Count >= (size + 1) / 2)
                {
                    break;
                }
            }
        }

        var stem = string.Join(' ', words[..^1]);
        using var lookups = new TermStates(searcher);
        var terms = new Vocabulary(searcher, AccessFilter.For(caller), lookups).Complete(last, size - titles.Count)
            .Select(term => new Suggestion(stem.Length == 0 ? term : stem + " " + term, "term"));
        return new SuggestResponse(prefix, [.. titles, .. terms], (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Documents whose wording resembles the given one (more like this), or null when it is unknown or hidden.</summary>
    public IReadOnlyList<SearchHit>? Similar(string id, int count) => Similar(id, count, CallerAccess.Anonymous);

    /// <summary>Documents resembling one the caller may read, among those the caller may read; null when unknown or not readable.</summary>
    public IReadOnlyList<SearchHit>? Similar(string id, int count, CallerAccess caller)
    {
        var document = index.Get(id);
        if (document is null || !caller.CanRead(document.Access))
        {
            return null;
        }

        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var moreLikeThis = new MoreLikeThis(searcher.IndexReader)
        {
            Analyzer = index.Analyzer,
            FieldNames = [IndexFields.Body],
            MinTermFreq = 2,
            MinDocFreq = 1,
            MinWordLen = 3,
            MaxQueryTerms = 30,
        };
        using var text = new StringReader(document.Title + "\n" + document.Body);
        var query = new BooleanQuery
        {
            { moreLikeThis.Like(text, IndexFields.Body), Occur.MUST },
            { new TermQuery(new Term(IndexFields.Id, id)), Occur.MUST_NOT },
        };
        var top = searcher.Search(query, AccessFilter.For(caller), count);
        return top.ScoreDocs.Select(scoreDoc =>
        {
            var doc = DocumentMapper.FromLucene(searcher.Doc(scoreDoc.Doc));
            return ToHit(doc, SnippetBuilder.Plain(doc.Description ?? doc.Body), scoreDoc.Score);
        }).ToList();
    }

    /// <summary>A restricted document the caller may not read: title, source and url, an invitation to log in, nothing of its text.</summary>
    private static SearchHit Teaser(IndexDocument doc, float score) =>
        ToHit(doc, Teasers.Snippet(doc.SourceName), score) with { Restricted = true };

    /// <summary>The 1-based page of a paged document (PDF) on which a body offset lies; null for other documents or no offset.</summary>
    internal static int? PageOf(IReadOnlyList<int> pageStarts, int? offset)
    {
        if (pageStarts.Count == 0 || offset is not { } at)
        {
            return null;
        }

        var page = 1;
        while (page < pageStarts.Count && pageStarts[page] <= at)
        {
            page++;
        }

        return page;
    }

    /// <summary>What this caller's search covers: readable documents, plus (title-only) teasers of teaser sources.</summary>
    private SearchScope Scope(CallerAccess caller) => new(caller, Teasers.Filter(catalog.Sources, caller));

    private static SearchHit ToHit(IndexDocument doc, string snippet, float score) => new(
        doc.Id,
        doc.Title,
        doc.Url,
        new SourceRef(doc.SourceId, doc.SourceName),
        doc.Type,
        doc.Themes,
        doc.SortDate,
        snippet,
        float.IsNaN(score) ? 0 : score,
        doc.ParentUrl is { } parentUrl ? new ParentRef(doc.ParentTitle, parentUrl) : null);

    /// <summary>
    /// Runs the query with its proximity boost (when any) and the ranking signals. By relevance the boost is scored after
    /// collecting, for the families that could make the page only (<see cref="LateBoost"/>): the same page, cheaper.
    /// </summary>
    private (FamilyCollector Collector, FacetingCollector Facets) Execute(Run run, Query parsed, Query? proximity)
    {
        // Newest first (then by score) when asked or when there is nothing to score; else by relevance.
        var request = run.Request;
        var byDate = request.Sort == SearchSort.Date || parsed is MatchAllDocsQuery;
        var late = proximity is not null && !byDate && run.Scope.Teasers is null ? run.Late(proximity) : null;

        // The ranking signals: applied with the late boost, or by the collector, or (with teasers, whose title-only half
        // they never touched) by a RankingSignalsQuery around the readable half.
        var collectorSignals = late is null && run.Scope.Teasers is null && parsed is not MatchAllDocsQuery;
        var top = new FamilyCollector(byDate, families.Value.PreferredSources, request.Page * request.PageSize)
        {
            Standalone = run.Scope.Teasers, // a teaser never joins or represents a version family
            Boost = late,
            Signals = collectorSignals ? run.Today : null,
        };
        var facets = new FacetingCollector(top, [
            new FacetSpec(IndexFields.Source, request.Sources),
            new FacetSpec(IndexFields.Type, request.Types),
            new FacetSpec(IndexFields.Theme, request.Themes),
            new FacetSpec(IndexFields.Year, request.Years),
        ]);
        // The query's terms come with their states (each term looked up once per request).
        var stated = run.Terms.WithStates(parsed);
        var flat = SumDisjunctionQuery.Flatten(stated, run.Searcher.Similarity);
        var query = proximity is null || late is not null ? flat : QueryFactory.WithBoost(flat, proximity);
        var ranked = late is not null || collectorSignals || query is MatchAllDocsQuery ? query : new RankingSignalsQuery(query, run.Today);
        try
        {
            run.Searcher.Search(run.Scope.Compose(ranked, Teasers.TitleOnly(stated)), run.Scope.Teasers is null ? run.Visible : null,
                new DeadlineCollector(facets, time, run.Deadline));
        }
        catch (CollectionTimeExceededException)
        {
            run.Partial = true;
        }
        finally
        {
            facets.Finish();
            top.Finish();
        }

        return (top, facets);
    }

    private SearchFacets BuildFacets(FacetingCollector facets)
    {
        IReadOnlyList<FacetValue> Values(int index, Func<string, string> label, bool byValueDescending = false)
        {
            var values = facets.Counts[index].Select(c => new FacetValue(c.Key, label(c.Key), c.Value));
            return (byValueDescending
                ? values.OrderByDescending(v => v.Value, StringComparer.Ordinal)
                : values.OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.CurrentCulture)).ToList();
        }

        return new SearchFacets(
            Values(0, id => catalog.Find(id)?.Name ?? id),
            Values(1, taxonomy.TypeLabel),
            Values(2, taxonomy.ThemeLabel),
            Values(3, y => y, byValueDescending: true));
    }
}

/// <summary>Loads the stored fields a hit shows: all but the fingerprint (read only when version families are assigned).</summary>
internal sealed class HitFields : Lucene.Net.Documents.DocumentStoredFieldVisitor
{
    public static Lucene.Net.Documents.Document Load(IndexSearcher searcher, int doc)
    {
        var visitor = new HitFields();
        searcher.Doc(doc, visitor);
        return visitor.Document;
    }

    public override Status NeedsField(FieldInfo fieldInfo) => fieldInfo.Name == IndexFields.Fingerprint ? Status.NO : Status.YES;
}
