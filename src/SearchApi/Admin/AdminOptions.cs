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
        if (string.IsNullOrEmpty(configured) || !Matches(given, configured))
        {
            return TypedResults.Problem(
                string.IsNullOrEmpty(configured)
                    ? "De beheer-API is uitgeschakeld: stel Search:Admin:ApiKey in."
                    : $"Een geldige beheersleutel in de header {Header} is vereist.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Niet geautoriseerd");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool Matches(string given, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
