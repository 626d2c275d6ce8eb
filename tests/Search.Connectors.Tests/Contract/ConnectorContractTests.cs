using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Contract;

/// <summary>One small document a contract test publishes; each connector's subclass renders it in its own format.</summary>
/// <param name="Key">A short ASCII slug, unique within one publication (usable in paths and ids).</param>
/// <param name="Title">The title (Dutch, may hold entities-worthy characters).</param>
/// <param name="Body">An HTML fragment for the document's body.</param>
public sealed record ContractDocument(string Key, string Title, string Body)
{
    /// <summary>The document as a complete UTF-8 HTML page.</summary>
    public string Html() =>
        $"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{Title}</title></head><body><h1>{Title}</h1>{Body}</body></html>";
}

/// <summary>What a subclass returns after publishing: the connector under test, its source, and where each document lives.</summary>
/// <param name="Connector">The connector, taken from the real DI stack (<see cref="ConnectorContractTests.Connector"/>).</param>
/// <param name="Source">The source definition that harvests the publication.</param>
/// <param name="DocumentUrls">Document key → the absolute, normalised URL the connector must yield for it.</param>
/// <param name="OtherUrls">URLs the connector also yields that are not contract documents (e.g. a crawl's start page).</param>
public sealed record ContractSource(
    ISourceConnector Connector,
    SourceDefinition Source,
    IReadOnlyDictionary<string, Uri> DocumentUrls,
    IReadOnlyCollection<Uri>? OtherUrls = null)
{
    public IEnumerable<Uri> AllUrls => DocumentUrls.Values.Concat(OtherUrls ?? []);
}

/// <summary>
/// Behaviour every connector must show, run against the real connector stack and a real loopback site (or temp folder).
/// A connector joins the suite with one small subclass that implements <see cref="Publish"/> (and, when its listing
/// is not broken by the site answering 500 to everything, <see cref="BreakListing"/>).
/// </summary>
public abstract class ConnectorContractTests : IAsyncLifetime
{
    private readonly ConnectorServices _services = new();
    private readonly TempDirectory _folder = new();
    private LoopbackSite? _site;

    /// <summary>A running loopback site on 127.0.0.1 (fresh per test).</summary>
    protected LoopbackSite Site => _site ?? throw new InvalidOperationException("The site starts in InitializeAsync.");

    /// <summary>An empty temp folder (fresh per test).</summary>
    protected string FolderPath => _folder.Path;

    /// <summary>The real service provider built by <c>AddConnectors</c> (loopback allowed, fast retries).</summary>
    protected IServiceProvider Services => _services.Provider;

    /// <summary>When false, a second run over an unchanged publication may re-yield identical content instead of <see cref="HarvestUnchanged"/>.</summary>
    protected virtual bool ReportsUnchangedOnSecondRun => true;

    /// <summary>
    /// Publishes exactly <paramref name="documents"/> in the connector's format (replacing the previous publication:
    /// <paramref name="withdrawn"/> lists documents published before that must now be gone) and returns the source that
    /// harvests them. Re-publishing an unchanged document must leave it unchanged (same bytes, validators and file times).
    /// </summary>
    protected abstract ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn);

    /// <summary>Makes the listing unreadable. The default makes the loopback site answer 500 to every request.</summary>
    protected virtual void BreakListing() => Site.FailAll(500);

    /// <summary>The registered connector of a kind.</summary>
    protected ISourceConnector Connector(SourceKind kind) =>
        Services.GetServices<ISourceConnector>().Single(c => c.Kind == kind);

    /// <summary>Headers that make <see cref="LoopbackSite"/> answer conditional GETs with 304: a content-derived ETag.</summary>
    protected static IReadOnlyDictionary<string, string> Validators(byte[] body) =>
        new Dictionary<string, string> { ["ETag"] = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"" };

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _folder.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Should_yield_every_published_document_exactly_once_with_an_absolute_normalised_url()
    {
        var source = Publish(Documents(3), []);

        var items = await source.Connector.CollectAsync(source.Source);

        Assert.All(items, i => Assert.True(i.Url.IsAbsoluteUri, $"{i.Url} is not absolute"));
        Assert.All(items, i => Assert.Equal(UrlNormalizer.Normalize(i.Url).AbsoluteUri, i.Url.AbsoluteUri));
        Assert.Empty(items.GroupBy(i => i.Url).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(source.AllUrls.Select(u => u.AbsoluteUri).Order(), items.Select(i => i.Url.AbsoluteUri).Order());
        Assert.All(items, i => Assert.IsType<HarvestedDocument>(i));
    }

    [Fact]
    public async Task Should_yield_nothing_changed_on_a_second_run_over_an_unchanged_source()
    {
        var documents = Documents(3);
        var source = Publish(documents, []);
        var first = await source.Connector.CollectAsync(source.Source);

        source = Publish(documents, []);
        var second = await source.Connector.CollectAsync(source.Source, HarvestContexts.FromRun(first));

        var before = first.OfType<HarvestedDocument>().ToDictionary(d => d.Url);
        Assert.Equal(before.Keys.Select(u => u.AbsoluteUri).Order(), second.Select(i => i.Url.AbsoluteUri).Order());
        foreach (var item in second)
        {
            if (item is HarvestedDocument again)
            {
                Assert.False(ReportsUnchangedOnSecondRun, $"{item.Url} was yielded again instead of as unchanged.");
                Assert.Equal(before[again.Url].Content, again.Content);
            }
            else
            {
                Assert.IsType<HarvestUnchanged>(item);
            }
        }
    }

    [Fact]
    public async Task Should_no_longer_yield_a_removed_document_or_report_it_gone()
    {
        var documents = Documents(3);
        var source = Publish(documents, []);
        var first = await source.Connector.CollectAsync(source.Source);
        var removedUrl = source.DocumentUrls[documents[1].Key];

        source = Publish([documents[0], documents[2]], [documents[1]]);
        var second = await source.Connector.CollectAsync(source.Source, HarvestContexts.FromRun(first));

        var removed = second.Where(i => i.Url == removedUrl).ToList();
        Assert.True(removed.Count == 0 || removed is [HarvestFailure { Kind: HarvestFailureKind.Gone }],
            $"The removed document was yielded as {string.Join(", ", removed)}.");
        Assert.Contains(second, i => i.Url == source.DocumentUrls[documents[0].Key] && i is HarvestedDocument or HarvestUnchanged);
        Assert.Contains(second, i => i.Url == source.DocumentUrls[documents[2].Key] && i is HarvestedDocument or HarvestUnchanged);
    }

    [Fact]
    public async Task Should_fail_the_run_with_a_harvest_exception_when_the_listing_cannot_be_read()
    {
        var source = Publish(Documents(2), []);
        BreakListing();

        await Assert.ThrowsAsync<HarvestException>(() => source.Connector.CollectAsync(source.Source));
    }

    [Fact]
    public async Task Should_stop_the_enumeration_when_cancelled()
    {
        var source = Publish(Documents(5), []);
        var total = source.AllUrls.Count();
        using var cancellation = new CancellationTokenSource();
        var items = new List<HarvestItem>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in source.Connector.HarvestAsync(source.Source, HarvestContext.Empty, cancellation.Token))
            {
                items.Add(item);
                await cancellation.CancelAsync();
            }
        });

        Assert.NotEmpty(items);
        Assert.True(items.Count < total, $"All {total} items were yielded despite the cancellation.");
    }

    [Fact]
    public async Task Should_survive_a_hostile_deeply_nested_document_and_harvest_the_others()
    {
        var hostile = new ContractDocument("diep", "Diep genest", string.Concat(Enumerable.Repeat("<div>", 20_000)) + "tekst");
        var documents = Documents(2).Append(hostile).ToList();
        var source = Publish(documents, []);

        var items = await source.Connector.CollectAsync(source.Source);

        Assert.Contains(items, i => i.Url == source.DocumentUrls[documents[0].Key] && i is HarvestedDocument);
        Assert.Contains(items, i => i.Url == source.DocumentUrls[documents[1].Key] && i is HarvestedDocument);
        Assert.Single(items, i => i.Url == source.DocumentUrls[hostile.Key]);
    }

    /// <summary>Documents with distinct titles and bodies.</summary>
    protected static IReadOnlyList<ContractDocument> Documents(int count)
    {
        string[] topics = ["Hennepteelt", "Jeugdoverlast", "Ondermijning", "Brandveiligheid", "Crisisbeheersing", "Woninginbraak"];
        return Enumerable.Range(0, count)
            .Select(i => new ContractDocument($"doc-{i + 1}", $"Aanpak {topics[i % topics.Length]} {i + 1}",
                $"<p>Het convenant over {topics[i % topics.Length].ToLowerInvariant()} beschrijft de samenwerking (deel {i + 1}).</p>"))
            .ToList();
    }
}
