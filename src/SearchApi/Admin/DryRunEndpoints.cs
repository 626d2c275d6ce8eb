using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Connectors.Http;
using Search.Indexer;
using Search.Indexer.Classification;
using Search.Indexer.Extraction;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Admin;

/// <summary>
/// A dry run of a source definition: validated like <c>POST /sources</c>, then its connector fetches and extracts the
/// first few documents. Nothing is saved, scheduled or indexed.
/// </summary>
public static class DryRunEndpoints
{
    public const int MaxDocuments = 5;
    public const int PreviewChars = 300;
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapDryRunEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>();
        admin.MapPost("/sources/dry-run", DryRun)
            .WithSummary($"Fetch and extract the first {MaxDocuments} documents of a source definition without saving anything")
            .Accepts<object>("application/json");
        return app;
    }

    internal static async Task<Results<Ok<List<DryRunDocument>>, ValidationProblem, ProblemHttpResult>> DryRun(
        HttpRequest request, IServiceScopeFactory scopes, Taxonomy taxonomy, ResolvedPaths paths, IOptions<HarvestHttpOptions> harvest,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (source, _, invalid, problem) = await AdminEndpoints.ReadSourceAsync(request, paths, harvest.Value, routeId: null, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (problem is not null)
        {
            return problem;
        }

        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var documents = new List<DryRunDocument>();
        try
        {
            using var scope = scopes.CreateScope();
            var connector = scope.ServiceProvider.GetServices<ISourceConnector>().FirstOrDefault(c => c.Kind == source!.Kind);
            if (connector is null)
            {
                return TypedResults.Problem($"Er is geen connector voor soort '{source!.Kind}'.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Proefoogst mislukt");
            }

            await foreach (var item in connector.HarvestAsync(source!, HarvestContext.Empty, linked.Token).ConfigureAwait(false))
            {
                documents.Add(Preview(item, source!, taxonomy, time));
                if (documents.Count >= MaxDocuments)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (documents.Count == 0)
            {
                return TypedResults.Problem($"Binnen {Budget.TotalSeconds:0} seconden is geen document opgehaald.", statusCode: StatusCodes.Status504GatewayTimeout, title: "Proefoogst duurde te lang");
            }
        }
        catch (HarvestException ex)
        {
            return TypedResults.Problem($"De lijst van de bron kon niet worden gelezen: {ex.Message}", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Proefoogst mislukt");
        }

        return TypedResults.Ok(documents);
    }

    private static DryRunDocument Preview(HarvestItem item, SourceDefinition source, Taxonomy taxonomy, TimeProvider time)
    {
        switch (item)
        {
            case HarvestedDocument document:
                try
                {
                    var built = DocumentPipeline.Build(document, source, taxonomy, time.GetUtcNow());
                    var text = string.Join(' ', built.Body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                    return new DryRunDocument(built.Url, built.Title, built.Type, built.Themes, built.Published,
                        text.Length > PreviewChars ? text[..PreviewChars] : text, null);
                }
                catch (ExtractionException ex)
                {
                    return new DryRunDocument(document.Url.AbsoluteUri, null, null, [], null, null, $"Extractie mislukt: {ex.Message}");
                }

            case HarvestFailure failure:
                return new DryRunDocument(failure.Url.AbsoluteUri, null, null, [], null, null, $"{failure.Kind}: {failure.Reason}");
            default:
                return new DryRunDocument(item.Url.AbsoluteUri, null, null, [], null, null, "Niet opgehaald.");
        }
    }
}

public sealed record DryRunDocument(
    string Url, string? Title, string? Type, IReadOnlyList<string> Themes, DateOnly? Published, string? TextPreview, string? Error);
