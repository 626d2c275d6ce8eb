namespace Search.Connectors.Abstractions;

/// <summary>The kinds of source a connector can harvest.</summary>
public enum SourceKind
{
    /// <summary>A local directory tree of HTML, PDF, DOCX, TXT and Markdown files.</summary>
    Folder,

    /// <summary>A website listed by sitemap.xml (or a sitemap index, optionally gzipped).</summary>
    Sitemap,
}

/// <summary>Who may see the documents of a source.</summary>
public enum Visibility
{
    Public,
    Members,
}

/// <summary>One knowledge bank to harvest, as configured in <c>config/sources/*.json</c>.</summary>
public sealed record SourceDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required SourceKind Kind { get; init; }

    /// <summary>The sitemap URL (kind <c>sitemap</c>).</summary>
    public Uri? Url { get; init; }

    /// <summary>The folder (kind <c>folder</c>), absolute or relative to the sources directory.</summary>
    public string? Path { get; init; }

    /// <summary>Public address of the folder's files; without it documents get <c>file:</c> URLs.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Quartz cron expression (with seconds), e.g. <c>0 0 3 * * ?</c>.</summary>
    public required string Schedule { get; init; }

    public Visibility Visibility { get; init; } = Visibility.Public;

    public bool Enabled { get; init; } = true;

    /// <summary>Optional CSS or XPath selector for the main content of HTML pages.</summary>
    public string? ContentSelector { get; init; }

    /// <summary>At most this many documents per run.</summary>
    /// <value>The default is 10,000.</value>
    public int MaxDocuments { get; init; } = 10_000;

    /// <summary>The file this definition was loaded from (for messages).</summary>
    public string? FileName { get; init; }
}
