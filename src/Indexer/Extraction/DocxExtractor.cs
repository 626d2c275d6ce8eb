using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Search.Indexer.Extraction;

/// <summary>Extracts DOCX text with the Open XML SDK; the title comes from the core properties or the first heading.</summary>
public static class DocxExtractor
{
    /// <summary>Refuse documents whose parts expand beyond 200 MiB or 100 times their size (zip bombs).</summary>
    public const long MaxExpandedBytes = 200L * 1024 * 1024;

    public static ExtractedContent Extract(byte[] content, string? fallbackTitle)
    {
        GuardAgainstBombs(content);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var word = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxExpandedBytes });
            var body = word.MainDocumentPart?.Document?.Body ?? throw new ExtractionException("The DOCX has no document body.");
            var text = new StringBuilder();
            string? heading = null;
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var line = string.Concat(paragraph.Descendants<Text>().Select(t => t.Text)).Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
                if (heading is null && (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.Equals("Title", StringComparison.OrdinalIgnoreCase) || style.StartsWith("Kop", StringComparison.OrdinalIgnoreCase)))
                {
                    heading = line;
                }

                text.Append(line).Append('\n');
            }

            var bodyText = text.ToString().TrimEnd();
            var properties = word.PackageProperties;
            return new ExtractedContent
            {
                Title = FirstUseful(properties.Title, heading, bodyText.Split('\n', 2)[0] is { Length: > 3 and < 200 } first ? first : null, fallbackTitle)
                    ?? "(document zonder titel)",
                Description = string.IsNullOrWhiteSpace(properties.Description) ? null : properties.Description.Trim(),
                Body = bodyText,
                Published = properties.Created is { } created ? DateOnly.FromDateTime(created) : null,
                Modified = properties.Modified is { } modified ? DateOnly.FromDateTime(modified) : null,
            };
        }
        catch (ExtractionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExtractionException($"DOCX could not be read: {ex.Message}", ex);
        }
    }

    private static void GuardAgainstBombs(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > 10_000)
            {
                throw new ExtractionException($"The DOCX holds {zip.Entries.Count} parts; at most 10,000 are read.");
            }

            var expanded = zip.Entries.Sum(e => e.Length);
            if (expanded > MaxExpandedBytes || expanded > Math.Max(10L * 1024 * 1024, content.LongLength * 100))
            {
                throw new ExtractionException($"The DOCX expands to {expanded} bytes from {content.Length}; refused as a zip bomb.");
            }

            if (zip.GetEntry("word/document.xml") is null)
            {
                throw new ExtractionException("The zip file is not a DOCX document (no word/document.xml).");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ExtractionException($"The DOCX is not a valid zip file: {ex.Message}", ex);
        }
    }

    private static string? FirstUseful(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
