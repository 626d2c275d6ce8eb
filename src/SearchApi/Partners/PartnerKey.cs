namespace Search.SearchApi.Partners;

/// <summary>A partner key as stored: never the key itself, only its SHA-256 hash.</summary>
public sealed record PartnerKey(
    string Id,
    string Name,
    IReadOnlyList<string> AllowedOrigins,
    PartnerFilter Filter,
    int RateLimitPerMinute,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;

    public bool Allows(string origin) => AllowedOrigins.Contains(origin, StringComparer.Ordinal);
}

/// <summary>Browser origins (<c>scheme://host[:port]</c>) in the one form both the admin input and the <c>Origin</c> header are compared in (pure).</summary>
public static class PartnerOrigins
{
    /// <summary>Lower-case scheme and host, default port dropped; null unless an http(s) origin without path, query or user info.</summary>
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || origin.Length > 300
            || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
