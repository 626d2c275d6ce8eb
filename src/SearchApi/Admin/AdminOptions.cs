using System.Security.Cryptography;
using System.Text;

namespace Search.SearchApi.Admin;

/// <summary>Bound from <c>Search:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Search:Admin";

    /// <summary>The key admin requests send as <c>X-Api-Key</c>. Without it the admin API answers 401 to everyone.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Lets only requests with the configured admin key through; compares in constant time.</summary>
internal sealed class AdminKeyFilter(Microsoft.Extensions.Options.IOptions<AdminOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.ApiKey;
        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (IsAdmin(context.HttpContext.User))
        {
            return await next(context).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(configured) || !Matches(given, configured))
        {
            return TypedResults.Problem(
                string.IsNullOrEmpty(configured)
                    ? "Beheer vereist de beheerdersrol of een beheersleutel (Search:Admin:ApiKey is niet ingesteld)."
                    : $"Een geldige beheersleutel in de header {Header} is vereist.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Niet geautoriseerd");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The role claim value that makes a signed-in user an admin.</summary>
    public const string AdminRole = "admin";

    /// <summary>Only an identity validated by this service's own bearer handler counts; headers and cookies never do.</summary>
    private static bool IsAdmin(System.Security.Claims.ClaimsPrincipal user) => user.Identities.Any(i =>
        i.IsAuthenticated && i.AuthenticationType == Security.SecurityServiceCollectionExtensions.AuthenticationType
        && i.FindAll(Security.CallerAccess.RolesClaim).Any(c => c.Value == AdminRole));

    private static bool Matches(string given, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
