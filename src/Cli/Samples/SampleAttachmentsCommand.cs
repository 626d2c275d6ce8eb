using System.Globalization;
using System.Text.RegularExpressions;
using Search.TestKit;

namespace Search.Cli.Samples;

/// <summary>
/// <c>samples build</c>: turns <c>samples/attachment-sources/&lt;network&gt;/NAME.pdf.txt</c> and <c>NAME.docx.txt</c>
/// into <c>samples/&lt;network&gt;/bijlagen/NAME.pdf</c> and <c>NAME.docx</c>.
/// </summary>
internal static partial class SampleAttachmentsCommand
{
    private const string SourcesFolder = "attachment-sources";
    private const string OutputFolder = "bijlagen";
    private const string PageSeparator = "---pagina---";
    private static readonly DateTime DefaultCreated = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] DutchMonths =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        string? root = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--root" && i + 1 < args.Length)
            {
                root = args[++i];
            }
            else
            {
                await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: samples build [--root <dir>]");
                return 2;
            }
        }

        root ??= FindSamplesRoot(Directory.GetCurrentDirectory());
        if (root is null || !Directory.Exists(Path.Combine(root, SourcesFolder)))
        {
            await Console.Error.WriteLineAsync(
                $"No '{SourcesFolder}' folder found ({(root is null ? "walked up from " + Directory.GetCurrentDirectory() : "under " + root)}). Pass --root <samples dir>.");
            return 1;
        }

        var written = 0;
        foreach (var networkDir in Directory.EnumerateDirectories(Path.Combine(root, SourcesFolder)).Order(StringComparer.Ordinal))
        {
            var network = Path.GetFileName(networkDir);
            foreach (var source in Directory.EnumerateFiles(networkDir, "*.txt").Order(StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                var name = Path.GetFileNameWithoutExtension(source);   // NAME.pdf or NAME.docx
                var text = await File.ReadAllTextAsync(source, ct);
                var (bytes, detail) = Path.GetExtension(name).ToLowerInvariant() switch
                {
                    ".pdf" => BuildPdf(text),
                    ".docx" => BuildDocx(text),
                    _ => (null, null),
                };

                if (bytes is null)
                {
                    continue;
                }

                var target = Path.Combine(root, network, OutputFolder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, bytes, ct);
                Console.WriteLine($"wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), target)} ({detail}, {bytes.Length:N0} bytes)");
                written++;
            }
        }

        Console.WriteLine($"{written} file(s) written.");
        return 0;
    }

    /// <summary>First line is the title; pages are separated by a line that is exactly <c>---pagina---</c>.</summary>
    internal static (byte[] Bytes, string Detail) BuildPdf(string source)
    {
        var (title, body) = SplitTitle(source);
        var pages = new List<string>();
        var current = new List<string>();
        foreach (var line in body)
        {
            if (line == PageSeparator)
            {
                pages.Add(string.Join('\n', current).Trim('\n'));
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        pages.Add(string.Join('\n', current).Trim('\n'));
        var created = FindDate(source);
        return (FixtureDocuments.Pdf(title, pages, created), $"{pages.Count} page(s), created {created:yyyy-MM-dd}");
    }

    /// <summary>First line is the title; paragraphs are separated by blank lines; a paragraph starting with <c># </c> is a heading.</summary>
    internal static (byte[] Bytes, string Detail) BuildDocx(string source)
    {
        var (title, body) = SplitTitle(source);
        var paragraphs = new List<DocxParagraph>();
        var current = new List<string>();
        foreach (var line in body.Append(string.Empty))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                current.Add(line.TrimEnd());
                continue;
            }

            if (current.Count > 0)
            {
                var text = string.Join('\n', current);
                paragraphs.Add(text.StartsWith("# ", StringComparison.Ordinal)
                    ? new DocxParagraph(text[2..].Trim(), IsHeading: true)
                    : new DocxParagraph(text));
                current.Clear();
            }
        }

        var created = FindDate(source);
        return (FixtureDocuments.Docx(title, paragraphs, created),
            $"{paragraphs.Count} paragraph(s), {paragraphs.Count(p => p.IsHeading)} heading(s), created {created:yyyy-MM-dd}");
    }

    /// <summary>The first Dutch date in the text ("12 maart 2022", or "oktober 2022" as the 1st), else 2024-01-01.</summary>
    internal static DateTime FindDate(string text)
    {
        var match = DutchDate().Match(text);
        if (!match.Success)
        {
            return DefaultCreated;
        }

        var month = Array.IndexOf(DutchMonths, match.Groups["month"].Value.ToLowerInvariant()) + 1;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var day = match.Groups["day"].Success ? int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture) : 1;
        return day <= DateTime.DaysInMonth(year, month) ? new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) : DefaultCreated;
    }

    internal static string? FindSamplesRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.Name == "samples" && Directory.Exists(Path.Combine(dir.FullName, SourcesFolder)))
            {
                return dir.FullName;
            }

            var candidate = Path.Combine(dir.FullName, "samples");
            if (Directory.Exists(Path.Combine(candidate, SourcesFolder)))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (string Title, IEnumerable<string> Body) SplitTitle(string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Split('\n');
        return (lines[0].Trim(), lines.Skip(1));
    }

    [GeneratedRegex(@"\b(?:(?<day>[0-9]{1,2})\s+)?(?<month>januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(?<year>(?:19|20)[0-9]{2})\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DutchDate();
}
