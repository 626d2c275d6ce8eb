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
public sealed class SearchService(LuceneIndex index, Taxonomy taxonomy, SourceCatalog catalog, TimeProvider time, IOptions<FamilyOptions> families)
{
    /// <summary>Searches the public documents only (anonymous callers, partner keys).</summary>
    public SearchResponse Search(SearchRequest request) => Search(request, CallerAccess.Anonymous);

    /// <summary>Searches what the caller may see: readable documents, and teasers of restricted ones.</summary>
    public SearchResponse Search(SearchRequest request, CallerAccess caller)
    {
        var started = time.GetTimestamp();
        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var scope = Scope(caller);

        // In order: all words; all words of the spelling-corrected query; any word; any word of the corrected query.
        var corrected = QueryFactory.IsCorrectable(request.Query) ? Correct(new Vocabulary(searcher, caller.Filter), request.Query) : null;
        var correctedNotice = $"Niets gevonden voor “{request.Query}”; u ziet de resultaten voor “{corrected}”.";
        var (query, collector, facets, notice) = Attempt(searcher, scope, request.Query, request, anyWord: false);
        var didYouMean = corrected;
        if (facets.TotalHits == 0 && corrected is not null)
        {
            var retry = Attempt(searcher, scope, corrected, request, anyWord: false);
            if (retry.Facets.TotalHits > 0)
            {
                (query, collector, facets, notice) = (retry.Query, retry.Collector, retry.Facets, correctedNotice);
            }
        }

        if (facets.TotalHits == 0)
        {
            var retry = Attempt(searcher, scope, request.Query, request, anyWord: true);
            if (retry.Facets.TotalHits == 0 && corrected is not null)
            {
                retry = Attempt(searcher, scope, corrected, request, anyWord: true);
                retry.Notice = retry.Facets.TotalHits > 0 ? correctedNotice : retry.Notice;
            }

            if (retry.Facets.TotalHits > 0)
            {
                (query, collector, facets, notice) = (retry.Query, retry.Collector, retry.Facets, retry.Notice);
            }
        }

        var top = collector.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
        var snippets = new SnippetBuilder(query, searcher.IndexReader, index.Analyzer);
        var hits = top.ScoreDocs.Select(scoreDoc =>
        {
            var doc = DocumentMapper.FromLucene(searcher.Doc(scoreDoc.Doc));
            return !caller.CanRead(doc.Access)
                ? Teaser(doc, scoreDoc.Score)
                : ToHit(doc, snippets.Build(doc.Body, doc.Description, out var offset), scoreDoc.Score) with
                {
                    Variants = FamilyMembers.Variants(searcher, doc, families.Value.PreferredSources, caller.Filter),
                    Page = PageOf(doc.PageStarts, offset),
                };
        }).ToList();

        // Hits are collapsed by version family: the total counts families, the facets count documents.
        return new SearchResponse(
            request.Query,
            collector.TotalHits,
            request.Page,
            request.PageSize,
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            hits,
            BuildFacets(facets),
            caller.Notice is null ? notice : caller.Notice + (notice is null ? string.Empty : " " + notice),
            didYouMean);
    }

    /// <summary>All words must match; when no document has them all, any word may (with a notice).</summary>
    private Attempted Attempt(IndexSearcher searcher, SearchScope scope, string text, SearchRequest request, bool anyWord)
    {
        var quoted = QueryFactory.QuoteConcepts(text, index.Analysis.Concepts);
        var compounds = index.UsesStockAnalyzer ? null : index.Analysis.Compounds;
        var parsed = QueryFactory.ParseLenient(quoted, index.QueryAnalyzer, requireAllWords: true, out var degraded, compounds);
        var query = QueryFactory.WithProximityBoost(parsed, text, index.QueryAnalyzer);
        var (collector, facets) = Execute(searcher, scope, query, Teasers.TitleOnly(parsed), request);
        var notice = degraded ? "De zoekvraag bevatte een syntaxfout; er is gezocht op de losse woorden." : null;
        if (anyWord && facets.TotalHits == 0 && (degraded || QueryFactory.IsPlainWords(text)))
        {
            parsed = QueryFactory.ParseLenient(quoted, index.QueryAnalyzer, requireAllWords: false, out _, compounds);
            query = QueryFactory.WithProximityBoost(parsed, text, index.QueryAnalyzer);
            (collector, facets) = Execute(searcher, scope, query, Teasers.TitleOnly(parsed), request);
            if (facets.TotalHits > 0)
            {
                notice = (notice is null ? string.Empty : notice + " ") + "Er zijn geen documenten met alle zoekwoorden; u ziet documenten met een deel ervan.";
            }
        }

        return new Attempted(query, collector, facets) { Notice = notice };
    }

    /// <summary>One way of running the query, and what it found.</summary>
    private sealed record Attempted(Query Query, ITopDocsCollector Collector, FacetingCollector Facets)
    {
        public string? Notice { get; set; }

        public void Deconstruct(out Query query, out ITopDocsCollector collector, out FacetingCollector facets, out string? notice) =>
            (query, collector, facets, notice) = (Query, Collector, Facets, Notice);
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
        var top = searcher.Search(new ConstantScoreQuery(query), caller.Filter, 200,
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
        var terms = new Vocabulary(searcher, caller.Filter).Complete(last, size - titles.Count)
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
        var top = searcher.Search(query, caller.Filter, count);
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

    private (ITopDocsCollector Collector, FacetingCollector Facets) Execute(IndexSearcher searcher, SearchScope scope, Query query, Query titleQuery, SearchRequest request)
    {
        // Newest first (then by score) when asked or when there is nothing to score; else by relevance.
        var top = new FamilyCollector(request.Sort == SearchSort.Date || query is MatchAllDocsQuery, families.Value.PreferredSources)
        {
            Standalone = scope.Teasers, // a teaser never joins or represents a version family
        };
        var facets = new FacetingCollector(top, [
            new FacetSpec(IndexFields.Source, request.Sources),
            new FacetSpec(IndexFields.Type, request.Types),
            new FacetSpec(IndexFields.Theme, request.Themes),
            new FacetSpec(IndexFields.Year, request.Years),
        ]);
        var ranked = query is MatchAllDocsQuery ? query : new RankingSignalsQuery(query, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        searcher.Search(scope.Compose(ranked, titleQuery), scope.Teasers is null ? scope.Caller.Filter : null, facets);
        facets.Finish();
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
