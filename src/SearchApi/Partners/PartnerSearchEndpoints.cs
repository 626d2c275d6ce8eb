using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Search.SearchApi.Search;

namespace Search.SearchApi.Partners;

/// <summary>
/// Search for partner sites: a partner key (<c>X-Api-Key</c>) with its fixed filter, public documents only, CORS only
/// for the key's origins, and rate limits per client IP and per key.
/// </summary>
public static class PartnerSearchEndpoints
{
    public const string KeyHeader = "X-Api-Key";
    public const string SearchPath = "/api/v1/partner/search";

    public static IEndpointRouteBuilder MapPartnerSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SearchPath, Search).WithTags("Partners").WithName("PartnerSearch")
            .WithSummary("Public-only search for partner sites (X-Api-Key)")
            .WithDescription("Answers like /api/v1/search, with the key's filter ANDed on; `filter` (facet:value …) can only narrow further.");
        app.MapMethods(SearchPath, [HttpMethods.Options], Preflight).WithTags("Partners").ExcludeFromDescription();
        app.MapGet("/embed", EmbedPage.Serve).WithTags("Partners").WithSummary("Standalone search page for an iframe (?key=…)");
        return app;
    }

    internal static IResult Search(
        HttpContext context, PartnerKeyStore keys, FixedWindowRateLimiter limiter, IOptions<PartnerOptions> options, SearchService search,
        ILogger<PartnerKeyStore> logger,
        [FromQuery] string? q, [FromQuery] string? page, [FromQuery] string? pageSize, [FromQuery] string? filter)
    {
        var response = context.Response;
        response.Headers.Vary = HeaderNames.Origin;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        var key = keys.Find(context.Request.Headers[KeyHeader].ToString());
        var rawOrigin = context.Request.Headers.Origin.ToString();
        var origin = rawOrigin.Length == 0 ? null : PartnerOrigins.Normalize(rawOrigin) ?? "null";

        // Only an allowed origin may read any answer, errors included: so the widget can show "te veel zoekopdrachten".
        var crossOrigin = origin is not null && origin != OwnOrigin(context.Request);
        if (key is not null && crossOrigin && key.Allows(origin!))
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.AccessControlExposeHeaders = HeaderNames.RetryAfter;
        }

        // Per IP first and for every request, so guessing keys is throttled like searching.
        var perIp = limiter.TryAcquire("ip:" + ClientBucket(context.Connection.RemoteIpAddress), options.Value.PerIpPerMinute);
        if (!perIp.Allowed)
        {
            PartnerLog.Refused(logger, "per-IP rate limit", key?.Id ?? "-", Shorten(rawOrigin));
            return TooMany(response, perIp, "Te veel zoekopdrachten vanaf dit adres.");
        }

        if (key is null)
        {
            PartnerLog.Refused(logger, "unknown or revoked key", "-", Shorten(rawOrigin));
            return TypedResults.Problem($"Een geldige partnersleutel in de header {KeyHeader} is vereist.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Niet geautoriseerd");
        }

        if (crossOrigin && !key.Allows(origin!))
        {
            PartnerLog.Refused(logger, "origin not allowed", key.Id, Shorten(rawOrigin));
            return TypedResults.Problem("Deze partnersleutel mag niet worden gebruikt vanaf deze website.",
                statusCode: StatusCodes.Status403Forbidden, title: "Origin niet toegestaan");
        }

        var perKey = limiter.TryAcquire("key:" + key.Id, key.RateLimitPerMinute);
        if (!perKey.Allowed)
        {
            PartnerLog.Refused(logger, "per-key rate limit", key.Id, Shorten(rawOrigin));
            return TooMany(response, perKey, "Te veel zoekopdrachten met deze partnersleutel.");
        }

        var (extra, filterError) = PartnerFilter.Parse(filter);
        if (filterError is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = [filterError] },
                detail: "Een of meer parameters van de zoekopdracht zijn ongeldig.", title: "Ongeldige zoekopdracht");
        }

        var combined = key.Filter.And(extra!);
        var (request, errors) = SearchRequestParser.Parse(q, One(combined, "source"), One(combined, "type"), One(combined, "theme"),
            One(combined, "year"), page, pageSize, sort: null);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "Een of meer parameters van de zoekopdracht zijn ongeldig.", title: "Ongeldige zoekopdracht");
        }

        if (combined is null)
        {
            // The page's filter contradicts the key's: nothing can match, and nothing outside the key's filter is searched.
            return TypedResults.Ok(new SearchResponse(request.Query, 0, request.Page, request.PageSize, 0, [], new SearchFacets([], [], [], [])));
        }

        try
        {
            // The public overload: a partner key never sees restricted documents, whoever's browser sends it.
            return TypedResults.Ok(search.Search(request));
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige zoekvraag");
        }
    }

    /// <summary>
    /// A preflight carries no key, so it is answered for origins that some active key allows; the search itself then
    /// checks the origin against the key that was sent.
    /// </summary>
    internal static IResult Preflight(HttpContext context, PartnerKeyStore keys, IOptions<PartnerOptions> options)
    {
        var response = context.Response;
        response.Headers.Vary = HeaderNames.Origin;
        var origin = PartnerOrigins.Normalize(context.Request.Headers.Origin.ToString());
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        if (origin is null || !keys.AnyKeyAllows(origin) || (method.Length > 0 && method != HttpMethods.Get))
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowMethods = HttpMethods.Get;
        response.Headers.AccessControlAllowHeaders = KeyHeader;
        response.Headers.AccessControlMaxAge = ((int)options.Value.PreflightMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    internal static string OwnOrigin(HttpRequest request) => PartnerOrigins.Normalize($"{request.Scheme}://{request.Host}") ?? string.Empty;

    /// <summary>IPv4 addresses count alone; IPv6 clients per /64, since one host can hold a whole /64.</summary>
    internal static string ClientBucket(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string[]? One(PartnerFilter? filter, string facet) => filter?.Value(facet) is { } value ? [value] : null;

    private static IResult TooMany(HttpResponse response, RateDecision decision, string detail)
    {
        response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem($"{detail} Probeer het over {decision.RetryAfterSeconds} seconden opnieuw.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Te veel verzoeken");
    }

    private static string Shorten(string value) => value.Length == 0 ? "(none)" : value.Length <= 100 ? value : value[..100] + "…";
}
