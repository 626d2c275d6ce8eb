using System.Text;
using Search.Indexer.Extraction;

namespace Search.Indexer.Tests.Extraction;

public sealed class ContentSnifferTests
{
    [Fact]
    public void Should_trust_the_bytes_over_the_content_type() =>
        Assert.Equal(ContentFormat.Pdf, ContentSniffer.Detect("%PDF-1.7\n..."u8, "text/html", "/page.html"));

    [Fact]
    public void Should_refuse_executables_even_when_named_pdf() =>
        Assert.Equal(ContentFormat.Unsupported, ContentSniffer.Detect("\u007fELF\u0002\u0001\u0001\0\0\0"u8, "application/pdf", "/report.pdf"));

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>x</body></html>", "application/octet-stream", "/x", ContentFormat.Html)]
    [InlineData("# Titel\n\ntekst", null, "/notitie.md", ContentFormat.Markdown)]
    [InlineData("Gewone tekst", "text/plain; charset=utf-8", "/x", ContentFormat.Text)]
    [InlineData("{\"a\":1}", "application/json", "/api", ContentFormat.Unsupported)]
    public void Should_detect_text_formats(string body, string? contentType, string path, ContentFormat expected) =>
        Assert.Equal(expected, ContentSniffer.Detect(Encoding.UTF8.GetBytes(body), contentType, path));

    [Fact]
    public void Should_decode_latin1_pages_and_utf8_with_bom()
    {
        var latin1 = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body>Ideeën</body></html>");
        Assert.Contains("Ideeën", TextDecoder.Decode(latin1, "text/html"));

        var bom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("coördinatie")).ToArray();
        Assert.Equal("coördinatie", TextDecoder.Decode(bom, null));

        var undeclared = Encoding.Latin1.GetBytes("geïnformeerd");
        Assert.Equal("geïnformeerd", TextDecoder.Decode(undeclared, "text/plain"));
    }
}
