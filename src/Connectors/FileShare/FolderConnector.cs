using System.Runtime.CompilerServices;
using System.Text;
using Search.Connectors.Abstractions;
using Search.Connectors.Html;

namespace Search.Connectors.FileShare;

/// <summary>
/// Harvests a local directory tree of HTML, PDF, DOCX, TXT and Markdown files. PDF and DOCX files
/// linked from an HTML page of the tree keep that page as their parent.
/// </summary>
public sealed class FolderConnector : ISourceConnector
{
    /// <value>Files above 50 MiB are skipped with a reason.</value>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
    };

    public SourceKind Kind => SourceKind.Folder;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = source.Path is { Length: > 0 } p ? System.IO.Path.GetFullPath(p) : throw new HarvestException($"Source '{source.Id}' has no path.");
        if (!Directory.Exists(root))
        {
            throw new HarvestException($"Folder '{root}' of source '{source.Id}' does not exist or cannot be read.");
        }

        var rootWithSlash = System.IO.Path.TrimEndingDirectorySeparator(root) + System.IO.Path.DirectorySeparatorChar;
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(root, "*", new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    IgnoreInaccessible = true,
                    AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
                    MaxRecursionDepth = 32,
                })
                .Where(f => ContentTypes.ContainsKey(System.IO.Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (IOException ex)
        {
            throw new HarvestException($"Folder '{root}' could not be listed: {ex.Message}", ex);
        }

        var parents = await FindParentsAsync(files, rootWithSlash, source, cancellationToken).ConfigureAwait(false);
        var produced = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (produced++ >= source.MaxDocuments)
            {
                yield break;
            }

            var url = PublicUrl(file, rootWithSlash, source);
            HarvestItem item;
            try
            {
                var info = new FileInfo(file);
                var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
                var previous = context.Previous(url);
                var parent = parents.GetValueOrDefault(file);
                if (info.Length > MaxFileBytes)
                {
                    item = new HarvestFailure(url, HarvestFailureKind.Rejected, $"File of {info.Length} bytes exceeds the cap of {MaxFileBytes} bytes.");
                }
                else if (previous is not null && previous.Size == info.Length && previous.ListedModified == modified
                         && previous.Parent == parent?.Url)
                {
                    item = new HarvestUnchanged(url, "same size and modification time");
                }
                else
                {
                    item = new HarvestedDocument(url, ContentTypes[info.Extension], await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false),
                        modified, parent) { ListedModified = modified, Size = info.Length };
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                item = new HarvestFailure(url, HarvestFailureKind.Transient, ex.Message);
            }

            yield return item;
        }
    }

    /// <summary>The public URL of a file: under the source's base URL, else a file: URL.</summary>
    public static Uri PublicUrl(string file, string rootWithSlash, SourceDefinition source)
    {
        if (source.BaseUrl is null)
        {
            return UrlNormalizer.Normalize(new Uri(file));
        }

        var relative = file[rootWithSlash.Length..].Split(System.IO.Path.DirectorySeparatorChar).Select(Uri.EscapeDataString);
        var baseUrl = source.BaseUrl.AbsoluteUri.EndsWith('/') ? source.BaseUrl : new Uri(source.BaseUrl.AbsoluteUri + "/");
        return UrlNormalizer.Normalize(new Uri(baseUrl, string.Join('/', relative)));
    }

    private static async Task<Dictionary<string, ParentLink>> FindParentsAsync(
        List<string> files, string rootWithSlash, SourceDefinition source, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<string, ParentLink>(StringComparer.Ordinal);
        foreach (var page in files.Where(f => System.IO.Path.GetExtension(f) is ".html" or ".htm"))
        {
            string html;
            try
            {
                if (new FileInfo(page).Length > MaxFileBytes)
                {
                    continue;
                }

                html = await File.ReadAllTextAsync(page, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var links = LinkExtractor.Extract(html, new Uri(page));
            foreach (var link in links.Attachments.Where(l => l.IsFile))
            {
                var target = System.IO.Path.GetFullPath(link.LocalPath);
                if (target.StartsWith(rootWithSlash, StringComparison.Ordinal) && !parents.ContainsKey(target))
                {
                    parents[target] = new ParentLink(PublicUrl(page, rootWithSlash, source), links.Title);
                }
            }
        }

        return parents;
    }
}
