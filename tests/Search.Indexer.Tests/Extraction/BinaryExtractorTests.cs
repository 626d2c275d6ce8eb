using Search.Indexer.Extraction;
using Search.TestKit;

namespace Search.Indexer.Tests.Extraction;

public sealed class BinaryExtractorTests
{
    [Fact]
    public void Should_extract_pdf_text_page_by_page()
    {
        var pdf = FixtureDocuments.Pdf("Convenant hennepteelt", [
            "Pagina een gaat over de aanpak van hennepteelt in woningen.",
            "Pagina twee beschrijft de informatie-uitwisseling met de netbeheerder.",
            "Pagina drie regelt de evaluatie van het convenant.",
        ]);

        var content = PdfExtractor.Extract(pdf, "fallback");

        Assert.Equal("Convenant hennepteelt", content.Title);
        Assert.Equal(3, content.PageStarts.Count);
        Assert.Equal(0, content.PageStarts[0]);
        var page2 = content.Body[content.PageStarts[1]..content.PageStarts[2]];
        Assert.Contains("netbeheerder", page2);
        Assert.DoesNotContain("evaluatie", page2);
        Assert.Contains("evaluatie", content.Body[content.PageStarts[2]..]);
    }

    [Fact]
    public void Should_extract_docx_text_and_title()
    {
        var docx = FixtureDocuments.Docx("Model gedragsaanwijzing woonoverlast", [
            new DocxParagraph("Gedragsaanwijzing", IsHeading: true),
            new DocxParagraph("De burgemeester kan een gedragsaanwijzing geven bij ernstige woonoverlast."),
            new DocxParagraph("Artikel 151d Gemeentewet is de grondslag."),
        ], new DateTime(2023, 5, 1));

        var content = DocxExtractor.Extract(docx, "fallback");

        Assert.Equal("Model gedragsaanwijzing woonoverlast", content.Title);
        Assert.Contains("ernstige woonoverlast", content.Body);
        Assert.Contains("Artikel 151d Gemeentewet", content.Body);
        Assert.Equal(new DateOnly(2023, 5, 1), content.Published);
    }

    [Fact]
    public void Should_reject_broken_pdf_and_docx_with_a_reason()
    {
        Assert.Throws<ExtractionException>(() => PdfExtractor.Extract("%PDF-1.4 kapot"u8.ToArray(), null));
        Assert.Throws<ExtractionException>(() => DocxExtractor.Extract("PK\u0003\u0004kapot"u8.ToArray(), null));
    }

    [Fact]
    public void Should_skip_a_pdf_whose_parsing_exceeds_the_time_limit()
    {
        var pdf = FixtureDocuments.Pdf("Groot rapport", Enumerable.Range(1, 200).Select(i => $"Pagina {i} met tekst over ondermijning.").ToList());

        var error = Assert.Throws<ExtractionException>(() => ContentExtractor.Extract(pdf, "application/pdf", new Uri("https://x.example/r.pdf"), null, TimeSpan.Zero));

        Assert.Contains("took longer", error.Message);
    }

    [Fact]
    public void Should_refuse_docx_zip_bombs_by_ratio_and_by_entry_count()
    {
        static byte[] Zip(Action<System.IO.Compression.ZipArchive> fill)
        {
            using var buffer = new MemoryStream();
            using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                fill(zip);
            }

            return buffer.ToArray();
        }

        var bomb = Zip(zip =>
        {
            using var entry = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[20 * 1024 * 1024]);
        });
        var crowd = Zip(zip =>
        {
            zip.CreateEntry("word/document.xml");
            for (var i = 0; i < 10_001; i++)
            {
                zip.CreateEntry($"x/{i}");
            }
        });

        Assert.Contains("zip bomb", Assert.Throws<ExtractionException>(() => DocxExtractor.Extract(bomb, null)).Message);
        Assert.Contains("10,000", Assert.Throws<ExtractionException>(() => DocxExtractor.Extract(crowd, null)).Message);
    }

    [Fact]
    public void Should_dispatch_on_sniffed_format()
    {
        var pdf = FixtureDocuments.Pdf("Handreiking", ["Tekst over verwarde personen."]);

        var (format, content) = ContentExtractor.Extract(pdf, "text/html", new Uri("https://x.example/handreiking.html"), null);

        Assert.Equal(ContentFormat.Pdf, format);
        Assert.Contains("verwarde personen", content.Body);
    }

    [Fact]
    public void Should_take_markdown_title_from_first_heading()
    {
        var content = PlainTextExtractor.Extract("# Checklist hennep\n\n- **Stroom**verbruik hoog\n- [link](https://x)", markdown: true, null);

        Assert.Equal("Checklist hennep", content.Title);
        Assert.Contains("Stroomverbruik hoog", content.Body);
        Assert.DoesNotContain("https://x", content.Body);
    }
}
