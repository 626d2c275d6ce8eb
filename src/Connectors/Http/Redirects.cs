using System.Net;

namespace Search.Connectors.Http;

/// <summary>Redirect handling the fetcher does itself (auto-redirect is off), so that every hop is re-checked.</summary>
public static class Redirects
{
    /// <summary>301, 302, 303, 307 and 308; 300 (multiple choices) and 304 are not followed.</summary>
    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The absolute target of a <c>Location</c> header (relative ones resolve against the current URL), without fragment.</summary>
    public static Uri Resolve(Uri current, Uri location)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(location);
        var target = location.IsAbsoluteUri ? location : new Uri(current, location);
        return target.Fragment.Length == 0 ? target : new Uri(target.GetLeftPart(UriPartial.Query));
    }

    /// <summary>The method for the next hop: 307 and 308 keep it, the others turn it into GET.</summary>
    public static HttpMethod NextMethod(HttpStatusCode status, HttpMethod method) =>
        status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect ? method : HttpMethod.Get;
}
