using Lucene.Net.Analysis.TokenAttributes;
using Microsoft.AspNetCore.Http.HttpResults;
using Search.Indexer;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.SearchApi.Admin;

/// <summary>Analyzer inspection (like Elasticsearch's _analyze) and reloading the query-side analysis files.</summary>
public static class AnalysisEndpoints
{
    public const int MaxTextLength = 10_000;

    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>().AddEndpointFilter<AuditFilter>();
        admin.MapPost("/analyze", Analyze).WithSummary("Show the tokens the index or query analyzer makes of a text");
        admin.MapPost("/analysis/reload", Reload).WithSummary("Reload config/analysis for queries (synonyms, concepts) without a restart");
        return app;
    }

    internal static Results<Ok<AnalyzeResponse>, ValidationProblem> Analyze(AnalyzeRequest request, LuceneIndex index)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Text) || request.Text.Length > MaxTextLength)
        {
            errors["text"] = [$"Geef een tekst van 1 tot {MaxTextLength} tekens."];
        }

        var mode = request.Mode ?? "index";
        if (mode is not ("index" or "query"))
        {
            errors["mode"] = ["Kies 'index' of 'query'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "De analyse-opdracht is ongeldig.", title: "Ongeldige invoer");
        }

        var analyzer = mode == "query" ? index.QueryAnalyzer : index.Analyzer;
        var tokens = new List<AnalyzedToken>();
        using var stream = analyzer.GetTokenStream(IndexFields.Body, request.Text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add(new AnalyzedToken(term.ToString(), position, offset.StartOffset, offset.EndOffset, type.Type));
        }

        stream.End();
        return TypedResults.Ok(new AnalyzeResponse(tokens));
    }

    internal static Results<Ok<ReloadResponse>, ProblemHttpResult> Reload(LuceneIndex index, ResolvedPaths paths)
    {
        try
        {
            var analysis = AnalysisResources.Load(paths.AnalysisDirectory);
            index.ReloadQueryAnalysis(analysis);
            return TypedResults.Ok(new ReloadResponse(paths.AnalysisDirectory, (long)analysis.LoadTime.TotalMilliseconds,
                analysis.Concepts.Concepts.Count, analysis.Concepts.SynonymGroups));
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return TypedResults.Problem($"De analysebestanden zijn niet geladen; de vorige blijven actief. {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest, title: "Analysebestanden ongeldig");
        }
    }
}

public sealed record AnalyzeRequest(string? Text, string? Mode);

public sealed record AnalyzedToken(string Term, int Position, int StartOffset, int EndOffset, string Type);

public sealed record AnalyzeResponse(IReadOnlyList<AnalyzedToken> Tokens);

public sealed record ReloadResponse(string Directory, long LoadMs, int Concepts, int SynonymGroups);
