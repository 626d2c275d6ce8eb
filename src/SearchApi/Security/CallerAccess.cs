using System.Security.Claims;
using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Indexer.Schema;
using Search.SearchApi.Search;

namespace Search.SearchApi.Security;

/// <summary>
/// The access labels one caller may read, built per request from the validated token only (never from headers or
/// cookies the client sets). Anonymous: <c>public</c>. A member of network oost: <c>public</c>, <c>members</c>, <c>members:oost</c>.
/// </summary>
public sealed partial class CallerAccess
{
    /// <summary>The <c>HttpContext.Items</c> key set when the identity provider could not be reached for this request.</summary>
    internal const string IdentityProviderUnavailableKey = "Search.Auth.IdentityProviderUnavailable";

    /// <summary>The notice shown when a token could not be checked because the identity provider is unreachable.</summary>
    public const string IdentityProviderUnavailableNotice = "Inloggen is nu niet mogelijk; u ziet alleen openbare documenten.";

    /// <summary>Claim types read from a validated token.</summary>
    public const string RolesClaim = "roles";
    public const string GroupsClaim = "groups";
    public const string NetworkClaim = "network";

    /// <summary>The role that makes a caller a member of any network.</summary>
    public const string MemberRole = "member";

    private Filter? _filter;

    private CallerAccess(IEnumerable<string> labels, string? notice)
    {
        Labels = new SortedSet<string>(labels, StringComparer.Ordinal);
        Notice = notice;
    }

    /// <summary>Public documents only: anonymous callers, partner keys, and every caller when authentication is off.</summary>
    public static CallerAccess Anonymous { get; } = new([AccessLabels.Public], null) { _filter = AccessFilter.PublicOnly };

    public IReadOnlySet<string> Labels { get; }

    /// <summary>A Dutch notice for the search response (the identity provider was unreachable), or null.</summary>
    public string? Notice { get; }

    public bool IsAnonymous => Labels.Count == 1;

    /// <summary>Documents carrying at least one of the caller's labels.</summary>
    public Filter Filter => _filter ??= Build();

    /// <summary>Whether a document with these labels may be read in full.</summary>
    public bool CanRead(IEnumerable<string> documentLabels) => documentLabels.Any(Labels.Contains);

    /// <summary>The caller's labels from a principal validated by the bearer handler; anything else is anonymous.</summary>
    public static CallerAccess FromPrincipal(ClaimsPrincipal? user, string? notice = null)
    {
        var identity = user?.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == SecurityServiceCollectionExtensions.AuthenticationType);
        if (identity is null)
        {
            return notice is null ? Anonymous : new CallerAccess([AccessLabels.Public], notice) { _filter = AccessFilter.PublicOnly };
        }

        var labels = new List<string> { AccessLabels.Public };
        if (identity.FindAll(RolesClaim).Any(c => c.Value is MemberRole or AccessLabels.Members))
        {
            labels.Add(AccessLabels.Members);
        }

        var networks = identity.FindAll(NetworkClaim).Select(c => c.Value)
            .Concat(identity.FindAll(GroupsClaim).Select(c => c.Value)
                .Where(g => g.StartsWith(AccessLabels.Members + ":", StringComparison.Ordinal))
                .Select(g => g[(AccessLabels.Members.Length + 1)..]));
        foreach (var network in networks.Where(n => NetworkPattern().IsMatch(n)))
        {
            labels.Add(AccessLabels.Members);
            labels.Add(AccessLabels.MembersOf(network));
        }

        if (identity.FindAll(GroupsClaim).Any(c => c.Value == AccessLabels.Members))
        {
            labels.Add(AccessLabels.Members);
        }

        return new CallerAccess(labels, notice);
    }

    /// <summary>Minimal-API binding: the caller of the current request.</summary>
    public static ValueTask<CallerAccess?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<CallerAccess?>(FromPrincipal(
            context.User,
            context.Items.ContainsKey(IdentityProviderUnavailableKey) ? IdentityProviderUnavailableNotice : null));

    private Filter Build()
    {
        var query = new BooleanQuery();
        foreach (var label in Labels)
        {
            query.Add(new TermQuery(new Term(IndexFields.Access, label)), Occur.SHOULD);
        }

        return new QueryWrapperFilter(query);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NetworkPattern();
}
