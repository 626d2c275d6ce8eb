using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Search.SearchApi.Admin;

namespace Search.SearchApi.Analytics;

/// <summary>Click-through recording (public, anonymous) and the analytics report (admin).</summary>
public static class AnalyticsEndpoints
{
    public const int MaxDays = 365;

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/click", Click).WithTags("Zoeken").WithSummary("Record that a search result was opened (no user identity is stored)");
        var admin = app.MapGroup("/api/v1/admin").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>();
        admin.MapGet("/analytics", Report).WithSummary("Top queries, queries without results and click-through over the last days");
        return app;
    }

    internal static Results<NoContent, ValidationProblem> Click(ClickRequest request, AnalyticsStore store)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Query) || request.Query.Length > 500)
        {
            errors["query"] = ["Geef de zoekvraag (1 tot 500 tekens)."];
        }

        if (string.IsNullOrWhiteSpace(request.Id) || request.Id.Length > 200)
        {
            errors["id"] = ["Geef het document-id (1 tot 200 tekens)."];
        }

        if (request.Position is not (>= 1 and <= 1000))
        {
            errors["position"] = ["position moet tussen 1 en 1000 liggen."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "De klik is ongeldig.", title: "Ongeldige invoer");
        }

        store.RecordClick(request.Query!, request.Id!, request.Position!.Value);
        return TypedResults.NoContent();
    }

    internal static Results<Ok<AnalyticsReport>, ValidationProblem> Report(AnalyticsStore store, [FromQuery] int? days, [FromQuery] int? top)
    {
        var window = days ?? 30;
        var count = top ?? 20;
        if (window is < 1 or > MaxDays || count is < 1 or > 100)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [window is < 1 or > MaxDays ? "days" : "top"] = [$"days: 1 tot {MaxDays}; top: 1 tot 100."] },
                detail: "De parameters zijn ongeldig.", title: "Ongeldige invoer");
        }

        return TypedResults.Ok(store.Report(window, count));
    }
}

public sealed record ClickRequest(string? Query, string? Id, int? Position);
