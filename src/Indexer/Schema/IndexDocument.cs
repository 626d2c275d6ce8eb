using System.Security.Cryptography;
using System.Text;

namespace Search.Indexer.Schema;

/// <summary>One document as the index stores it.</summary>
public sealed record IndexDocument
{
    public required string Id { get; init; }

    public required string SourceId { get; init; }

    public required string SourceName { get; init; }

    public required string Url { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required string Body { get; init; }

    public required string Type { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];

    public DateOnly? Published { get; init; }

    public DateOnly? Modified { get; init; }

    public string? ParentTitle { get; init; }

    public string? ParentUrl { get; init; }

    /// <summary>html, pdf, docx, text or markdown.</summary>
    public required string Format { get; init; }

    public IReadOnlyList<string> Access { get; init; } = [AccessLabels.Public];

    /// <summary>For paged formats (PDF): the offset in <see cref="Body"/> where each page starts.</summary>
    public IReadOnlyList<int> PageStarts { get; init; } = [];

    public DateTimeOffset HarvestedAt { get; init; }

    /// <summary>The version family: shared by near-copies of one document across sources; null until assigned (then the own id when alone).</summary>
    public string? FamilyId { get; init; }

    /// <summary>The MinHash signature of <see cref="Body"/> (see <c>Families/</c>); empty when not computed or the text is too short.</summary>
    public IReadOnlyList<uint> Fingerprint { get; init; } = [];

    /// <summary>The date used for the year facet and date sorting.</summary>
    public DateOnly? SortDate => Published ?? Modified;
}

/// <summary>Stable document ids: the source id plus a hash of the normalised URL.</summary>
public static class DocumentIds
{
    public static string For(string sourceId, Uri normalizedUrl)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUrl.AbsoluteUri));
        return $"{sourceId}-{Convert.ToHexStringLower(hash.AsSpan(0, 10))}";
    }
}
