using Search.Indexer;

namespace Search.SearchApi.Partners;

public static class PartnersServiceCollectionExtensions
{
    /// <summary>Partner keys (SQLite), the partner rate limiter and <c>Search:Partners</c> options.</summary>
    public static IServiceCollection AddPartners(this IServiceCollection services)
    {
        services.AddOptions<PartnerOptions>().BindConfiguration(PartnerOptions.SectionName)
            .Validate(o => o.PerIpPerMinute >= 1, "Search:Partners:PerIpPerMinute must be at least 1.")
            .Validate(o => o.PreflightMaxAge >= TimeSpan.Zero && o.PreflightMaxAge <= TimeSpan.FromDays(1), "Search:Partners:PreflightMaxAge must be between 0 and 1 day.")
            .ValidateOnStart();
        services.AddSingleton(sp => new PartnerKeyStore(sp.GetRequiredService<ResolvedPaths>().StateDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FixedWindowRateLimiter(sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IEndpointRouteBuilder MapPartnerEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPartnerAdminEndpoints().MapPartnerSearchEndpoints();
}
