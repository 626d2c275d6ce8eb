using Search.Indexer;

namespace Search.SearchApi.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Saved searches (SQLite), the digest runner and its Quartz schedule, <c>Search:Alerts</c> and <c>Search:Smtp</c> options.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AlertOptions, AlertOptionsValidator>().BindConfiguration(AlertOptions.SectionName);
        services.AddOptionsWithValidateOnStart<SmtpOptions, SmtpOptionsValidator>().BindConfiguration(SmtpOptions.SectionName);
        services.AddSingleton(sp => new SavedSearchStore(sp.GetRequiredService<ResolvedPaths>().StateDirectory));
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DigestRunner>();
        services.AddTransient<DigestJob>();
        services.AddHostedService<DigestScheduler>();
        return services;
    }
}
