using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Connectors.Http;
using Search.Indexer;
using Search.Indexer.Harvesting;
using Search.Indexer.Sources;
using Search.Indexer.Writing;
using Search.SearchApi.Endpoints;
using Search.SearchApi.Search;

namespace Search.SearchApi.Admin;

/// <summary>Source management and harvest runs, behind the admin API key.</summary>
public static class AdminEndpoints
{
    /// <summary>Source definitions posted to the admin API may be at most this large.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>().AddEndpointFilter<AuditFilter>();
        admin.MapPost("/sources", AddSource).WithSummary("Validate and add a source").Accepts<object>("application/json");
        admin.MapPut("/sources/{id}", UpdateSource).WithSummary("Replace an admin-managed source").Accepts<object>("application/json");
        admin.MapDelete("/sources/{id}", DeleteSource).WithSummary("Remove an admin-managed source and its documents");
        admin.MapPost("/sources/{id}/harvest", StartHarvest).WithSummary("Start a harvest now (202 with the run id; 409 if one runs)");
        admin.MapGet("/sources/{id}/runs", GetRuns).WithSummary("Recent runs of a source, newest first");
        admin.MapGet("/sources/{id}/runs/{runId}", GetRun).WithSummary("One run with its failed URLs and removals");
        admin.MapReindexEndpoints();
        return app;
    }

    internal static async Task<Results<Created<SourceResponse>, ValidationProblem, ProblemHttpResult>> AddSource(
        HttpRequest request, SourceCatalog catalog, SourceScheduler scheduler, LuceneIndex index, HarvestStore store,
        ResolvedPaths paths, IOptions<HarvestHttpOptions> harvest, CancellationToken cancellationToken)
    {
        var (source, json, invalid, problem) = await ReadSourceAsync(request, paths, harvest.Value, routeId: null, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var saved = catalog.Save(source!, json!, mustBeNew: true);
            await scheduler.ScheduleAsync(saved, harvestNow: saved.Enabled, cancellationToken);
            return TypedResults.Created($"/api/v1/admin/sources/{saved.Id}", SearchEndpoints.ToResponse(saved, index, store));
        }
        catch (SourceConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Bron bestaat al");
        }
    }

    internal static async Task<Results<Ok<SourceResponse>, ValidationProblem, ProblemHttpResult>> UpdateSource(
        string id, HttpRequest request, SourceCatalog catalog, SourceScheduler scheduler, LuceneIndex index, HarvestStore store,
        ResolvedPaths paths, IOptions<HarvestHttpOptions> harvest, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is null)
        {
            return NotFound(id);
        }

        var (source, json, invalid, problem) = await ReadSourceAsync(request, paths, harvest.Value, routeId: id, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var saved = catalog.Save(source!, json!, mustBeNew: false);
            await scheduler.ScheduleAsync(saved, harvestNow: false, cancellationToken);

            // A changed visibility takes effect at once, not at the next harvest.
            await index.RelabelSourceAsync(saved.Id, DocumentPipeline.AccessLabelsOf(saved), cancellationToken);
            return TypedResults.Ok(SearchEndpoints.ToResponse(saved, index, store));
        }
        catch (SourceConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Bron kan niet worden gewijzigd");
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteSource(
        string id, SourceCatalog catalog, SourceScheduler scheduler, HarvestRunner runner, LuceneIndex index, HarvestStore store,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is null)
        {
            return NotFound(id);
        }

        if (runner.IsRunning(id))
        {
            return TypedResults.Problem($"Bron '{id}' wordt nu geoogst; probeer het na afloop opnieuw.", statusCode: StatusCodes.Status409Conflict, title: "Oogst loopt");
        }

        try
        {
            catalog.Remove(id);
        }
        catch (SourceConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Bron kan niet worden verwijderd");
        }

        await scheduler.UnscheduleAsync(id, cancellationToken);
        await index.DeleteSourceAsync(id, cancellationToken);
        store.DeleteSource(id);
        return TypedResults.NoContent();
    }

    internal static Results<Accepted<HarvestStarted>, ProblemHttpResult> StartHarvest(
        string id, SourceCatalog catalog, HarvestRunner runner, IHostApplicationLifetime lifetime)
    {
        if (catalog.Find(id) is not { } source)
        {
            return NotFound(id);
        }

        var runId = runner.Start(source, lifetime.ApplicationStopping);
        return runId is null
            ? TypedResults.Problem($"Er loopt al een oogst van bron '{id}' (run {runner.RunningRunId(id)}).", statusCode: StatusCodes.Status409Conflict, title: "Oogst loopt al")
            : TypedResults.Accepted($"/api/v1/admin/sources/{id}/runs/{runId}", new HarvestStarted(runId));
    }

    internal static Results<Ok<List<RunResponse>>, ProblemHttpResult> GetRuns(string id, SourceCatalog catalog, HarvestStore store)
    {
        if (catalog.Find(id) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(store.History(id).Select(r => RunResponse.From(r, includeEvents: false)).ToList());
    }

    internal static Results<Ok<RunResponse>, ProblemHttpResult> GetRun(string id, string runId, HarvestStore store)
    {
        var run = store.Run(runId);
        return run is null || run.SourceId != id
            ? TypedResults.Problem($"Bron '{id}' heeft geen run '{runId}'.", statusCode: StatusCodes.Status404NotFound, title: "Run niet gevonden")
            : TypedResults.Ok(RunResponse.From(run, includeEvents: true));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"Er is geen bron met id '{(id.Length > 80 ? id[..80] : id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Bron niet gevonden");

    internal static async Task<(SourceDefinition? Source, string? Json, ValidationProblem? Invalid, ProblemHttpResult? Problem)> ReadSourceAsync(
        HttpRequest request, ResolvedPaths paths, HarvestHttpOptions harvest, string? routeId, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, null, null, TypedResults.Problem($"Een brondefinitie mag hoogstens {MaxBodyBytes} bytes zijn.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read > MaxBodyBytes)
        {
            return (null, null, null, TypedResults.Problem($"Een brondefinitie mag hoogstens {MaxBodyBytes} bytes zijn.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var json = new string(buffer, 0, read);
        var (source, errors) = SourceFileLoader.Parse(json, "request", paths.AdminSourcesDirectory);
        var problems = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray());
        if (source is not null && routeId is not null && source.Id != routeId)
        {
            problems["id"] = [$"Het id in de body ('{source.Id}') moet gelijk zijn aan het id in de URL ('{routeId}')."];
        }

        if (source?.Url is { } url && !harvest.AllowPrivateNetworks)
        {
            try
            {
                await NetworkGuard.ResolveAllowedAsync(url.Host, allowPrivateNetworks: false, cancellationToken);
            }
            catch (PrivateNetworkException)
            {
                problems["url"] = [$"Host '{url.Host}' verwijst naar een loopback-, privé- of link-local adres (of naar geen enkel adres); geweigerd omdat Search:Harvest:AllowPrivateNetworks false is."];
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                problems["url"] = [$"Host '{url.Host}' kan niet worden opgezocht: {ex.Message}"];
            }
        }

        return problems.Count > 0
            ? (null, null, TypedResults.ValidationProblem(problems, detail: "De brondefinitie is ongeldig; zie 'errors' per veld.", title: "Ongeldige bron"), null)
            : (source, json, null, null);
    }
}

public sealed record HarvestStarted(string RunId);

public sealed record RunResponse(
    string RunId,
    string SourceId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    HarvestCounts Counts,
    string? Error,
    IReadOnlyList<HarvestEvent>? Events)
{
    public static RunResponse From(HarvestRun run, bool includeEvents) =>
        new(run.RunId, run.SourceId, run.StartedAt, run.FinishedAt, run.Status.ToString().ToLowerInvariant(), run.Counts, run.Error,
            includeEvents ? run.Events : null);
}
