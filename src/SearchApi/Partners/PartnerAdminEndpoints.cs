using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Search.SearchApi.Admin;

namespace Search.SearchApi.Partners;

/// <summary>Creating, listing and revoking partner keys, behind the admin API key (a partner key is never accepted here).</summary>
public static class PartnerAdminEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxOrigins = 20;
    public const int DefaultRateLimitPerMinute = 60;
    public const int MaxRateLimitPerMinute = 10_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPartnerAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/partner-keys").WithTags("Beheer").AddEndpointFilter<AdminKeyFilter>().AddEndpointFilter<AuditFilter>();
        admin.MapPost("/", Create).WithSummary("Create a partner key (the key is in this response only)").Accepts<CreatePartnerKeyRequest>("application/json");
        admin.MapGet("/", (PartnerKeyStore store) => TypedResults.Ok(store.List().Select(PartnerKeyResponse.From).ToList()))
            .WithSummary("Partner keys without the keys themselves");
        admin.MapDelete("/{id}", Revoke).WithSummary("Revoke a partner key; effective on the next request");
        return app;
    }

    internal static async Task<Results<Created<CreatedPartnerKey>, ValidationProblem, ProblemHttpResult>> Create(
        HttpRequest request, PartnerKeyStore store, ILogger<PartnerKeyStore> logger, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read > MaxBodyBytes)
        {
            return TooLarge();
        }

        CreatePartnerKeyRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<CreatePartnerKeyRequest>(buffer.AsSpan(0, read), Json);
        }
        catch (JsonException ex)
        {
            return Invalid(new() { ["body"] = [$"Geen geldige JSON: {ex.Message}"] });
        }

        var (validated, errors) = Validate(body);
        if (validated is null)
        {
            return Invalid(errors);
        }

        var (key, secret) = store.Create(validated.Name, validated.Origins, validated.Filter, validated.RateLimit);
        PartnerLog.KeyCreated(logger, key.Id, key.Name);
        var response = PartnerKeyResponse.From(key);
        return TypedResults.Created($"/api/v1/admin/partner-keys/{key.Id}", new CreatedPartnerKey(
            key.Id, secret, response.Name, response.AllowedOrigins, response.Filter, response.RateLimitPerMinute, response.CreatedAt));
    }

    internal static Results<NoContent, ProblemHttpResult> Revoke(string id, PartnerKeyStore store, ILogger<PartnerKeyStore> logger)
    {
        if (!store.Revoke(id))
        {
            return TypedResults.Problem($"Er is geen partnersleutel met id '{(id.Length > 80 ? id[..80] : id)}'.",
                statusCode: StatusCodes.Status404NotFound, title: "Partnersleutel niet gevonden");
        }

        PartnerLog.KeyRevoked(logger, id);
        return TypedResults.NoContent();
    }

    /// <summary>Checks a create request and reports every problem with its field (pure).</summary>
    internal static (ValidatedKey? Key, Dictionary<string, string[]> Errors) Validate(CreatePartnerKeyRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors["body"] = ["Stuur een JSON-object met name, allowedOrigins, filter en rateLimitPerMinute."];
            return (null, errors);
        }

        var name = body.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Een naam van 1 tot 100 tekens is vereist."];
        }

        var origins = new List<string>();
        foreach (var origin in body.AllowedOrigins ?? [])
        {
            if (PartnerOrigins.Normalize(origin) is { } normalized)
            {
                origins.Add(normalized);
            }
            else
            {
                errors["allowedOrigins"] = [$"'{Shorten(origin)}' is geen origin; gebruik https://host[:poort] zonder pad (geen '*')."];
            }
        }

        if (origins.Count > MaxOrigins)
        {
            errors["allowedOrigins"] = [$"Hoogstens {MaxOrigins} origins per sleutel, was {origins.Count}."];
        }

        var (filter, filterError) = PartnerFilter.Parse(body.Filter);
        if (filterError is not null)
        {
            errors["filter"] = [filterError];
        }

        var rate = body.RateLimitPerMinute ?? DefaultRateLimitPerMinute;
        if (rate is < 1 or > MaxRateLimitPerMinute)
        {
            errors["rateLimitPerMinute"] = [$"rateLimitPerMinute moet tussen 1 en {MaxRateLimitPerMinute} liggen, was {rate}."];
        }

        return errors.Count > 0 ? (null, errors) : (new ValidatedKey(name, origins.Distinct().ToList(), filter!, rate), errors);
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 80 ? value : value[..80] + "…";

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "De partnersleutel is ongeldig; zie 'errors' per veld.", title: "Ongeldige partnersleutel");

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"Een partnersleutel mag hoogstens {MaxBodyBytes} bytes zijn.", statusCode: StatusCodes.Status413PayloadTooLarge);

    internal sealed record ValidatedKey(string Name, IReadOnlyList<string> Origins, PartnerFilter Filter, int RateLimit);
}

public sealed record CreatePartnerKeyRequest(string? Name, string[]? AllowedOrigins, string? Filter, int? RateLimitPerMinute);

public sealed record PartnerKeyResponse(
    string Id, string Name, IReadOnlyList<string> AllowedOrigins, string? Filter, int RateLimitPerMinute, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static PartnerKeyResponse From(PartnerKey key) =>
        new(key.Id, key.Name, key.AllowedOrigins, key.Filter.IsEmpty ? null : key.Filter.ToString(), key.RateLimitPerMinute, key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to a create: the only time <paramref name="Key"/> is ever shown.</summary>
public sealed record CreatedPartnerKey(
    string Id, string Key, string Name, IReadOnlyList<string> AllowedOrigins, string? Filter, int RateLimitPerMinute, DateTimeOffset CreatedAt);
