using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Search.TestKit.Docx;

/// <summary>Writes a minimal WordprocessingML document with Normal and Heading1 styles.</summary>
internal static class DocxFixtureWriter
{
    public static byte[] Write(string title, IEnumerable<DocxParagraph> paragraphs, DateTime? created)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            if (created is { } date)
            {
                document.PackageProperties.Created = date;
                document.PackageProperties.Modified = date;
            }

            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = CreateStyles();

            var body = new Body();
            foreach (var paragraph in paragraphs)
            {
                body.Append(CreateParagraph(paragraph));
            }

            body.Append(new SectionProperties(new PageSize { Width = 11906U, Height = 16838U }));  // A4 in twentieths of a point
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Styles CreateStyles() =>
        new(
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle(),
                new StyleRunProperties(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" }, new FontSize { Val = "22" }))
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "heading 1" },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new PrimaryStyle(),
                new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = 0 }),
                new StyleRunProperties(new Bold(), new FontSize { Val = "32" }))
            { Type = StyleValues.Paragraph, StyleId = "Heading1" });

    private static Paragraph CreateParagraph(DocxParagraph paragraph)
    {
        var run = new Run();
        var lines = paragraph.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        var result = new Paragraph();
        if (paragraph.IsHeading)
        {
            result.Append(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }));
        }

        result.Append(run);
        return result;
    }
}
