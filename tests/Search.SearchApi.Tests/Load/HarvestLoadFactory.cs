using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Search.TestKit;

namespace Search.SearchApi.Tests.Load;

/// <summary>
/// The real service on Kestrel (127.0.0.1, random port) with small search admission limits (so that load overflows
/// into 429s), commits every <see cref="CommitBatchSize"/> documents, and a loopback website of <see cref="Pages"/>
/// pages that a test adds as a source while it searches. Every log entry is kept with its exception.
/// </summary>
public sealed class HarvestLoadFactory : SearchApiFactory
{
    public const string Key = "test-beheersleutel-load-0123456789";
    public const int Pages = 200;
    public const int CommitBatchSize = 10;
    public const int MaxConcurrentSearches = 6;
    public const int SearchQueue = 6;

    public HarvestLoadFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public LoopbackSite Site { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Level, category, message and the exception's type and message, of every entry at Information or above.</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public override async Task InitializeAsync()
    {
        Site = await LoopbackSite.StartAsync();
        var urls = Enumerable.Range(0, Pages).Select(i =>
        {
            Site.SetHtml($"/p{i}.html", Page(i));
            return Site.Url($"/p{i}.html");
        }).ToList();
        Site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        await base.InitializeAsync();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Site.DisposeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("urls", "http://127.0.0.1:0"),
        ("Search:Admin:ApiKey", Key), ("Search:Admin:RequestsPerMinute", "100000"),
        ("Search:Harvest:AllowPrivateNetworks", "true"), ("Search:Harvest:MinDelayPerHost", "00:00:00"),
        ("Search:CommitBatchSize", CommitBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Search:Query:MaxConcurrent", MaxConcurrentSearches.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Search:Query:QueueLength", SearchQueue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new EntryLoggerProvider(Entries)));
    }

    /// <summary>A word only page <paramref name="i"/> contains.</summary>
    public static string Token(int i) => "kwq" + (char)('a' + (i / 26)) + (char)('a' + (i % 26));

    public static int? PageOf(string url) =>
        url.LastIndexOf("/p", StringComparison.Ordinal) is var at and >= 0 && url.EndsWith(".html", StringComparison.Ordinal)
        && int.TryParse(url.AsSpan(at + 2, url.Length - at - 7), out var page) ? page : null;

    private static string Page(int i) => $"""
        <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Handreiking {i}: aanpak ondermijning en woonoverlast</title></head>
        <body><main><article><h1>Handreiking {i}</h1>
        <p>Deze handreiking ({Token(i)}) beschrijft de bestuurlijke aanpak van ondermijning, hennepteelt en vastgoedfraude in de gemeente.
        Het convenant regelt de samenwerking tussen politie, openbaar ministerie en gemeenten bij de sluiting van drugspanden.</p>
        <p>Bij woonoverlast stuurt de burgemeester eerst een waarschuwing; daarna volgt een last onder dwangsom. Nummer {i}.</p>
        </article></main></body></html>
        """;

    public sealed record LogEntry(LogLevel Level, string Category, string Message, string? Exception);

    private sealed class EntryLoggerProvider(ConcurrentQueue<LogEntry> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new EntryLogger(entries, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class EntryLogger(ConcurrentQueue<LogEntry> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception is null ? null : exception.GetType().FullName + ": " + exception));
    }
}
