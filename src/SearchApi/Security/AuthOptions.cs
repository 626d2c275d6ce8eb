namespace Search.SearchApi.Security;

/// <summary>
/// Who the callers are: JWT bearer tokens from the networks' identity provider (<see cref="Authority"/>, OIDC discovery),
/// or, for development and tests, tokens signed with a shared HS256 <see cref="SigningKey"/>. Nothing configured means
/// every caller is anonymous and sees public documents only.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Search:Auth";

    /// <summary>The HS256 key must be at least this many bytes (256 bits).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>OIDC issuer URL; its discovery document and signing keys are fetched from here.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The <c>aud</c> a token must carry; required when authentication is configured.</summary>
    public string? Audience { get; set; }

    /// <summary>Development and tests: a shared HS256 key (UTF-8, at least 32 bytes) instead of an authority.</summary>
    public string? SigningKey { get; set; }

    /// <summary>With <see cref="SigningKey"/>: the <c>iss</c> a token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>Whether the authority's metadata must be fetched over https.</summary>
    /// <value>The default is true; only a local test identity provider needs false.</value>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long fetching the authority's metadata and keys may take before the caller is treated as anonymous.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerance on <c>exp</c> and <c>nbf</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => Authority is not null || !string.IsNullOrEmpty(SigningKey);
}
