using Search.TestKit.Docx;
using Search.TestKit.Pdf;

namespace Search.TestKit;

/// <summary>A DOCX paragraph; headings get paragraph style <c>Heading1</c>. Line breaks inside <see cref="Text"/> become <c>w:br</c>.</summary>
public sealed record DocxParagraph(string Text, bool IsHeading = false);

/// <summary>Builds real PDF and DOCX files in memory for extraction and harvesting tests.</summary>
public static class FixtureDocuments
{
    /// <summary>
    /// A4 PDF in standard-14 Helvetica with WinAnsi encoding. <paramref name="title"/> goes into the document information
    /// and, in Helvetica-Bold, at the top of the first page; every entry of <paramref name="pages"/> starts a new page
    /// (text that does not fit continues on the next page). Lines are kept, long lines wrap at spaces, an empty line adds a gap.
    /// Characters WinAnsi cannot encode are replaced as described at <see cref="PdfText"/>.
    /// </summary>
    public static byte[] Pdf(string title, IReadOnlyList<string> pages, DateTime? created = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(pages);
        return PdfFixtureWriter.Write(title, pages, created);
    }

    /// <summary>
    /// DOCX with core property Title = <paramref name="title"/> and, when given, Created and Modified = <paramref name="created"/>.
    /// The title is metadata only; the body holds exactly <paramref name="paragraphs"/>.
    /// </summary>
    public static byte[] Docx(string title, IEnumerable<DocxParagraph> paragraphs, DateTime? created = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(paragraphs);
        return DocxFixtureWriter.Write(title, paragraphs, created);
    }

    /// <summary>
    /// The text as <see cref="Pdf"/> writes it: line endings become <c>\n</c>; characters outside WinAnsi (or without a
    /// Helvetica glyph) become a close ASCII equivalent (e.g. <c>ő</c> → <c>o</c>, <c>−</c> → <c>-</c>, <c>→</c> → <c>?</c>).
    /// WinAnsi covers Dutch text: ë ï é ö – — ‘ ’ “ ” „ … € are kept.
    /// </summary>
    public static string PdfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WinAnsiFont.Regular.ToEncodable(text);
    }
}
