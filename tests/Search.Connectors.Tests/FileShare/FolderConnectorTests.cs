using System.Text;
using Search.Connectors.Abstractions;
using Search.Connectors.FileShare;
using Search.TestKit;

namespace Search.Connectors.Tests.FileShare;

public sealed class FolderConnectorTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FolderConnector _connector = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Should_harvest_html_pdf_docx_txt_and_md_files_with_their_content_type()
    {
        Write("index.html", "<html><title>Start</title></html>");
        Write("oud.htm", "<html><title>Oud</title></html>");
        Write("rapport.pdf", FixtureDocuments.Pdf("Rapport", ["x"]));
        Write("plan.docx", FixtureDocuments.Docx("Plan", [new DocxParagraph("y")]));
        Write("notities.txt", "notities");
        Write("LEESMIJ.MD", "# Lees mij");
        Write("logo.png", [0x89, 0x50, 0x4E, 0x47]);
        Write("data.json", "{}");
        Write("setup.exe", "MZ");
        Write("zonder-extensie", "x");

        var items = await _connector.CollectAsync(Source());

        var types = items.Cast<HarvestedDocument>().ToDictionary(d => Path.GetFileName(d.Url.LocalPath), d => d.ContentType);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["index.html"] = "text/html",
            ["oud.htm"] = "text/html",
            ["rapport.pdf"] = "application/pdf",
            ["plan.docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ["notities.txt"] = "text/plain",
            ["LEESMIJ.MD"] = "text/markdown",
        }, types);
    }

    [Fact]
    public async Task Should_read_content_and_last_write_time_of_each_file()
    {
        var bytes = FixtureDocuments.Pdf("Rapport", ["Inhoud van het rapport."]);
        var path = Write("rapport.pdf", bytes);
        var written = new DateTime(2023, 11, 5, 14, 30, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        var items = await _connector.CollectAsync(Source());

        var document = Assert.IsType<HarvestedDocument>(Assert.Single(items));
        Assert.Equal(bytes, document.Content);
        Assert.Equal(new DateTimeOffset(written), document.LastModified);
    }

    [Fact]
    public async Task Should_harvest_subfolders_in_ordinal_path_order()
    {
        Write("b.txt", "b");
        Write("a/z.txt", "z");
        Write("a/diep/x.md", "x");

        var items = await _connector.CollectAsync(Source());

        Assert.Equal(["a/diep/x.md", "a/z.txt", "b.txt"], items.Select(i => Path.GetRelativePath(_folder.Path, i.Url.LocalPath)));
    }

    [Fact]
    public async Task Should_skip_hidden_files_and_hidden_folders()
    {
        Write("zichtbaar.txt", "ja");
        Write(".verborgen.html", "<html>nee</html>");
        Write(".git/HEAD.txt", "nee");

        var items = await _connector.CollectAsync(Source());

        Assert.Equal("zichtbaar.txt", Path.GetFileName(Assert.Single(items).Url.LocalPath));
    }

    [Fact]
    public async Task Should_map_files_under_the_base_url_with_escaped_segments()
    {
        Write("index.html", "<html></html>");
        Write("Verslagen 2024/Notulen #3 ë.html", "<html></html>");

        var items = await _connector.CollectAsync(Source() with { BaseUrl = new Uri("https://kennisbank.example/Documenten") });

        Assert.Equal(
            ["https://kennisbank.example/Documenten/Verslagen%202024/Notulen%20%233%20%C3%AB.html", "https://kennisbank.example/Documenten/index.html"],
            items.Select(i => i.Url.AbsoluteUri));
    }

    [Fact]
    public async Task Should_give_files_file_urls_without_a_base_url()
    {
        var path = Write("sub/Mijn verslag.txt", "x");

        var items = await _connector.CollectAsync(Source());

        var url = Assert.Single(items).Url;
        Assert.True(url.IsFile);
        Assert.Equal(path, url.LocalPath);
    }

    [Fact]
    public async Task Should_give_a_linked_attachment_the_public_url_and_title_of_the_page_that_links_to_it()
    {
        Write("beleid/index.html", """
            <html><head><title>Beleid &amp; aanpak</title></head>
            <body><a href="bijlagen/convenant.pdf">Convenant</a> <a href="../plan.docx">Plan</a> <a href="../../buiten.pdf">Buiten</a></body></html>
            """);
        Write("beleid/bijlagen/convenant.pdf", FixtureDocuments.Pdf("Convenant", ["x"]));
        Write("plan.docx", FixtureDocuments.Docx("Plan", [new DocxParagraph("y")]));
        Write("los.pdf", FixtureDocuments.Pdf("Los", ["z"]));

        var items = await _connector.CollectAsync(Source() with { BaseUrl = new Uri("https://kennisbank.example/") });

        var byUrl = items.Cast<HarvestedDocument>().ToDictionary(d => d.Url.AbsoluteUri);
        var parent = new ParentLink(new Uri("https://kennisbank.example/beleid/index.html"), "Beleid & aanpak");
        Assert.Equal(parent, byUrl["https://kennisbank.example/beleid/bijlagen/convenant.pdf"].Parent);
        Assert.Equal(parent, byUrl["https://kennisbank.example/plan.docx"].Parent);
        Assert.Null(byUrl["https://kennisbank.example/los.pdf"].Parent);
        Assert.Null(byUrl["https://kennisbank.example/beleid/index.html"].Parent);
    }

    [Fact]
    public async Task Should_give_a_linked_attachment_the_file_url_of_its_page_without_a_base_url()
    {
        var page = Write("index.html", "<html><title>Start</title><a href=\"x.pdf\">x</a></html>");
        Write("x.pdf", FixtureDocuments.Pdf("X", ["x"]));

        var items = await _connector.CollectAsync(Source());

        var pdf = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url.LocalPath.EndsWith(".pdf", StringComparison.Ordinal)));
        Assert.Equal(page, pdf.Parent!.Url.LocalPath);
        Assert.Equal("Start", pdf.Parent.Title);
    }

    [Fact]
    public async Task Should_harvest_a_folder_holding_a_hostile_deeply_nested_page()
    {
        Write("diep.html", string.Concat(Enumerable.Repeat("<div>", 50_000)));
        Write("gewoon.txt", "tekst");

        var items = await _connector.CollectAsync(Source());

        Assert.Equal(["diep.html", "gewoon.txt"], items.Select(i => Path.GetFileName(i.Url.LocalPath)));
    }

    [Fact]
    public async Task Should_reject_a_file_above_the_size_cap_without_reading_it()
    {
        var path = Path.Combine(_folder.Path, "enorm.pdf");
        using (var file = File.Create(path))
        {
            file.SetLength(FolderConnector.MaxFileBytes + 1);
        }

        var items = await _connector.CollectAsync(Source());

        var failure = Assert.IsType<HarvestFailure>(Assert.Single(items));
        Assert.Equal(HarvestFailureKind.Rejected, failure.Kind);
        Assert.Contains("exceeds the cap", failure.Reason);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_folder_does_not_exist()
    {
        var missing = Path.Combine(_folder.Path, "bestaat-niet");

        var ex = await Assert.ThrowsAsync<HarvestException>(() => _connector.CollectAsync(Source() with { Path = missing }));

        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_source_has_no_path()
    {
        var ex = await Assert.ThrowsAsync<HarvestException>(() => _connector.CollectAsync(Source() with { Path = null }));

        Assert.Contains("has no path", ex.Message);
    }

    [Fact]
    public async Task Should_stop_after_max_documents()
    {
        for (var i = 1; i <= 5; i++)
        {
            Write($"{i}.txt", $"document {i}");
        }

        var items = await _connector.CollectAsync(Source() with { MaxDocuments = 3 });

        Assert.Equal(["1.txt", "2.txt", "3.txt"], items.Select(i => Path.GetFileName(i.Url.LocalPath)));
    }

    private SourceDefinition Source() => new()
    {
        Id = "share",
        Name = "Gedeelde map",
        Kind = SourceKind.Folder,
        Path = _folder.Path,
        Schedule = "0 0 3 * * ?",
    };

    private string Write(string relativePath, string text) => Write(relativePath, Encoding.UTF8.GetBytes(text));

    private string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(_folder.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }
}
