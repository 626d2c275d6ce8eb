using Microsoft.AspNetCore.Http.HttpResults;
using Search.Indexer;
using Search.Indexer.Analysis;
using Search.Indexer.Writing;

namespace Search.SearchApi.Admin;

/// <summary>
/// Zero-downtime rebuild of the whole index from its stored fields with the analysis files as they are now (needed
/// after stopwords, stem overrides, compound lists or concepts change). Search keeps answering from the live index and harvests keep writing; the new
/// generation is swapped in when complete. Mapped in the admin group (admin key or role, audited).
/// </summary>
public static class ReindexEndpoints
{
    internal static RouteGroupBuilder MapReindexEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/reindex", Start).WithSummary("Rebuild the index beside the live one and swap it in (202 with the run; 409 if one runs)");
        admin.MapGet("/reindex", Latest).WithSummary("The running rebuild, else the last one since the service started");
        admin.MapGet("/reindex/{runId}", Get).WithSummary("One rebuild run");
        return admin;
    }

    internal static Results<Accepted<IndexRebuildStatus>, ProblemHttpResult> Start(LuceneIndex index, ResolvedPaths paths, IHostApplicationLifetime lifetime)
    {
        AnalysisResources? analysis = null;
        try
        {
            // The analysis files as they are now; queries switch to them together with the rebuilt index.
            analysis = Directory.Exists(paths.AnalysisDirectory) ? AnalysisResources.Load(paths.AnalysisDirectory) : null;
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return TypedResults.Problem($"De analysebestanden zijn ongeldig; er is niets herbouwd. {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest, title: "Analysebestanden ongeldig");
        }

        try
        {
            // The run belongs to the service, not to this request: only shutdown cancels it.
            var started = index.StartRebuild(analysis, lifetime.ApplicationStopping);
            return started is null
                ? TypedResults.Problem($"Er loopt al een herbouw van de index (run {index.LastRebuild?.RunId}).",
                    statusCode: StatusCodes.Status409Conflict, title: "Herbouw loopt al")
                : TypedResults.Accepted($"/api/v1/admin/reindex/{started.RunId}", started);
        }
        catch (IndexUnavailableException)
        {
            return TypedResults.Problem(
                "De index is beschadigd of ontbreekt en kan daarom niet uit zichzelf worden herbouwd. Herstel hem met 'index repair' of 'index reset' (zie README).",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Index niet beschikbaar");
        }
        catch (NotSupportedException)
        {
            return TypedResults.Problem("Deze index staat niet op schijf en kan niet naast zichzelf worden herbouwd.",
                statusCode: StatusCodes.Status409Conflict, title: "Herbouwen niet mogelijk");
        }
    }

    internal static Results<Ok<IndexRebuildStatus>, ProblemHttpResult> Latest(LuceneIndex index) =>
        index.LastRebuild is { } status
            ? TypedResults.Ok(status)
            : TypedResults.Problem("Sinds de start van de dienst is de index niet herbouwd.", statusCode: StatusCodes.Status404NotFound, title: "Geen herbouw");

    internal static Results<Ok<IndexRebuildStatus>, ProblemHttpResult> Get(string runId, LuceneIndex index) =>
        index.LastRebuild is { } status && status.RunId == runId
            ? TypedResults.Ok(status)
            : TypedResults.Problem($"Er is geen herbouw met id '{(runId.Length > 80 ? runId[..80] : runId)}'.", statusCode: StatusCodes.Status404NotFound,
                title: "Herbouw niet gevonden");
}
