namespace Search.Indexer.Extraction;

/// <summary>Decides a document's format from its bytes first, then its content type and name (pure).</summary>
public static class ContentSniffer
{
    public static ContentFormat Detect(ReadOnlySpan<byte> content, string? contentType, string? path)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return ContentFormat.Pdf;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            // A zip: only DOCX is supported (word/document.xml is checked by the extractor).
            return ContentFormat.Docx;
        }

        if (LooksBinary(content))
        {
            return ContentFormat.Unsupported;
        }

        var extension = System.IO.Path.GetExtension(path ?? string.Empty).ToLowerInvariant();
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (extension is ".md" or ".markdown" || type == "text/markdown")
        {
            return ContentFormat.Markdown;
        }

        if (type is "text/html" or "application/xhtml+xml" || extension is ".html" or ".htm" || LooksLikeHtml(content))
        {
            return ContentFormat.Html;
        }

        return type == "text/plain" || extension == ".txt" ? ContentFormat.Text : ContentFormat.Unsupported;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> content)
    {
        var head = System.Text.Encoding.ASCII.GetString(content[..Math.Min(content.Length, 1024)]).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<body", StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksBinary(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, 4096)];
        if (sample.StartsWith("\u007fELF"u8) || sample.StartsWith("MZ"u8))
        {
            return true;
        }

        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return true;
            }

            if (b < 9 || (b > 13 && b < 32))
            {
                controls++;
            }
        }

        return sample.Length > 0 && controls * 10 > sample.Length;
    }
}
