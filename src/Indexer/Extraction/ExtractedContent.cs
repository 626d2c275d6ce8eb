namespace Search.Indexer.Extraction;

/// <summary>The formats the extractors understand.</summary>
public enum ContentFormat
{
    Unsupported,
    Html,
    Pdf,
    Docx,
    Text,
    Markdown,
}

/// <summary>What extraction gets out of one document.</summary>
public sealed record ExtractedContent
{
    public required string Title { get; init; }

    public string? Description { get; init; }

    public required string Body { get; init; }

    public DateOnly? Published { get; init; }

    public DateOnly? Modified { get; init; }

    /// <summary>Offsets in <see cref="Body"/> where each page starts (PDF only).</summary>
    public IReadOnlyList<int> PageStarts { get; init; } = [];
}

/// <summary>A document that could not be extracted; it is skipped with this reason.</summary>
public sealed class ExtractionException(string message, Exception? inner = null) : Exception(message, inner);
