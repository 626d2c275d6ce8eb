using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Connectors.Abstractions;
using Search.Indexer.Harvesting;
using Search.Indexer.Schema;
using Search.Indexer.Sources;
using Search.Indexer.Writing;
using Search.SearchApi.Search;
using Search.SearchApi.Security;

namespace Search.SearchApi.Endpoints;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Zoeken").AddEndpointFilter<SearchAdmissionFilter>();
        api.MapGet("/search", Search)
            .WithName("Search")
            .WithSummary("Search every knowledge bank")
            .WithDescription("Dutch full-text search with facets (source, type, theme, year). Repeat a filter for OR within a facet.");
        api.MapGet("/search.atom", SearchFeed.Get)
            .WithName("SearchFeed")
            .WithSummary("A search as an Atom feed, newest first")
            .WithDescription("The same parameters as /search; public documents only unless the request carries a valid bearer token.");
        api.MapGet("/suggest", Suggest).WithName("Suggest").WithSummary("Autocomplete: matching titles and words");
        api.MapGet("/documents/{id}", GetDocument).WithName("GetDocument").WithSummary("A document's metadata and extracted text");
        api.MapGet("/documents/{id}/similar", GetSimilar).WithName("GetSimilarDocuments").WithSummary("Documents with similar wording (more like this)");
        api.MapGet("/sources", GetSources).WithName("GetSources").WithSummary("The configured sources and their last harvest");
        return app;
    }

    internal static Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult> Search(
        SearchService search,
        CallerAccess caller,
        Analytics.AnalyticsStore analytics,
        [FromQuery] string? q,
        [FromQuery] string[]? source,
        [FromQuery] string[]? type,
        [FromQuery] string[]? theme,
        [FromQuery] string[]? year,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        [FromQuery] string? sort)
    {
        var (request, errors) = SearchRequestParser.Parse(q, source, type, theme, year, page, pageSize, sort);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "Een of meer parameters van de zoekopdracht zijn ongeldig.", title: "Ongeldige zoekopdracht");
        }

        try
        {
            var response = search.Search(request, caller);
            if (response.Page == 1)
            {
                // Analytics: the query and its total only, never who asked.
                analytics.RecordSearch(request.Query, response.Total);
            }

            return TypedResults.Ok(response);
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige zoekvraag");
        }
    }

    internal static Results<Ok<SuggestResponse>, ValidationProblem> Suggest(SearchService search, CallerAccess caller, [FromQuery] string? q, [FromQuery] string? size)
    {
        var text = (q ?? string.Empty).Trim();
        var count = 8;
        var errors = new Dictionary<string, string[]>();
        if (text.Length > 100)
        {
            errors["q"] = ["Voor suggesties mag de invoer hoogstens 100 tekens lang zijn."];
        }

        if (!string.IsNullOrEmpty(size) && (!int.TryParse(size, out count) || count < 1 || count > 20))
        {
            errors["size"] = ["Het aantal suggesties moet tussen 1 en 20 liggen."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, detail: "De parameters van de suggesties zijn ongeldig.", title: "Ongeldige invoer")
            : TypedResults.Ok(search.Suggest(text, count, caller));
    }

    internal static Results<Ok<DocumentResponse>, ProblemHttpResult> GetDocument(
        string id, LuceneIndex index, SourceCatalog catalog, CallerAccess caller, IOptions<FamilyOptions> families)
    {
        var doc = id.Length <= 200 ? index.Get(id) : null;
        if (doc is not null && !caller.CanRead(doc.Access) && catalog.Find(doc.SourceId) is { Visibility: Visibility.Members, Restricted: RestrictedMode.Teaser })
        {
            return TypedResults.Ok(new DocumentResponse(
                doc.Id, doc.Title, doc.Url, new SourceRef(doc.SourceId, doc.SourceName), doc.Type, doc.Themes, doc.Published, doc.Modified,
                null, doc.ParentUrl is { } teaserParent ? new ParentRef(doc.ParentTitle, teaserParent) : null, doc.Format,
                0, doc.HarvestedAt, null, null, Restricted: true));
        }

        if (doc is null || !caller.CanRead(doc.Access))
        {
            // Hidden documents answer exactly like unknown ones.
            return TypedResults.Problem($"Er is geen document met id '{Truncate(id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Document niet gevonden");
        }

        return TypedResults.Ok(new DocumentResponse(
            doc.Id, doc.Title, doc.Url, new SourceRef(doc.SourceId, doc.SourceName), doc.Type, doc.Themes, doc.Published, doc.Modified,
            doc.Description, doc.ParentUrl is { } parentUrl ? new ParentRef(doc.ParentTitle, parentUrl) : null, doc.Format,
            doc.PageStarts.Count, doc.HarvestedAt, doc.Body, FamilyMembers.Of(index, doc, families.Value.PreferredSources, caller.Filter)));
    }

    internal static Results<Ok<SimilarResponse>, ProblemHttpResult> GetSimilar(string id, SearchService search, CallerAccess caller, [FromQuery] int? pageSize)
    {
        var similar = id.Length <= 200 ? search.Similar(id, Math.Clamp(pageSize ?? 5, 1, 20), caller) : null;
        return similar is null
            ? TypedResults.Problem($"Er is geen document met id '{Truncate(id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Document niet gevonden")
            : TypedResults.Ok(new SimilarResponse(id, similar));
    }

    internal static Ok<List<SourceResponse>> GetSources(SourceCatalog catalog, LuceneIndex index, HarvestStore state) =>
        TypedResults.Ok(catalog.Sources.Select(s => ToResponse(s, index, state)).ToList());

    /// <summary>A source as the API shows it: never credentials, only public document counts.</summary>
    internal static SourceResponse ToResponse(SourceDefinition s, LuceneIndex index, HarvestStore state)
    {
        var visible = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Source, s.Id)), Occur.MUST },
            { new TermQuery(new Term(IndexFields.Access, AccessLabels.Public)), Occur.MUST },
        };
        var last = state.Last(s.Id);
        return new SourceResponse(
            s.Id,
            s.Name,
            s.Kind.ToString().ToLowerInvariant(),
            s.Url?.AbsoluteUri,
            s.Visibility == Visibility.Members && s.Network is { } network ? AccessLabels.MembersOf(network) : s.Visibility.ToString().ToLowerInvariant(),
            s.Enabled,
            s.Schedule,
            index.Count(visible),
            last is null ? null : new HarvestSummary(last.StartedAt, last.FinishedAt, last.Status.ToString().ToLowerInvariant(), last.Counts, last.Error));
    }

    private static string Truncate(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
