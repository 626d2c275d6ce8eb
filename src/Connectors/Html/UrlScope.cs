using System.Text.RegularExpressions;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Html;

/// <summary>
/// Which URLs a crawl may follow (pure): the include patterns (any must match; none means the start URLs' hosts),
/// the exclude patterns, and the spider-trap limits every URL must respect.
/// </summary>
public sealed class UrlScope
{
    /// <summary>Longer URLs are traps (or garbage).</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>URLs with more path segments are traps.</summary>
    public const int MaxPathSegments = 16;

    /// <summary>A path in which one segment occurs more often than this is a trap (<c>/a/b/a/b/a/…</c>).</summary>
    public const int MaxSegmentRepeats = 2;

    /// <summary>Regular expressions get this long per URL before they count as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly HashSet<string> SessionParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "jsessionid", "phpsessid", "sid", "sessionid", "session_id", "cfid", "cftoken", "oscsid", "zenid",
    };

    private static readonly Regex PathSessionId = new(
        ";(?:jsessionid|phpsessid|sid|sessionid)=[^/;?#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    private readonly Regex[] _include;
    private readonly Regex[] _exclude;
    private readonly Uri[] _hosts;

    private UrlScope(Regex[] include, Regex[] exclude, Uri[] hosts)
    {
        _include = include;
        _exclude = exclude;
        _hosts = hosts;
    }

    /// <summary>Builds the scope of a crawl; throws <see cref="ArgumentException"/> naming a pattern that is not a valid regular expression.</summary>
    public static UrlScope Create(IEnumerable<string> include, IEnumerable<string> exclude, IEnumerable<Uri> startUrls)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        ArgumentNullException.ThrowIfNull(startUrls);
        return new UrlScope(include.Select(Compile).ToArray(), exclude.Select(Compile).ToArray(), startUrls.ToArray());
    }

    /// <summary>True when the URL is in scope: matched by an include pattern (or on a start host), not excluded, and no trap.</summary>
    public bool Allows(Uri url) => IsIncluded(url) && !IsExcluded(url) && TrapReason(url) is null;

    /// <summary>An attachment may also live outside the include patterns when it is on the host of the page that links to it.</summary>
    public bool AllowsAttachment(Uri url, Uri page) =>
        (IsIncluded(url) || SameSite(url, page)) && !IsExcluded(url) && TrapReason(url) is null;

    public bool IsIncluded(Uri url) =>
        _include.Length == 0 ? _hosts.Any(h => SameSite(h, url)) : _include.Any(r => Matches(r, url));

    public bool IsExcluded(Uri url) => _exclude.Any(r => Matches(r, url));

    /// <summary>Same host, and the same port unless both use their scheme's default port (so http and https of one host match).</summary>
    public static bool SameSite(Uri a, Uri b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && (a.Port == b.Port || (a.IsDefaultPort && b.IsDefaultPort));
    }

    /// <summary>Why a URL is a spider trap, or null when it is not.</summary>
    public static string? TrapReason(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.AbsoluteUri.Length > MaxUrlLength)
        {
            return $"URL longer than {MaxUrlLength} characters";
        }

        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > MaxPathSegments)
        {
            return $"more than {MaxPathSegments} path segments";
        }

        var repeated = segments.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > MaxSegmentRepeats);
        return repeated is null ? null : $"path segment '{repeated.Key}' repeated more than {MaxSegmentRepeats} times";
    }

    /// <summary><see cref="UrlNormalizer.Normalize"/> after dropping session ids (<c>;jsessionid=…</c>, <c>?PHPSESSID=…</c>, <c>sid</c>, …).</summary>
    public static Uri Canonicalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.IsFile)
        {
            return UrlNormalizer.Normalize(url);
        }

        var path = url.AbsolutePath;
        var query = url.Query.TrimStart('?');
        var strippedPath = path.Contains(';', StringComparison.Ordinal) ? PathSessionId.Replace(path, string.Empty) : path;
        var strippedQuery = query.Length == 0
            ? query
            : string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !IsSessionParameter(p)));
        if (ReferenceEquals(strippedPath, path) && strippedQuery == query)
        {
            return UrlNormalizer.Normalize(url);
        }

        var builder = new UriBuilder(url) { Path = strippedPath, Query = strippedQuery };
        return UrlNormalizer.Normalize(builder.Uri);
    }

    private static bool IsSessionParameter(string pair)
    {
        var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]);
        return SessionParameters.Contains(name) || name.StartsWith("aspsessionid", StringComparison.OrdinalIgnoreCase);
    }

    private static bool Matches(Regex regex, Uri url)
    {
        try
        {
            return regex.IsMatch(url.AbsoluteUri);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }
    }
}
