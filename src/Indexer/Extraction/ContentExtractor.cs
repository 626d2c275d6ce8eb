namespace Search.Indexer.Extraction;

/// <summary>Sniffs the format of a document and runs the matching extractor (pure).</summary>
public static class ContentExtractor
{
    public static (ContentFormat Format, ExtractedContent Content) Extract(byte[] content, string? contentType, Uri url, string? contentSelector)
    {
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString;
        var format = ContentSniffer.Detect(content, contentType, path);
        var fallbackTitle = FallbackTitle(path);
        var extracted = format switch
        {
            ContentFormat.Html => HtmlExtractor.Extract(TextDecoder.Decode(content, contentType), contentSelector),
            ContentFormat.Pdf => PdfExtractor.Extract(content, fallbackTitle),
            ContentFormat.Docx => DocxExtractor.Extract(content, fallbackTitle),
            ContentFormat.Text => PlainTextExtractor.Extract(TextDecoder.Decode(content, contentType), markdown: false, fallbackTitle),
            ContentFormat.Markdown => PlainTextExtractor.Extract(TextDecoder.Decode(content, contentType), markdown: true, fallbackTitle),
            _ => throw new ExtractionException($"Unsupported content (type '{contentType ?? "unknown"}'); skipped."),
        };
        return (format, extracted);
    }

    /// <summary>A readable title from a file name: <c>convenant-hennep-2022.pdf</c> → <c>convenant hennep 2022</c>.</summary>
    public static string? FallbackTitle(string path)
    {
        var name = Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(path));
        return string.IsNullOrWhiteSpace(name) ? null : name.Replace('-', ' ').Replace('_', ' ').Trim();
    }
}
