using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Search.SearchApi.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The authentication type of identities this service validated itself (see <see cref="CallerAccess.FromPrincipal"/>).</summary>
    internal const string AuthenticationType = "Search.Bearer";

    /// <summary>JWT bearer authentication from <c>Search:Auth</c>; a token that fails validation leaves the caller anonymous.</summary>
    public static IServiceCollection AddSearchSecurity(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AuthOptions, AuthOptionsValidator>().BindConfiguration(AuthOptions.SectionName);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, ILoggerFactory>((jwt, auth, loggers) => Configure(jwt, auth.Value, loggers.CreateLogger(typeof(CallerAccess))));
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, ILogger logger)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        jwt.BackchannelTimeout = auth.MetadataTimeout;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            AuthenticationType = AuthenticationType,
            NameClaimType = "sub",
            RoleClaimType = CallerAccess.RolesClaim,
            ValidAudience = auth.Audience,
            ValidateAudience = true,
            ValidateIssuer = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = auth.ClockSkew,
        };
        if (auth.Authority is { } authority)
        {
            jwt.Authority = authority.AbsoluteUri;
            jwt.Audience = auth.Audience;
        }
        else if (!string.IsNullOrEmpty(auth.SigningKey))
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey));
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (!auth.IsConfigured)
                {
                    context.NoResult(); // no identity provider: every caller is anonymous
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = async context =>
            {
                if (context.Exception is SecurityTokenException && await CanFetchMetadataAsync(context.Options, context.HttpContext.RequestAborted))
                {
                    SecurityLog.TokenRejected(logger, context.Exception.GetType().Name);
                }
                else
                {
                    // The metadata or signing keys could not be fetched: fail closed, as an anonymous caller with a notice.
                    SecurityLog.IdentityProviderUnavailable(logger, auth.Authority?.AbsoluteUri ?? "(none)", context.Exception.GetType().Name);
                    context.HttpContext.Items[CallerAccess.IdentityProviderUnavailableKey] = true;
                    context.NoResult();
                }
            },
        };
    }

    /// <summary>True without an authority; else whether its metadata and keys are at hand (cached, or fetched now).</summary>
    private static async Task<bool> CanFetchMetadataAsync(JwtBearerOptions options, CancellationToken cancellationToken)
    {
        if (options.ConfigurationManager is not { } manager)
        {
            return true;
        }

        try
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            return configuration.SigningKeys.Count > 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Bearer token rejected ({Reason}); the caller is anonymous")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Identity provider {Authority} unreachable ({Error}); the caller is anonymous")]
    public static partial void IdentityProviderUnavailable(ILogger logger, string authority, string error);
}
