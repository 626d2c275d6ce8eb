using System.Text;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

/// <summary>The crawl starts at a home page that links every document; the home page is harvested too.</summary>
public sealed class CrawlConnectorContractTests : ConnectorContractTests
{
    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        foreach (var gone in withdrawn)
        {
            Site.Remove(PathOf(gone));
        }

        foreach (var document in documents)
        {
            Serve(PathOf(document), document.Html());
        }

        var links = string.Concat(documents.Select(d => $"<li><a href=\"{PathOf(d)}?utm_source=start#inhoud\">{d.Title}</a></li>"));
        Serve("/", new ContractDocument("start", "Kennisbank", $"<ul>{links}</ul>").Html());
        var source = new SourceDefinition
        {
            Id = "contract-crawl",
            Name = "Contract (crawl)",
            Kind = SourceKind.Crawl,
            StartUrls = [Site.Url("/")],
            Schedule = "0 0 3 * * ?",
        };
        var urls = documents.ToDictionary(d => d.Key, d => Site.Url(PathOf(d)));
        return new ContractSource(Connector(SourceKind.Crawl), source, urls, [Site.Url("/")]);
    }

    private void Serve(string path, string html)
    {
        var body = Encoding.UTF8.GetBytes(html);
        Site.Set(path, body, "text/html; charset=utf-8", headers: Validators(body));
    }

    private static string PathOf(ContractDocument document) => $"/kennis/{document.Key}.html";
}
