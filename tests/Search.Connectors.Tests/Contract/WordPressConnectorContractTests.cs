using System.Globalization;
using System.Text.Json;
using Search.Connectors.Abstractions;
using Search.Connectors.JsonApi;

namespace Search.Connectors.Tests.Contract;

/// <summary>The WordPress REST API listing posts (one page, <c>X-WP-TotalPages: 1</c>).</summary>
public sealed class WordPressConnectorContractTests : ConnectorContractTests
{
    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        var urls = documents.ToDictionary(d => d.Key, d => Site.Url($"/2024/01/{d.Key}/"));
        var posts = documents.Select((d, i) => new Dictionary<string, object>
        {
            ["id"] = 100 + d.Key.Sum(c => c),
            ["link"] = urls[d.Key].AbsoluteUri,
            ["date_gmt"] = Date(d).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["modified_gmt"] = Date(d).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["title"] = new { rendered = d.Title },
            ["content"] = new { rendered = d.Body },
            ["excerpt"] = new { rendered = $"<p>{d.Title}</p>" },
        });
        var page = WordPressMapper.PageUrl(Site.BaseUrl, "posts", 1);
        Site.Set(page.PathAndQuery, JsonSerializer.SerializeToUtf8Bytes(posts), "application/json; charset=UTF-8", headers: new Dictionary<string, string>
        {
            ["X-WP-Total"] = documents.Count.ToString(CultureInfo.InvariantCulture),
            ["X-WP-TotalPages"] = "1",
        });
        var source = new SourceDefinition
        {
            Id = "contract-wordpress",
            Name = "Contract (WordPress)",
            Kind = SourceKind.WordPress,
            Url = Site.BaseUrl,
            WordPressTypes = ["posts"],
            Schedule = "0 0 3 * * ?",
        };
        return new ContractSource(Connector(SourceKind.WordPress), source, urls);
    }

    private static DateTime Date(ContractDocument document) => new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc).AddDays(document.Key.Sum(c => c));
}
