using Microsoft.Extensions.Configuration;

namespace Search.Connectors.Auth;

/// <summary>
/// Reads per-source secrets from configuration, <c>Search:Credentials:{sourceId}:Username|Password|Token|Cookie</c>
/// (so also from environment variables such as <c>Search__Credentials__oost__Password</c>). Read at each run, so a
/// changed secret applies to the next run without a restart.
/// </summary>
public sealed class SourceCredentialStore(IConfiguration configuration)
{
    public const string SectionName = "Search:Credentials";

    /// <summary>The credentials configured for the source, or null when none are.</summary>
    public SourceCredentials? Find(string sourceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        var section = configuration.GetSection(SectionName).GetSection(sourceId);
        var credentials = new SourceCredentials(section["Username"], section["Password"], section["Token"], section["Cookie"]);
        return credentials is { Username: null, Password: null, Token: null, Cookie: null } ? null : credentials;
    }
}
