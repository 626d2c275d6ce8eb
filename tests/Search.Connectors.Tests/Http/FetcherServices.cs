using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

/// <summary>
/// The real connector stack for fetcher tests: loopback allowed, no retries, no per-host delay, short timeouts,
/// every log entry captured. Keys without a colon are <c>Search:Harvest</c> options; others are full keys
/// (e.g. <c>Search:Credentials:oost:Password</c>). Each <see cref="NewRun"/> is a DI scope, like a harvest run.
/// </summary>
internal sealed class FetcherServices : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IServiceScope> _scopes = [];

    public FetcherServices(IReadOnlyDictionary<string, string?>? overrides = null, IConfiguration? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Search:Harvest:AllowPrivateNetworks"] = "true",
            ["Search:Harvest:MaxRetries"] = "0",
            ["Search:Harvest:AttemptTimeout"] = "00:00:05",
            ["Search:Harvest:TotalTimeout"] = "00:00:10",
            ["Search:Harvest:MinDelayPerHost"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key.Contains(':', StringComparison.Ordinal) ? key : "Search:Harvest:" + key] = value;
        }

        var builder = new ConfigurationBuilder().AddInMemoryCollection(settings);
        if (extra is not null)
        {
            builder.AddConfiguration(extra);
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddConnectors(builder.Build());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public CapturedLogs Logs { get; } = new();

    /// <summary>A fetcher as one harvest run gets it: its own robots.txt cache and login sessions, shared host gate.</summary>
    public HttpFetcher NewRun()
    {
        var scope = _provider.CreateScope();
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<HttpFetcher>();
    }

    public void Dispose()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        _provider.Dispose();
    }
}

/// <summary>A logger provider that keeps every entry: its text, its structured values and its exception.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" | ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner._entries.Enqueue($"{logLevel} {category} {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
