using System.Text;
using Search.Indexer.Classification;
using Search.Indexer.Extraction;

namespace Search.Bench.Corpus;

/// <summary>One document of the built-in sample bank, extracted and classified as the indexer would.</summary>
internal sealed record SampleDocument(
    string SourceId,
    string Format,
    string Title,
    string? Description,
    string Body,
    string Type,
    IReadOnlyList<string> Themes,
    DateOnly? Published,
    DateOnly? Modified);

/// <summary>Reads <c>samples/**</c> (HTML through <see cref="HtmlExtractor"/>, Markdown and text) as training text.</summary>
internal static class SampleBank
{
    /// <summary>Folders of <c>samples/</c> that are networks (sources); <c>attachment-sources/&lt;network&gt;</c> holds their attachments' text.</summary>
    private const string AttachmentFolder = "attachment-sources";

    public static IReadOnlyList<SampleDocument> Load(string samplesRoot, Taxonomy taxonomy)
    {
        var documents = new List<SampleDocument>();
        foreach (var file in Directory.EnumerateFiles(samplesRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(samplesRoot, file).Replace(Path.DirectorySeparatorChar, '/');
            var parts = relative.Split('/');
            var source = parts[0] == AttachmentFolder && parts.Length > 2 ? parts[1] : parts[0];
            var extension = Path.GetExtension(file).ToLowerInvariant();
            var (format, content) = extension switch
            {
                ".html" => ("html", HtmlExtractor.Extract(File.ReadAllText(file, Encoding.UTF8))),
                ".md" => ("markdown", PlainTextExtractor.Extract(File.ReadAllText(file, Encoding.UTF8), markdown: true, Path.GetFileNameWithoutExtension(file))),
                ".txt" => (AttachmentFormat(file), PlainTextExtractor.Extract(File.ReadAllText(file, Encoding.UTF8), markdown: false, Path.GetFileNameWithoutExtension(file))),
                _ => (string.Empty, null),
            };
            if (content is null || string.IsNullOrWhiteSpace(content.Body))
            {
                continue;
            }

            var classification = DocumentClassifier.Classify(taxonomy, content.Title, "https://samples.example/" + relative, content.Body);
            documents.Add(new SampleDocument(source, format, content.Title, content.Description, content.Body,
                classification.Type, classification.Themes, content.Published, content.Modified));
        }

        return documents.Count > 0 ? documents : throw new InvalidOperationException($"No sample documents under '{samplesRoot}'.");
    }

    /// <summary><c>x.pdf.txt</c> is the text of a PDF attachment, <c>x.docx.txt</c> of a DOCX one; other text files are text.</summary>
    private static string AttachmentFormat(string file) =>
        Path.GetExtension(Path.GetFileNameWithoutExtension(file)).ToLowerInvariant() switch
        {
            ".pdf" => "pdf",
            ".docx" => "docx",
            _ => "text",
        };
}
