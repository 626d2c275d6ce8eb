using System.Globalization;
using System.Text.Json;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

/// <summary>A Drupal JSON:API article collection (one page, no <c>links.next</c>) with the default field mapping.</summary>
public sealed class JsonApiConnectorContractTests : ConnectorContractTests
{
    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        var urls = documents.ToDictionary(d => d.Key, d => Site.Url($"/artikelen/{d.Key}"));
        var collection = Site.Url("/jsonapi/node/article");
        var payload = new
        {
            jsonapi = new { version = "1.0" },
            data = documents.Select(d => new
            {
                type = "node--article",
                id = $"00000000-0000-4000-8000-{d.Key.Sum(c => c):D12}",
                attributes = new Dictionary<string, object>
                {
                    ["drupal_internal__nid"] = d.Key.Sum(c => c),
                    ["title"] = d.Title,
                    ["created"] = Date(d),
                    ["changed"] = Date(d),
                    ["body"] = new { value = d.Body, processed = d.Body, summary = string.Empty },
                    ["path"] = new { alias = $"/artikelen/{d.Key}", langcode = "nl" },
                },
            }),
            links = new { self = new { href = collection.AbsoluteUri } },
        };
        Site.Set(collection.PathAndQuery, JsonSerializer.SerializeToUtf8Bytes(payload), "application/vnd.api+json");
        var source = new SourceDefinition
        {
            Id = "contract-jsonapi",
            Name = "Contract (JSON:API)",
            Kind = SourceKind.JsonApi,
            Url = collection,
            Schedule = "0 0 3 * * ?",
        };
        return new ContractSource(Connector(SourceKind.JsonApi), source, urls);
    }

    private static string Date(ContractDocument document) =>
        new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(document.Key.Sum(c => c)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
