using System.Text;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

public sealed class SitemapConnectorContractTests : ConnectorContractTests
{
    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        foreach (var gone in withdrawn)
        {
            Site.Remove(PathOf(gone));
        }

        foreach (var document in documents)
        {
            var body = Encoding.UTF8.GetBytes(document.Html());
            Site.Set(PathOf(document), body, "text/html; charset=utf-8", headers: Validators(body));
        }

        var urls = documents.ToDictionary(d => d.Key, d => Site.Url(PathOf(d)));
        Site.SetText("/sitemap.xml", Search.TestKit.LoopbackSite.Sitemap(urls.Values), "application/xml");
        var source = new SourceDefinition
        {
            Id = "contract-sitemap",
            Name = "Contract (sitemap)",
            Kind = SourceKind.Sitemap,
            Url = Site.Url("/sitemap.xml"),
            Schedule = "0 0 3 * * ?",
        };
        return new ContractSource(Connector(SourceKind.Sitemap), source, urls);
    }

    private static string PathOf(ContractDocument document) => $"/kennis/{document.Key}.html";
}
