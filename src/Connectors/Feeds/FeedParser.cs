using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;

namespace Search.Connectors.Feeds;

/// <summary>Parses RSS 2.0 and Atom 1.0 feeds into items (pure). Hardened: no DTDs, no external resolution, size limits.</summary>
public static class FeedParser
{
    /// <summary>The largest feed accepted, 10 MiB.</summary>
    public const int MaxFeedBytes = 10 * 1024 * 1024;

    /// <summary>The most items read from one feed; the rest are ignored.</summary>
    public const int MaxItems = 10_000;

    private const string ContentModuleNamespace = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>One feed entry. <see cref="Summary"/> and <see cref="Content"/> are HTML fragments; <see cref="Title"/> is plain text.</summary>
    public sealed record FeedItem(
        Uri? Link,
        string? Title,
        string? Summary,
        string? Content,
        DateTimeOffset? Published,
        DateTimeOffset? Updated)
    {
        /// <summary>The newest date the feed gives for the item.</summary>
        public DateTimeOffset? Modified => Updated ?? Published;

        /// <summary>The item carries its full text (RSS <c>content:encoded</c>, Atom <c>content</c>), so its page need not be fetched.</summary>
        public bool HasFullContent => !string.IsNullOrWhiteSpace(Content);
    }

    /// <summary>Reads the items of an RSS 2.0 or Atom feed.</summary>
    /// <exception cref="XmlException">The XML is malformed or declares a DTD.</exception>
    /// <exception cref="FormatException">The document is too large or is not an RSS 2.0 or Atom feed.</exception>
    public static IReadOnlyList<FeedItem> Parse(byte[] content, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(feedUrl);
        if (content.Length > MaxFeedBytes)
        {
            throw new FormatException($"The feed is {content.Length} bytes, more than the cap of {MaxFeedBytes} bytes.");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxFeedBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        using var stream = new MemoryStream(content, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        reader.MoveToContent();
        SyndicationFeedFormatter formatter = new Atom10FeedFormatter();
        if (!formatter.CanRead(reader))
        {
            formatter = new Rss20FeedFormatter();
            if (!formatter.CanRead(reader))
            {
                throw new FormatException($"The document is not an RSS 2.0 or Atom feed: its root element is <{reader.LocalName}>.");
            }
        }

        // A bad date must not cost the whole feed: read it as unknown instead of throwing.
        var strictDates = formatter.DateTimeParser;
        formatter.DateTimeParser = (XmlDateTimeData data, out DateTimeOffset value) =>
        {
            if (!strictDates(data, out value))
            {
                value = DateTimeOffset.MinValue;
            }

            return true;
        };
        formatter.ReadFrom(reader);
        var feed = formatter.Feed;
        var feedBase = feed.BaseUri is { IsAbsoluteUri: true } b ? b : feedUrl;
        var isAtom = formatter is Atom10FeedFormatter;
        return feed.Items.Take(MaxItems).Select(item => ToItem(item, feedBase, isAtom)).ToList();
    }

    private static FeedItem ToItem(SyndicationItem item, Uri feedBase, bool isAtom)
    {
        var itemBase = item.BaseUri is { } b ? new Uri(feedBase, b) : feedBase;
        return new FeedItem(
            LinkOf(item, itemBase),
            HtmlEnvelope.TextOf(HtmlOf(item.Title, isAtom)),
            HtmlOf(item.Summary, isAtom),
            EncodedContent(item) ?? HtmlOf(item.Content as TextSyndicationContent, isAtom),
            DateOf(item.PublishDate),
            DateOf(item.LastUpdatedTime));
    }

    /// <summary>The alternate link (RSS <c>link</c>, Atom <c>link rel="alternate"</c>), else a permalink guid or id.</summary>
    private static Uri? LinkOf(SyndicationItem item, Uri itemBase)
    {
        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate" && l.Uri is not null)?.Uri;
        if (link is null && Uri.TryCreate(item.Id, UriKind.Absolute, out var id))
        {
            link = id;
        }

        return link is not null && Uri.TryCreate(itemBase, link, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : null;
    }

    private static string? EncodedContent(SyndicationItem item)
    {
        foreach (var extension in item.ElementExtensions)
        {
            if (extension.OuterName == "encoded" && extension.OuterNamespace == ContentModuleNamespace)
            {
                using var reader = extension.GetReader();
                var text = reader.ReadElementContentAsString();
                return string.IsNullOrWhiteSpace(text) ? null : text;
            }
        }

        return null;
    }

    /// <summary>
    /// A text construct as an HTML fragment: Atom <c>type="text"</c> is escaped, Atom html and xhtml are kept. The library
    /// reports every RSS element as "text", but RSS titles and descriptions carry (entity-encoded) HTML by convention.
    /// </summary>
    private static string? HtmlOf(TextSyndicationContent? content, bool isAtom)
    {
        if (content is null || string.IsNullOrWhiteSpace(content.Text))
        {
            return null;
        }

        return isAtom && content.Type == "text" ? WebUtility.HtmlEncode(content.Text) : content.Text;
    }

    private static DateTimeOffset? DateOf(DateTimeOffset value) => value == DateTimeOffset.MinValue ? null : value;
}
