using System.Globalization;
using System.Text.Json;

namespace Search.Connectors.JsonApi;

/// <summary>Hardened JSON reading shared by the API connectors (pure).</summary>
public static class JsonPayload
{
    /// <summary>Deeper nesting is refused (System.Text.Json throws a <see cref="JsonException"/>).</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses a response body; the fetcher has already capped its size.</summary>
    /// <exception cref="JsonException">Malformed JSON, or nested deeper than <see cref="MaxDepth"/>.</exception>
    public static JsonDocument Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return JsonDocument.Parse(body, new JsonDocumentOptions
        {
            MaxDepth = MaxDepth,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
        });
    }

    /// <summary>The property when <paramref name="element"/> is an object that has it; otherwise null.</summary>
    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A scalar as text (strings as they are, numbers and booleans in their JSON form); null for anything else.</summary>
    public static string? Text(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.Value.GetRawText(),
        _ => null,
    };

    /// <summary>A JSON string's value; null for anything else.</summary>
    public static string? String(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>An ISO 8601 date (without an offset read as UTC, as WordPress writes <c>*_gmt</c>) or Unix seconds; null when unreadable.</summary>
    public static DateTimeOffset? Date(JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253_402_300_800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return Text(element) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }

    /// <summary>An absolute http(s) URL, or a relative one resolved against <paramref name="baseUrl"/>.</summary>
    public static Uri? HttpUrl(string? value, Uri baseUrl) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 2048 && Uri.TryCreate(baseUrl, value.Trim(), out var url) && IsHttp(url)
            ? url
            : null;

    /// <summary>True for an absolute http or https URL (on Unix "/path" parses as an absolute file URL, which this refuses).</summary>
    public static bool IsHttp(Uri url) => url.IsAbsoluteUri && url.Scheme is "http" or "https";
}
