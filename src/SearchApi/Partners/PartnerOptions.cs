namespace Search.SearchApi.Partners;

/// <summary>Bound from <c>Search:Partners</c>.</summary>
public sealed class PartnerOptions
{
    public const string SectionName = "Search:Partners";

    /// <summary>Partner searches one client IP may make per minute, whatever key it sends (also unknown keys).</summary>
    /// <value>The default is 120.</value>
    public int PerIpPerMinute { get; set; } = 120;

    /// <summary>How long a browser may cache a CORS preflight answer.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
