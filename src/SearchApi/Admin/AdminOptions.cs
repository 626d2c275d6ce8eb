using System.Security.Cryptography;
using System.Text;

namespace Search.SearchApi.Admin;

/// <summary>Bound from <c>Search:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Search:Admin";

    /// <summary>The key admin requests send as <c>X-Api-Key</c>. Without it the admin API answers 401 to everyone.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Admin requests accepted per minute (all callers together), so a runaway script cannot flood the service.</summary>
    /// <value>The default is 120.</value>
    public int RequestsPerMinute { get; set; } = 120;
}

/// <summary>One fixed window for the whole admin surface; beyond it 429 with Retry-After.</summary>
internal sealed class AdminRateLimit(Microsoft.Extensions.Options.IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Null when allowed; otherwise how long until the window ends.</summary>
    public TimeSpan? Take()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                _windowStart = now;
                _count = 0;
            }

            return ++_count <= options.Value.RequestsPerMinute ? null : _windowStart.AddMinutes(1) - now;
        }
    }
}

/// <summary>Lets only requests with the configured admin key through; compares in constant time.</summary>
internal sealed class AdminKeyFilter(Microsoft.Extensions.Options.IOptions<AdminOptions> options, AdminRateLimit rateLimit) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (rateLimit.Take() is { } wait)
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("Te veel beheerverzoeken; probeer het zo opnieuw.", statusCode: StatusCodes.Status429TooManyRequests, title: "Te veel verzoeken");
        }

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
