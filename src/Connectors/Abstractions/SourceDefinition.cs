namespace Search.Connectors.Abstractions;

/// <summary>The kinds of source a connector can harvest.</summary>
public enum SourceKind
{
    /// <summary>A local directory tree of HTML, PDF, DOCX, TXT and Markdown files.</summary>
    Folder,

    /// <summary>A website listed by sitemap.xml (or a sitemap index, optionally gzipped).</summary>
    Sitemap,

    /// <summary>A website crawled by following links from start URLs, within a URL scope.</summary>
    Crawl,

    /// <summary>An RSS 2.0 or Atom feed, with the pages and attachments its items link to.</summary>
    Feed,

    /// <summary>The WordPress REST API (<c>/wp-json/wp/v2</c>).</summary>
    WordPress,

    /// <summary>A Drupal JSON:API collection.</summary>
    JsonApi,
}

/// <summary>How a members-only source authenticates. Secrets are never part of the definition: they come from
/// configuration (<c>Search:Credentials:{sourceId}:Username|Password|Token|Cookie</c>).</summary>
public enum AuthKind
{
    None,
    Basic,
    Bearer,
    Cookie,
    Form,
}

/// <summary>Non-secret authentication settings of a source.</summary>
public sealed record SourceAuth
{
    public AuthKind Kind { get; init; }

    /// <summary>Form login: the URL the login form posts to.</summary>
    public Uri? LoginUrl { get; init; }

    /// <value>The default form field for the user name is <c>username</c>.</value>
    public string UsernameField { get; init; } = "username";

    /// <value>The default form field for the password is <c>password</c>.</value>
    public string PasswordField { get; init; } = "password";

    /// <summary>Text present on a page only when logged in (form login success check).</summary>
    public string? SuccessMarker { get; init; }

    /// <summary>Text that identifies a login page returned instead of content (a "soft 401").</summary>
    public string? LoginMarker { get; init; }
}

/// <summary>Who may see the documents of a source.</summary>
public enum Visibility
{
    Public,
    Members,
}

/// <summary>What callers without access see of a members-only source's documents.</summary>
public enum RestrictedMode
{
    /// <summary>Nothing: the documents do not exist for them.</summary>
    Hide,

    /// <summary>A teaser: title, source and url, with an invitation to log in; never the text.</summary>
    Teaser,
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

    /// <summary>Members-only sources: the network whose members may read the documents (<c>members:oost</c>); null means any member.</summary>
    public string? Network { get; init; }

    /// <summary>Members-only sources: what callers without access see.</summary>
    /// <value>The default is <see cref="RestrictedMode.Hide"/>.</value>
    public RestrictedMode Restricted { get; init; } = RestrictedMode.Hide;

    public bool Enabled { get; init; } = true;

    /// <summary>Optional CSS or XPath selector for the main content of HTML pages.</summary>
    public string? ContentSelector { get; init; }

    /// <summary>At most this many documents per run.</summary>
    /// <value>The default is 10,000.</value>
    public int MaxDocuments { get; init; } = 10_000;

    /// <summary>Crawl: where to start (default: <see cref="Url"/>).</summary>
    public IReadOnlyList<Uri> StartUrls { get; init; } = [];

    /// <summary>Crawl: regular expressions a URL must match (any) to be followed; empty means the start URLs' hosts.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Crawl: regular expressions that exclude a URL.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Crawl: link depth from the start URLs.</summary>
    /// <value>The default is 5.</value>
    public int MaxDepth { get; init; } = 5;

    /// <summary>WordPress: which collections to harvest.</summary>
    /// <value>The default is posts, pages and media.</value>
    public IReadOnlyList<string> WordPressTypes { get; init; } = ["posts", "pages", "media"];

    /// <summary>JSON:API: document field → attribute path (title, body, description, url, published, modified).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>Authentication for members-only sources.</summary>
    public SourceAuth? Auth { get; init; }

    /// <summary>True for sources added through the admin API (stored under the data directory).</summary>
    public bool IsAdminManaged { get; init; }

    /// <summary>The file this definition was loaded from (for messages).</summary>
    public string? FileName { get; init; }
}
