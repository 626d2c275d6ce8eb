using Microsoft.Extensions.Logging.Console;

namespace Search.SearchApi.Observability;

/// <summary>
/// Defaults for the JSON console formatter (<c>Logging:Console:FormatterName=json</c>): scopes on, so every request's
/// lines carry its TraceId, SpanId and RequestPath, and UTC ISO-8601 timestamps. Keys set in configuration win.
/// </summary>
internal static class StructuredLogDefaults
{
    private const string Section = "Logging:Console:FormatterOptions:";

    public static void Apply(JsonConsoleFormatterOptions options, IConfiguration configuration)
    {
        if (configuration[Section + nameof(options.IncludeScopes)] is null)
        {
            options.IncludeScopes = true;
        }

        if (configuration[Section + nameof(options.TimestampFormat)] is null)
        {
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        }

        if (configuration[Section + nameof(options.UseUtcTimestamp)] is null)
        {
            options.UseUtcTimestamp = true;
        }
    }
}
