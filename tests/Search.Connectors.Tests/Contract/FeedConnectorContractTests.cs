using System.Globalization;
using System.Xml.Linq;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

/// <summary>An RSS 2.0 feed whose items carry their full content (<c>content:encoded</c>) and a publication date.</summary>
public sealed class FeedConnectorContractTests : ConnectorContractTests
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        var urls = documents.ToDictionary(d => d.Key, d => Site.Url($"/nieuws/{d.Key}/"));
        var channel = new XElement("channel",
            new XElement("title", "Kennisbank nieuws"),
            new XElement("link", Site.BaseUrl.AbsoluteUri),
            new XElement("description", "Contract"),
            documents.Select((d, i) => new XElement("item",
                new XElement("title", d.Title),
                new XElement("link", urls[d.Key].AbsoluteUri),
                new XElement("guid", urls[d.Key].AbsoluteUri),
                new XElement("pubDate", Date(d).ToString("r", CultureInfo.InvariantCulture)),
                new XElement(Content + "encoded", new XCData(d.Body)))));
        var rss = new XElement("rss", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "content", Content), channel);
        Site.SetText("/feed/", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + rss, "application/rss+xml");
        var source = new SourceDefinition
        {
            Id = "contract-feed",
            Name = "Contract (feed)",
            Kind = SourceKind.Feed,
            Url = Site.Url("/feed/"),
            Schedule = "0 0 3 * * ?",
        };
        return new ContractSource(Connector(SourceKind.Feed), source, urls);
    }

    private static DateTimeOffset Date(ContractDocument document) =>
        new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(document.Key.Sum(c => c));
}
