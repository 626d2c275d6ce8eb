using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Search.Connectors.Sitemap;

/// <summary>Parses sitemaps and sitemap indexes (sitemaps.org 0.9), plain or gzipped. Pure and hardened against XXE.</summary>
public static class SitemapParser
{
    public enum SitemapKind
    {
        UrlSet,
        Index,
    }

    public sealed record Entry(Uri Location, DateTimeOffset? LastModified);

    public sealed record Result(SitemapKind Kind, IReadOnlyList<Entry> Entries);

    /// <summary>50 MiB, the sitemaps.org limit for an uncompressed sitemap.</summary>
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;

    /// <summary>Reads the entries; a loc that is not an absolute http(s) URL is skipped, as sitemaps.org requires absolute locs.</summary>
    public static Result Parse(byte[] content, Uri sitemapUrl)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(sitemapUrl);
        var bytes = IsGzip(content) ? Gunzip(content) : content;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxUncompressedBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };

        using var stream = new MemoryStream(bytes);
        using var reader = XmlReader.Create(stream, settings);
        SitemapKind? kind = null;
        var entries = new List<Entry>();
        string? loc = null;
        string? lastmod = null;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                // Only urlset/url/loc (depth 2): extensions such as image:image carry a loc of their own.
                switch (reader.LocalName)
                {
                    case "loc" when reader.Depth == 2:
                        loc = reader.ReadElementContentAsString().Trim();
                        continue;
                    case "lastmod" when reader.Depth == 2:
                        lastmod = reader.ReadElementContentAsString().Trim();
                        continue;
                    case "urlset" when kind is null:
                        kind = SitemapKind.UrlSet;
                        break;
                    case "sitemapindex" when kind is null:
                        kind = SitemapKind.Index;
                        break;
                    case "url" or "sitemap":
                        loc = null;
                        lastmod = null;
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName is "url" or "sitemap")
            {
                if (loc is not null && Uri.TryCreate(loc, UriKind.Absolute, out var location) && location.Scheme is "http" or "https")
                {
                    entries.Add(new Entry(location, ParseLastModified(lastmod)));
                }
            }

            reader.Read();
        }

        return kind is null
            ? throw new FormatException("The document is not a sitemap: no <urlset> or <sitemapindex> root element.")
            : new Result(kind.Value, entries);
    }

    /// <summary>W3C datetime (a date, or a date and time); anything else is unknown.</summary>
    public static DateTimeOffset? ParseLastModified(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM"];
        return DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
    }

    private static bool IsGzip(byte[] content) => content.Length > 2 && content[0] == 0x1F && content[1] == 0x8B;

    private static byte[] Gunzip(byte[] content)
    {
        using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxUncompressedBytes)
            {
                throw new FormatException($"The gzipped sitemap expands beyond {MaxUncompressedBytes} bytes.");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
