using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;
using Search.SearchApi.Search;
using Search.SearchApi.Security;

namespace Search.SearchApi.Alerts;

/// <summary>The body of <c>POST /api/v1/me/saved-searches</c>; the e-mail address comes from the token, never from here.</summary>
public sealed record SavedSearchRequest(string? Name, string? Q, string[]? Source, string[]? Type, string[]? Theme, string[]? Year, string? Frequency);

/// <summary>
/// <c>/api/v1/me/saved-searches</c>: a signed-in user's saved searches. The user is the <c>sub</c> of a validated token;
/// a user only ever sees and deletes their own. Every call refreshes the e-mail address and access labels stored with
/// the user's saved searches, so digests follow the user's current access.
/// </summary>
public static class SavedSearchEndpoints
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapSavedSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/saved-searches").WithTags("Opgeslagen zoekopdrachten");
        me.MapGet("/", List).WithName("ListSavedSearches").WithSummary("The signed-in user's saved searches");
        me.MapPost("/", Create).WithName("CreateSavedSearch").WithSummary("Save a search and receive a daily or weekly e-mail digest of new matches");
        me.MapDelete("/{id}", Delete).WithName("DeleteSavedSearch").WithSummary("Delete one of the signed-in user's saved searches");
        return app;
    }

    internal static Results<Ok<List<SavedSearchResponse>>, ProblemHttpResult> List(HttpContext context, SavedSearchStore store)
    {
        if (SignedIn(context, store) is not { } user)
        {
            return Unauthorized(context);
        }

        return TypedResults.Ok(store.ListFor(user.Subject).Select(SavedSearchResponse.From).ToList());
    }

    internal static Results<Created<SavedSearchResponse>, ValidationProblem, ProblemHttpResult> Create(
        HttpContext context, SavedSearchStore store, TimeProvider time, SavedSearchRequest? body)
    {
        if (SignedIn(context, store) is not { } user)
        {
            return Unauthorized(context);
        }

        body ??= new SavedSearchRequest(null, null, null, null, null, null, null);
        var (request, errors) = SearchRequestParser.Parse(body.Q, body.Source, body.Type, body.Theme, body.Year, null, null, null);
        var name = (body.Name ?? string.Empty).Trim();
        if (name.Length == 0)
        {
            errors["name"] = ["Geef de zoekopdracht een naam."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"De naam is {name.Length} tekens lang; het maximum is {MaxNameLength}."];
        }

        var frequency = AlertFrequency.Daily;
        switch ((body.Frequency ?? "daily").Trim().ToLowerInvariant())
        {
            case "daily":
                break;
            case "weekly":
                frequency = AlertFrequency.Weekly;
                break;
            default:
                errors["frequency"] = ["De frequentie is 'daily' (dagelijks) of 'weekly' (wekelijks)."];
                break;
        }

        if (user.Email is null)
        {
            errors["email"] = ["Uw account heeft geen (geldig) e-mailadres; zonder e-mailadres kan er geen zoekopdracht met e-mailattendering worden opgeslagen."];
        }

        if (store.ListFor(user.Subject).Count >= SavedSearchStore.MaxPerUser)
        {
            errors["name"] = [$"U kunt hoogstens {SavedSearchStore.MaxPerUser} zoekopdrachten bewaren; verwijder er eerst een."];
        }

        if (request is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "De zoekopdracht kan niet worden opgeslagen.", title: "Ongeldige zoekopdracht");
        }

        var query = new SavedQuery(request.Query, request.Sources, request.Types, request.Themes, request.Years);
        var saved = store.Add(user.Subject, name, query, frequency, user.Email!, user.Labels, time.GetUtcNow());
        return TypedResults.Created($"/api/v1/me/saved-searches/{saved.Id}", SavedSearchResponse.From(saved));
    }

    internal static Results<NoContent, ProblemHttpResult> Delete(HttpContext context, SavedSearchStore store, string id)
    {
        if (SignedIn(context, store) is not { } user)
        {
            return Unauthorized(context);
        }

        // Another user's saved search answers exactly like an unknown one.
        return id.Length <= 100 && store.Delete(user.Subject, id)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"U hebt geen opgeslagen zoekopdracht met id '{(id.Length <= 100 ? id : id[..100] + "…")}'.",
                statusCode: StatusCodes.Status404NotFound, title: "Zoekopdracht niet gevonden");
    }

    /// <summary>The signed-in user from a validated token (refreshing what is stored about them), or null for anonymous callers.</summary>
    private static SignedInUser? SignedIn(HttpContext context, SavedSearchStore store)
    {
        var identity = context.User.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == SecurityServiceCollectionExtensions.AuthenticationType);
        var subject = identity?.FindFirst("sub")?.Value;
        if (identity is null || string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }

        var email = identity.FindFirst("email")?.Value is { } address && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@')
            ? mailbox.Address
            : null;
        var labels = CallerAccess.FromPrincipal(context.User).Labels.ToList();
        store.Refresh(subject, email, labels);
        return new SignedInUser(subject, email, labels);
    }

    private static ProblemHttpResult Unauthorized(HttpContext context) =>
        context.Items.ContainsKey(CallerAccess.IdentityProviderUnavailableKey)
            ? TypedResults.Problem(CallerAccess.IdentityProviderUnavailableNotice + " Opgeslagen zoekopdrachten zijn daarom niet beschikbaar.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Inloggen niet mogelijk")
            : TypedResults.Problem("Log in om zoekopdrachten op te slaan en te beheren.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Niet ingelogd");

    private sealed record SignedInUser(string Subject, string? Email, IReadOnlyList<string> Labels);
}
