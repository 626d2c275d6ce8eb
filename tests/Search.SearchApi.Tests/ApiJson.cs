using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Search.SearchApi.Tests;

internal static class ApiJson
{
    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static IEnumerable<JsonObject> Hits(this JsonObject search) => search["hits"]!.AsArray().Select(h => h!.AsObject());

    public static Dictionary<string, int> Facet(this JsonObject search, string name) =>
        search["facets"]![name]!.AsArray().ToDictionary(v => v!["value"]!.GetValue<string>(), v => v!["count"]!.GetValue<int>());

    public static int Total(this JsonObject search) => search["total"]!.GetValue<int>();

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
