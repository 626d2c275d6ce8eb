using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Search.Indexer;
using Search.Indexer.Sources;
using Search.SearchApi.Analytics;

namespace Search.SearchApi.Admin;

public static class AdminConsoleServiceCollectionExtensions
{
    /// <summary>The audit log and search analytics (both SQLite in <c>{DataDirectory}/state</c>).</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<ResolvedPaths>().StateDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AnalyticsStore(sp.GetRequiredService<ResolvedPaths>().StateDirectory, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Dry run, analysis files, analytics, click recording and the audit log. The console itself is static (<c>/admin</c>).</summary>
    public static IEndpointRouteBuilder MapAdminConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDryRunEndpoints().MapAnalysisFileEndpoints().MapAnalyticsEndpoints();
        app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>()
            .MapGet("/audit", Audit).WithSummary("The audit log of admin actions, newest first");
        app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>()
            .MapGet("/sources/{id}/definition", Definition).WithSummary("The JSON definition of a source as stored, for editing");
        return app;
    }

    internal static Results<ContentHttpResult, ProblemHttpResult> Definition(string id, SourceCatalog catalog, ResolvedPaths paths)
    {
        var source = catalog.Find(id);
        var file = source?.FileName is { } name
            ? Path.Combine(source.IsAdminManaged ? paths.AdminSourcesDirectory : paths.SourcesDirectory, Path.GetFileName(name))
            : null;
        if (file is null || !File.Exists(file))
        {
            return TypedResults.Problem($"Er is geen brondefinitie voor '{(id.Length > 80 ? id[..80] : id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Bron niet gevonden");
        }

        return TypedResults.Content(File.ReadAllText(file), "application/json");
    }

    internal static Ok<IReadOnlyList<AuditEntry>> Audit(AuditLog log, [FromQuery] int? limit) =>
        TypedResults.Ok(log.Recent(Math.Clamp(limit ?? 100, 1, 1000)));
}
