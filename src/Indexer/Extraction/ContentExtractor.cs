using System.Runtime.ExceptionServices;

namespace Search.Indexer.Extraction;

/// <summary>Sniffs the format of a document and runs the matching extractor (pure).</summary>
public static class ContentExtractor
{
    /// <summary>PDF and DOCX parsing may take at most this long; a document that takes longer is skipped.</summary>
    public static readonly TimeSpan BinaryTimeLimit = TimeSpan.FromSeconds(30);

    public static (ContentFormat Format, ExtractedContent Content) Extract(byte[] content, string? contentType, Uri url, string? contentSelector) =>
        Extract(content, contentType, url, contentSelector, BinaryTimeLimit);

    public static (ContentFormat Format, ExtractedContent Content) Extract(byte[] content, string? contentType, Uri url, string? contentSelector, TimeSpan binaryTimeLimit)
    {
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString;
        var format = ContentSniffer.Detect(content, contentType, path);
        var fallbackTitle = FallbackTitle(path);
        var extracted = format switch
        {
            ContentFormat.Html => HtmlExtractor.Extract(TextDecoder.Decode(content, contentType), contentSelector),
            ContentFormat.Pdf => WithinTimeLimit(() => PdfExtractor.Extract(content, fallbackTitle), binaryTimeLimit, "PDF"),
            ContentFormat.Docx => WithinTimeLimit(() => DocxExtractor.Extract(content, fallbackTitle), binaryTimeLimit, "DOCX"),
            ContentFormat.Text => PlainTextExtractor.Extract(TextDecoder.Decode(content, contentType), markdown: false, fallbackTitle),
            ContentFormat.Markdown => PlainTextExtractor.Extract(TextDecoder.Decode(content, contentType), markdown: true, fallbackTitle),
            _ => throw new ExtractionException($"Unsupported content (type '{contentType ?? "unknown"}'); skipped."),
        };
        return (format, extracted);
    }

    /// <summary>
    /// Runs a parser on a thread of its own and gives up waiting after the limit (a pathological file: circular
    /// references, huge object graphs). The parser cannot be aborted; it finishes in the background and is ignored. Not
    /// a thread-pool thread: a runaway parser must not hold one, and a parser started from the index's background lane
    /// keeps the lane's lower priority (a Linux thread inherits the nice value of the thread that creates it).
    /// </summary>
    private static ExtractedContent WithinTimeLimit(Func<ExtractedContent> extract, TimeSpan limit, string kind)
    {
        ExtractedContent? result = null;
        ExceptionDispatchInfo? failure = null;
        var parser = new Thread(() =>
        {
            try
            {
                result = extract();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"{kind} parser",
        };
        parser.Start();
        if (!parser.Join(limit))
        {
            throw new ExtractionException($"{kind} parsing took longer than {limit.TotalSeconds:0} s; skipped.");
        }

        failure?.Throw();
        return result!;
    }

    /// <summary>A readable title from a file name: <c>convenant-hennep-2022.pdf</c> → <c>convenant hennep 2022</c>.</summary>
    public static string? FallbackTitle(string path)
    {
        var name = Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(path));
        return string.IsNullOrWhiteSpace(name) ? null : name.Replace('-', ' ').Replace('_', ' ').Trim();
    }
}
