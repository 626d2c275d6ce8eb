using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Writer;

namespace Search.TestKit.Pdf;

/// <summary>Lays out title and pages on A4 and writes them with <see cref="PdfDocumentBuilder"/>.</summary>
internal sealed class PdfFixtureWriter
{
    private const double PageWidth = 595.28;   // A4 in points
    private const double PageHeight = 841.89;
    private const double Margin = 56.7;        // 2 cm
    private const double TextWidth = PageWidth - (2 * Margin);
    private const double BodySize = 11;
    private const double BodyLeading = 15;
    private const double TitleSize = 16;
    private const double TitleLeading = 22;
    private const double ParagraphGap = 6;

    private readonly PdfDocumentBuilder builder;
    private readonly PdfDocumentBuilder.AddedFont regular;
    private readonly PdfDocumentBuilder.AddedFont bold;
    private PdfPageBuilder? page;
    private double y;

    private PdfFixtureWriter(PdfDocumentBuilder builder)
    {
        this.builder = builder;
        regular = builder.AddStandard14Font(WinAnsiFont.Regular.Font);
        bold = builder.AddStandard14Font(WinAnsiFont.Bold.Font);
    }

    public static byte[] Write(string title, IReadOnlyList<string> pages, DateTime? created)
    {
        using var output = new MemoryStream();
        using (var builder = new PdfDocumentBuilder(output, false, PdfWriterType.Default, 1.7, new WinAnsiFontTokenWriter()))
        {
            builder.DocumentInformation.Title = WinAnsiFont.Regular.ToEncodable(title);
            builder.DocumentInformation.Producer = "Search.TestKit";
            if (created is { } date)
            {
                builder.DocumentInformation.CreationDate = ToPdfDate(date);
            }

            var writer = new PdfFixtureWriter(builder);
            writer.NewPage();
            writer.WriteTitle(title);
            for (var i = 0; i < pages.Count; i++)
            {
                if (i > 0)
                {
                    writer.NewPage();
                }

                writer.WriteBody(pages[i]);
            }

            builder.Build();
        }

        return output.ToArray();
    }

    private void WriteTitle(string title)
    {
        var text = WinAnsiFont.Bold.ToEncodable(title).Replace('\n', ' ').Trim();
        if (text.Length == 0)
        {
            return;
        }

        foreach (var line in Wrap(text, WinAnsiFont.Bold, TitleSize))
        {
            WriteLine(line, WinAnsiFont.Bold, bold, TitleSize, TitleLeading);
        }

        y -= 2 * ParagraphGap;
    }

    private void WriteBody(string body)
    {
        foreach (var sourceLine in WinAnsiFont.Regular.ToEncodable(body).Trim('\n').Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(sourceLine))
            {
                y -= y < PageHeight - Margin ? ParagraphGap : 0;
                continue;
            }

            foreach (var line in Wrap(sourceLine.TrimEnd(), WinAnsiFont.Regular, BodySize))
            {
                WriteLine(line, WinAnsiFont.Regular, regular, BodySize, BodyLeading);
            }
        }
    }

    private void NewPage()
    {
        page = builder.AddPage(PageWidth, PageHeight);
        y = PageHeight - Margin;
    }

    private void WriteLine(string text, WinAnsiFont font, PdfDocumentBuilder.AddedFont added, double size, double leading)
    {
        if (y - leading < Margin)
        {
            NewPage();
        }

        y -= leading;

        // PdfPig sets font, size and position; its StandardEncoding bytes are then swapped for WinAnsi ones.
        // The trailing space keeps a word boundary between lines for extractors that concatenate letters.
        var current = page!;
        current.AddText(" ", size, new PdfPoint(Margin, y), added);
        var operations = current.CurrentStream.Operations;
        var showText = operations.FindLastIndex(o => o is ShowText);
        operations[showText] = new ShowText(font.Encode(text + " "));
    }

    private static IEnumerable<string> Wrap(string line, WinAnsiFont font, double size)
    {
        var current = new StringBuilder();
        foreach (var word in line.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.Measure(candidate, size) > TextWidth)
            {
                yield return current.ToString();
                current.Clear().Append(word);
            }
            else
            {
                current.Clear().Append(candidate);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string ToPdfDate(DateTime date)
    {
        var utc = date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date;
        return "D:" + utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
    }
}
