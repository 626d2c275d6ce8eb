using System.Net;

namespace Search.SearchApi.Partners;

/// <summary>
/// <c>GET /embed?key=…</c>: a standalone Dutch search page for partners whose sites forbid third-party scripts. It runs
/// the same <c>embed.js</c> on this service's origin; only the key's allowed origins may frame it (CSP frame-ancestors).
/// The key is visible in the iframe URL, which is acceptable because a partner key only grants public, rate-limited search.
/// </summary>
internal static class EmbedPage
{
    public static IResult Serve(HttpContext context, PartnerKeyStore keys)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        var key = keys.Find(context.Request.Query["key"].ToString());
        if (key is null)
        {
            headers.ContentSecurityPolicy = "default-src 'none'";
            return TypedResults.Content(Unavailable, "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        var ancestors = key.AllowedOrigins.Count == 0 ? "'none'" : string.Join(' ', key.AllowedOrigins);
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}";
        return TypedResults.Content(Page, "text/html; charset=utf-8");
    }

    private const string Page = """
        <!doctype html>
        <html lang="nl">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="referrer" content="no-referrer">
          <title>Zoeken in de kennisbank</title>
          <style>html, body { margin: 0; padding: 0; background: transparent; }</style>
        </head>
        <body>
          <div id="kbz"></div>
          <script src="/embed.js" data-key-from-url data-target="#kbz" data-link-target="_blank"></script>
        </body>
        </html>
        """;

    private static readonly string Unavailable = $"""
        <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Zoeken niet beschikbaar</title></head>
        <body><p>{WebUtility.HtmlEncode("Deze zoekfunctie is niet beschikbaar: de partnersleutel is ongeldig of ingetrokken.")}</p></body></html>
        """;
}
