using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Search.Indexer.Harvesting;
using Search.Indexer.Sources;
using Search.TestKit;

namespace Search.SearchApi.Tests;

/// <summary>
/// The real service (WebApplicationFactory) over a temp data folder and a temp sources folder whose folder
/// sources point at fixture documents written by <see cref="Fixtures"/>. Initialisation waits until every
/// enabled source has been harvested by the service's own start-up harvest.
/// </summary>
public class SearchApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TempDirectory _root = new();

    public ConcurrentQueue<string> Log { get; } = new();

    public string DataDirectory => Path.Combine(_root.Path, "data");

    public string SourcesDirectory => Path.Combine(_root.Path, "sources");

    public string DocumentsDirectory => Path.Combine(_root.Path, "docs");

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(SourcesDirectory);
        Fixtures.WriteDocuments(DocumentsDirectory);
        WriteSources();
        _ = CreateClient();
        await WaitForHarvestsAsync(TimeSpan.FromSeconds(60));
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }

    protected virtual void WriteSources() => Fixtures.WriteSources(SourcesDirectory, DocumentsDirectory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Search:DataDirectory", DataDirectory);
        builder.UseSetting("Search:SourcesDirectory", SourcesDirectory);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Log)));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Extra configuration for derived factories.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    private async Task WaitForHarvestsAsync(TimeSpan timeout)
    {
        var catalog = Services.GetRequiredService<SourceCatalog>();
        var state = Services.GetRequiredService<HarvestStore>();
        var runner = Services.GetRequiredService<HarvestRunner>();
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var source in catalog.Sources.Where(s => s.Enabled))
        {
            while (!(state.Last(source.Id) is { Status: not HarvestStatus.Running } && !runner.IsRunning(source.Id)))
            {
                // Waiting for a condition (the start-up harvest), not for time.
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(log);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
