using System.Text;
using System.Xml.Linq;
using Search.Connectors.Abstractions;
using Search.Connectors.Tests.Contract;

namespace Search.Connectors.Tests.Feeds;

/// <summary>The contract over an Atom feed of summaries only, whose entries' pages the connector fetches.</summary>
public sealed class FeedPagesConnectorContractTests : ConnectorContractTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        foreach (var gone in withdrawn)
        {
            Site.Remove(PathOf(gone));
        }

        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "title", "Kennisbank"),
            new XElement(Atom + "id", "urn:contract"),
            new XElement(Atom + "updated", "2024-03-01T00:00:00Z"));
        foreach (var document in documents)
        {
            var body = Encoding.UTF8.GetBytes(document.Html());
            Site.Set(PathOf(document), body, "text/html; charset=utf-8", headers: Validators(body));
            feed.Add(new XElement(Atom + "entry",
                new XElement(Atom + "title", document.Title),
                new XElement(Atom + "link", new XAttribute("href", PathOf(document))),
                new XElement(Atom + "id", "urn:" + document.Key),
                new XElement(Atom + "updated", "2024-03-01T00:00:00Z"),
                new XElement(Atom + "summary", "Samenvatting van " + document.Title)));
        }

        // xml:base makes the relative entry links resolve against the site.
        feed.Add(new XAttribute(XNamespace.Xml + "base", Site.BaseUrl.AbsoluteUri));
        Site.Set("/atom.xml", Encoding.UTF8.GetBytes(feed.ToString()), "application/atom+xml");
        var urls = documents.ToDictionary(d => d.Key, d => Site.Url(PathOf(d)));
        var source = new SourceDefinition
        {
            Id = "contract-atom",
            Name = "Contract (Atom)",
            Kind = SourceKind.Feed,
            Url = Site.Url("/atom.xml"),
            Schedule = "0 0 * * * ?",
        };
        return new ContractSource(Connector(SourceKind.Feed), source, urls);
    }

    private static string PathOf(ContractDocument document) => $"/artikelen/{document.Key}";
}
