using Microsoft.AspNetCore.Http.HttpResults;
using Search.Indexer;
using Search.Indexer.Analysis;
using Search.Indexer.Writing;

namespace Search.SearchApi.Admin;

/// <summary>
/// Reading and replacing the editable analysis files (synonyms, compound lists). A new text is validated by loading the
/// whole analysis with it; only then is it written (atomically) and the query analyzer reloaded.
/// </summary>
public static class AnalysisFileEndpoints
{
    public const int MaxFileChars = 1024 * 1024;

    /// <summary>The files the console may edit, and whether the index side uses them (then a re-harvest is needed).</summary>
    public static IReadOnlyDictionary<string, bool> EditableFiles { get; } = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        [AnalysisResources.SynonymsFile] = false,
        [AnalysisResources.NeverSplitFile] = true,
        [AnalysisResources.AlwaysSplitFile] = true,
    };

    private static readonly Lock WriteLock = new();

    public static IEndpointRouteBuilder MapAnalysisFileEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/analysis/files").WithTags("Beheer")
            .AddEndpointFilter<AdminKeyFilter>().AddEndpointFilter<AuditFilter>();
        admin.MapGet("/{name}", Get).WithSummary("One editable analysis file (synonyms.txt, compound-never-split.txt, compound-always-split.txt)");
        admin.MapPut("/{name}", Put).WithSummary("Validate, write atomically and reload the query analyzer; a broken file is a 400 and nothing is written");
        return app;
    }

    internal static Results<Ok<AnalysisFileResponse>, ProblemHttpResult> Get(string name, ResolvedPaths paths)
    {
        if (!EditableFiles.TryGetValue(name, out var indexSide))
        {
            return Unknown(name);
        }

        var file = AnalysisResources.Open(paths.AnalysisDirectory, name);
        return TypedResults.Ok(new AnalysisFileResponse(name, file.Text, BuiltIn: file.Origin.StartsWith("embedded:", StringComparison.Ordinal), indexSide));
    }

    internal static Results<Ok<AnalysisFileResponse>, ValidationProblem, ProblemHttpResult> Put(
        string name, AnalysisFileRequest request, ResolvedPaths paths, LuceneIndex index)
    {
        if (!EditableFiles.TryGetValue(name, out var indexSide))
        {
            return Unknown(name);
        }

        if (request.Text is null || request.Text.Length > MaxFileChars)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"Geef de nieuwe inhoud (hoogstens {MaxFileChars} tekens)."] },
                detail: "Het analysebestand is ongeldig.", title: "Ongeldig analysebestand");
        }

        var directory = paths.AnalysisDirectory;
        var path = Path.Combine(directory, name);
        lock (WriteLock)
        {
            AnalysisResources analysis;
            try
            {
                analysis = AnalysisResources.Parse(n => n == name ? new AnalysisFile(name, name, request.Text) : AnalysisResources.Open(directory, n));
            }
            catch (FormatException ex)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [ex.Message] },
                    detail: "Het bestand is niet opgeslagen; de huidige versie blijft actief.", title: "Ongeldig analysebestand");
            }

            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temp, request.Text);
            File.Move(temp, path, overwrite: true);
            index.ReloadQueryAnalysis(analysis);
        }

        return TypedResults.Ok(new AnalysisFileResponse(name, request.Text, BuiltIn: false, indexSide));
    }

    private static ProblemHttpResult Unknown(string name) => TypedResults.Problem(
        $"'{(name.Length > 80 ? name[..80] : name)}' is geen bewerkbaar analysebestand; kies uit {string.Join(", ", EditableFiles.Keys)}.",
        statusCode: StatusCodes.Status404NotFound, title: "Analysebestand niet gevonden");
}

public sealed record AnalysisFileRequest(string? Text);

/// <param name="IndexSide">True when documents are analysed with this file too: the index reflects a change only after a re-harvest.</param>
public sealed record AnalysisFileResponse(string Name, string Text, bool BuiltIn, bool IndexSide);
