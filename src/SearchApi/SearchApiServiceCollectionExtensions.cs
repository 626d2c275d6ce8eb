using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Search.Indexer.Writing;
using Search.SearchApi.Search;
using Search.SearchApi.Security;

namespace Search.SearchApi;

public static class SearchApiServiceCollectionExtensions
{
    /// <summary>Search services, JSON shape, ProblemDetails, OpenAPI and health checks.</summary>
    public static IServiceCollection AddSearchApi(this IServiceCollection services)
    {
        services.AddSingleton<SearchService>();
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SearchAdmission>();
        services.AddOptions<SearchLimitOptions>().BindConfiguration(SearchLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSearchSecurity();
        services.AddOptions<FamilyOptions>().BindConfiguration(FamilyOptions.SectionName)
            .Validate(o => o.PreferredSources.All(s => !string.IsNullOrWhiteSpace(s)), "Search:Families:PreferredSources must not contain empty source ids.")
            .ValidateOnStart();
        services.AddSingleton<Admin.AdminRateLimit>();
        services.AddOptions<Admin.AdminOptions>().BindConfiguration(Admin.AdminOptions.SectionName)
            .Validate(o => o.ApiKey is null || o.ApiKey.Length >= 16, "Search:Admin:ApiKey must be at least 16 characters.")
            .Validate(o => o.RequestsPerMinute is >= 1 and <= 100_000, "Search:Admin:RequestsPerMinute must be from 1 to 100,000.").ValidateOnStart();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            DescribeInDutch(context.ProblemDetails, context.HttpContext);
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<IndexReadyCheck>("index", tags: ["ready"]);
        services.AddExceptionHandler<IndexUnavailableHandler>();
        services.AddHostedService<IndexWarmup>();
        return services;
    }

    /// <summary>The framework's own answers (no such route, wrong method) in Dutch, as every other error is.</summary>
    private static void DescribeInDutch(Microsoft.AspNetCore.Mvc.ProblemDetails problem, HttpContext http)
    {
        if (problem.Detail is not null)
        {
            return;
        }

        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound:
                problem.Title = "Niet gevonden";
                problem.Detail = "Deze pagina of API bestaat niet.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                var allowed = http.Response.Headers.Allow.ToString();
                problem.Title = "Methode niet toegestaan";
                problem.Detail = allowed.Length == 0
                    ? $"{http.Request.Method} is op dit adres niet toegestaan."
                    : $"{http.Request.Method} is op dit adres niet toegestaan; wel: {allowed}.";
                break;
        }
    }
}

/// <summary>
/// Ready once the index is open and a searcher can be acquired. Degraded (still ready: search serves the last commit)
/// when writing failed; unhealthy when the index is damaged or missing and search is not served.
/// </summary>
internal sealed class IndexReadyCheck(LuceneIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = index.Health;
        if (health.Status == IndexHealthStatus.Unavailable)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(health.Description));
        }

        using var lease = index.AcquireSearcher();
        var documents = $"{lease.Searcher.IndexReader.NumDocs} documents";
        return Task.FromResult(health.Status == IndexHealthStatus.Degraded
            ? HealthCheckResult.Degraded($"{documents}; {health.Description}")
            : HealthCheckResult.Healthy(documents));
    }
}

/// <summary>A search while the index is not served (damaged or missing) answers 503 with a Dutch ProblemDetails.</summary>
internal sealed class IndexUnavailableHandler(IProblemDetailsService problems) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not IndexUnavailableException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "300";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Zoeken tijdelijk niet beschikbaar",
                Detail = "De zoekindex is beschadigd of ontbreekt en wordt hersteld. Probeer het later opnieuw.",
            },
        });
    }
}

/// <summary>Opens the index at start-up and warms the searcher before traffic arrives.</summary>
internal sealed class IndexWarmup(LuceneIndex index) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        index.WarmUp();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
