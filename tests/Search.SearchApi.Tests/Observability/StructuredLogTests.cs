using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Search.SearchApi.Tests.Observability;

/// <summary>
/// JSON console logging switched on by configuration, with request logs at Information. Instead of the console, a
/// provider renders every entry with the formatter the console logger would use, scopes included, into <see cref="Lines"/>.
/// </summary>
public sealed class JsonLogFactory : SearchApiFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Logging:Console:FormatterName", "json"), ("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.Services.RemoveAll<ILoggerProvider>();
            logging.Services.AddSingleton<ILoggerProvider>(sp => new FormattingLoggerProvider(
                Lines, sp.GetServices<ConsoleFormatter>(), sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>()));
        });
    }

    private sealed class FormattingLoggerProvider(
        ConcurrentQueue<string> lines, IEnumerable<ConsoleFormatter> formatters, IOptionsMonitor<ConsoleLoggerOptions> options) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new FormattingLogger(this, categoryName);

        public void Dispose()
        {
        }

        private void Write<TState>(in LogEntry<TState> entry)
        {
            var name = options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            formatters.Single(f => f.Name == name).Write(entry, _scopes, writer);
            lines.Enqueue(writer.ToString());
        }

        private sealed class FormattingLogger(FormattingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}

public sealed class StructuredLogTests(JsonLogFactory factory) : IClassFixture<JsonLogFactory>
{
    [Fact]
    public async Task Should_write_one_json_object_per_entry_with_a_utc_timestamp()
    {
        using var client = factory.CreateClient();
        await client.GetObjectAsync("/api/v1/search?q=hennep");

        var entries = factory.Lines.ToList();

        Assert.NotEmpty(entries);
        Assert.All(entries, line =>
        {
            var entry = JsonNode.Parse(line)!;
            Assert.NotNull(entry["Category"]);
            Assert.NotNull(entry["Message"]);
            var timestamp = entry["Timestamp"]!.GetValue<string>();
            Assert.EndsWith("Z", timestamp);
            Assert.True(DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, out _), timestamp);
        });
    }

    [Fact]
    public async Task Should_carry_the_callers_trace_id_and_the_request_path_in_request_logs()
    {
        using var client = factory.CreateClient();
        var traceId = ActivityTraceId.CreateRandom().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=hennep");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);

        var starting = factory.Lines.Select(l => JsonNode.Parse(l)!)
            .Where(e => e["Category"]!.GetValue<string>() == "Microsoft.AspNetCore.Hosting.Diagnostics" && e["EventId"]!.GetValue<int>() == 1)
            .Single(e => e["Scopes"]!.AsArray().Any(s => s?["TraceId"]?.GetValue<string>() == traceId));
        var scopes = starting["Scopes"]!.AsArray();
        Assert.Contains(scopes, s => s?["RequestPath"]?.GetValue<string>() == "/api/v1/search");
        Assert.Contains(scopes, s => s?["SpanId"]?.GetValue<string>() is { Length: 16 });
    }
}
