using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Search.Indexer.Extraction;

/// <summary>Extracts PDF text page by page with PdfPig, keeping where each page starts.</summary>
public static class PdfExtractor
{
    /// <value>At most 2,000 pages are read.</value>
    public const int MaxPages = 2000;

    public static ExtractedContent Extract(byte[] content, string? fallbackTitle)
    {
        try
        {
            using var pdf = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (pdf.IsEncrypted)
            {
                throw new ExtractionException("The PDF is encrypted.");
            }

            var body = new StringBuilder();
            var starts = new List<int>();
            var pages = Math.Min(pdf.NumberOfPages, MaxPages);
            for (var number = 1; number <= pages; number++)
            {
                var page = pdf.GetPage(number);
                starts.Add(body.Length);
                var text = ContentOrderTextExtractor.GetText(page);
                body.Append(text.Trim());
                body.Append("\n\n");
            }

            var info = pdf.Information;
            var bodyText = body.ToString().TrimEnd();
            var firstLine = bodyText.Split('\n', 2)[0].Trim();
            return new ExtractedContent
            {
                Title = FirstUseful(info.Title, firstLine.Length is > 3 and < 200 ? firstLine : null, fallbackTitle) ?? "(PDF zonder titel)",
                Description = string.IsNullOrWhiteSpace(info.Subject) ? null : info.Subject.Trim(),
                Body = bodyText,
                Published = ParsePdfDate(info.CreationDate),
                Modified = ParsePdfDate(info.ModifiedDate),
                PageStarts = starts,
            };
        }
        catch (ExtractionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExtractionException($"PDF could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>PDF dates look like <c>D:20180312101500+01'00'</c>.</summary>
    public static DateOnly? ParsePdfDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var digits = value.StartsWith("D:", StringComparison.Ordinal) ? value[2..] : value;
        return digits.Length >= 8 && int.TryParse(digits[..4], out var y) && int.TryParse(digits[4..6], out var m) && int.TryParse(digits[6..8], out var d)
            && y is > 1900 and < 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            ? new DateOnly(y, m, d)
            : DutchDates.Parse(value);
    }

    private static string? FirstUseful(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
