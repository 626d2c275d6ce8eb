using Microsoft.Extensions.Configuration.Json;

namespace Search.SearchApi;

public static class HostDefaults
{
    /// <summary>The port the service listens on when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Adds <c>config/appsettings.json</c> (shared defaults) below every other configuration source, and the
    /// default listen address.
    /// </summary>
    public static WebApplicationBuilder AddSharedDefaults(this WebApplicationBuilder builder)
    {
        var shared = global::Search.Indexer.PathResolver.Resolve(Path.Combine("config", "appsettings.json"), builder.Environment.ContentRootPath, searchUpward: true);
        if (File.Exists(shared))
        {
            var sources = builder.Configuration.Sources;
            var position = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonConfigurationSource).i;
            var source = new JsonConfigurationSource { Path = shared, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(position, source);
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
