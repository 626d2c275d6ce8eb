namespace Search.SearchApi.Alerts;

/// <summary>How often a saved search may send a digest.</summary>
public enum AlertFrequency
{
    Daily,
    Weekly,
}

/// <summary>The search parameters a saved search repeats (the same as <c>/api/v1/search</c>).</summary>
public sealed record SavedQuery(
    string Q,
    IReadOnlyList<string> Source,
    IReadOnlyList<string> Type,
    IReadOnlyList<string> Theme,
    IReadOnlyList<string> Year);

/// <summary>
/// One user's saved search. <see cref="Subject"/>, <see cref="Email"/> and <see cref="AccessLabels"/> come from the
/// user's validated token and are refreshed whenever the user calls <c>/api/v1/me/…</c> with a token.
/// </summary>
public sealed record SavedSearch(
    string Id,
    string Subject,
    string Name,
    SavedQuery Query,
    AlertFrequency Frequency,
    string Email,
    IReadOnlyList<string> AccessLabels,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSentAt)
{
    public TimeSpan Period => Frequency == AlertFrequency.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>Documents harvested after this moment are new for the next digest.</summary>
    public DateTimeOffset Since => LastSentAt ?? CreatedAt;

    /// <summary>Due when no digest was ever sent, or the last one is at least one period old.</summary>
    public bool IsDue(DateTimeOffset now) => LastSentAt is not { } last || now - last >= Period;
}

/// <summary>A saved search as the API shows it (the owner's subject and access labels stay internal).</summary>
public sealed record SavedSearchResponse(
    string Id,
    string Name,
    SavedQuery Query,
    string Frequency,
    string Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSentAt)
{
    public static SavedSearchResponse From(SavedSearch s) =>
        new(s.Id, s.Name, s.Query, s.Frequency.ToString().ToLowerInvariant(), s.Email, s.CreatedAt, s.LastSentAt);
}
