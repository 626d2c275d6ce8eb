using System.Globalization;
using System.Text;

namespace Search.Connectors.Http;

/// <summary>
/// The robots.txt rules (RFC 9309) that apply to one user agent: Allow/Disallow patterns with <c>*</c> and <c>$</c>,
/// matched longest-first (Allow wins a tie), plus the non-standard <c>Crawl-delay</c> and the <c>Sitemap</c> lines.
/// </summary>
public sealed class RobotsRules
{
    /// <summary>Only this much of a robots.txt is parsed; the rest is ignored (RFC 9309 §2.5 asks for at least 500 KiB).</summary>
    public const int MaxBytes = 500 * 1024;

    private readonly IReadOnlyList<Rule> _rules;

    private RobotsRules(IReadOnlyList<Rule> rules, TimeSpan? crawlDelay, IReadOnlyList<Uri> sitemaps)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
    }

    /// <summary>No rules at all: everything is allowed.</summary>
    public static RobotsRules AllowAll { get; } = new([], null, []);

    /// <summary>The <c>Crawl-delay</c> of the matching group, if it gave one.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>The sitemaps the file names (from any group; <c>Sitemap</c> lines are not group members).</summary>
    public IReadOnlyList<Uri> Sitemaps { get; }

    /// <summary>The product token of a User-Agent header: <c>KennisbankZoeken/1.0 (+https://…)</c> → <c>KennisbankZoeken</c>.</summary>
    public static string ProductToken(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        var trimmed = userAgent.Trim();
        var end = trimmed.AsSpan().IndexOfAny('/', ' ', '\t');
        return end < 0 ? trimmed : trimmed[..end];
    }

    /// <summary>Parses at most <see cref="MaxBytes"/> of a robots.txt body (UTF-8, BOM allowed).</summary>
    public static RobotsRules Parse(ReadOnlySpan<byte> content, string productToken, Uri? baseUrl = null)
    {
        var head = content.Length > MaxBytes ? content[..MaxBytes] : content;
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        return Parse(Encoding.UTF8.GetString(head), productToken, baseUrl);
    }

    /// <summary>Parses robots.txt text and keeps the group(s) for <paramref name="productToken"/>, else those for <c>*</c>.</summary>
    public static RobotsRules Parse(string text, string productToken, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(productToken);

        var specific = new GroupBuilder();
        var wildcard = new GroupBuilder();
        var sitemaps = new List<Uri>();
        var agents = new List<string>();
        var inRules = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = StripComment(rawLine);
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (inRules)
                    {
                        agents.Clear();
                        inRules = false;
                    }

                    agents.Add(value);
                    break;
                case "allow" or "disallow" or "crawl-delay":
                    if (agents.Count == 0)
                    {
                        break; // a rule outside any group is ignored
                    }

                    inRules = true;
                    var matchesUs = agents.Any(a => string.Equals(ProductToken(a), productToken, StringComparison.OrdinalIgnoreCase));
                    var target = matchesUs ? specific : agents.Contains("*") ? wildcard : null;
                    target?.Add(key, value);
                    break;
                case "sitemap":
                    if (Uri.TryCreate(baseUrl, value, out var sitemap) && sitemap.IsAbsoluteUri)
                    {
                        sitemaps.Add(sitemap);
                    }

                    break;
            }
        }

        var group = specific.Seen ? specific : wildcard;
        return new RobotsRules(group.Rules, group.CrawlDelay, sitemaps);
    }

    /// <summary>True when the URL's path and query may be fetched. <c>/robots.txt</c> itself is always allowed.</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = NormaliseEscapes(url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString);
        if (path.Length == 0)
        {
            path = "/";
        }

        if (string.Equals(url.AbsolutePath, "/robots.txt", StringComparison.Ordinal))
        {
            return true;
        }

        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (!Matches(rule.Pattern, path))
            {
                continue;
            }

            if (best is null || rule.Pattern.Length > best.Pattern.Length
                || (rule.Pattern.Length == best.Pattern.Length && rule.Allow && !best.Allow))
            {
                best = rule;
            }
        }

        return best?.Allow ?? true;
    }

    /// <summary>Pattern matching per RFC 9309 §2.2.3: <c>*</c> matches any sequence, a trailing <c>$</c> anchors the end.</summary>
    internal static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var body = anchored ? pattern[..^1] : pattern;
        var pieces = body.Split('*');
        if (!path.StartsWith(pieces[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = pieces[0].Length;
        for (var i = 1; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            if (i == pieces.Length - 1 && anchored)
            {
                // The last piece must sit at the very end, after position.
                return path.Length - piece.Length >= position && path.EndsWith(piece, StringComparison.Ordinal);
            }

            var found = path.IndexOf(piece, position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + piece.Length;
        }

        return !anchored || position == path.Length;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).TrimEnd('\r');
    }

    /// <summary>Percent-encodes non-ASCII characters and upper-cases escapes, so patterns and paths compare octet for octet.</summary>
    private static string NormaliseEscapes(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                builder.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                i += 2;
            }
            else if (c > 0x7F)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(value.Substring(i, length)))
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed record Rule(string Pattern, bool Allow);

    private sealed class GroupBuilder
    {
        public List<Rule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; private set; }

        public bool Seen { get; private set; }

        public void Add(string key, string value)
        {
            Seen = true;
            if (key == "crawl-delay")
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                    && !double.IsInfinity(seconds))
                {
                    var delay = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds));
                    CrawlDelay = CrawlDelay is { } known && known > delay ? known : delay;
                }

                return;
            }

            if (value.Length == 0)
            {
                return; // "Disallow:" with no path disallows nothing
            }

            Rules.Add(new Rule(NormaliseEscapes(value), key == "allow"));
        }
    }
}
