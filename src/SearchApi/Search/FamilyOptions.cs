namespace Search.SearchApi.Search;

/// <summary>How search shows version families (near-copies of one document). Bound from <c>Search:Families</c>.</summary>
public sealed class FamilyOptions
{
    public const string SectionName = "Search:Families";

    /// <summary>
    /// Source ids whose version represents a family in the hit list when it matches; otherwise the newest matching version does.
    /// </summary>
    /// <value>The default is <c>["ccv"]</c> (Centrum voor Criminaliteitspreventie en Veiligheid, the national publisher).</value>
    public string[] PreferredSources { get; set; } = ["ccv"];
}
