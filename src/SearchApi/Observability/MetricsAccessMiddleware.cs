using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Search.SearchApi.Observability;

/// <summary>
/// Lets a scrape through when it comes from this machine (if <see cref="MetricsOptions.AllowLoopback"/>) or carries
/// the scrape key as a bearer token; answers 403 ProblemDetails otherwise.
/// </summary>
internal sealed class MetricsAccessMiddleware(RequestDelegate next, IOptions<MetricsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsAllowed(context.Connection.RemoteIpAddress, context.Request.Headers.Authorization.ToString(), options.Value))
        {
            return next(context);
        }

        return TypedResults.Problem(
            "Metrics zijn alleen bereikbaar vanaf deze machine of met de scrape-sleutel (Authorization: Bearer).",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Geen toegang tot metrics").ExecuteAsync(context);
    }

    /// <summary>
    /// A missing remote address means no IP connection (an in-process test server or a Unix socket): local too.
    /// Keys are compared in constant time over their hashes, so neither content nor length leaks.
    /// </summary>
    internal static bool IsAllowed(IPAddress? remote, string authorization, MetricsOptions options)
    {
        if (options.AllowLoopback && (remote is null || IPAddress.IsLoopback(remote)))
        {
            return true;
        }

        const string Bearer = "Bearer ";
        if (string.IsNullOrEmpty(options.ScrapeKey) || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Bearer.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.ScrapeKey));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
