using System.Text;
using Microsoft.Extensions.Options;

namespace Search.SearchApi.Security;

/// <summary>Reports every problem of the <c>Search:Auth</c> section at once, with the key and the value.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (options.Authority is not null && !string.IsNullOrEmpty(options.SigningKey))
        {
            Fail("Search:Auth: set either Authority (an identity provider) or SigningKey (development), not both.");
        }

        if (options.Authority is { } authority && (!authority.IsAbsoluteUri || authority.Scheme is not ("https" or "http")))
        {
            Fail($"Search:Auth:Authority must be an absolute https URL, was '{authority}'.");
        }
        else if (options.Authority is { Scheme: "http" } && options.RequireHttpsMetadata)
        {
            Fail($"Search:Auth:Authority must use https, was '{options.Authority}' (set Search:Auth:RequireHttpsMetadata=false only for a local test identity provider).");
        }

        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetByteCount(options.SigningKey);
            if (bytes < AuthOptions.MinSigningKeyBytes)
            {
                Fail($"Search:Auth:SigningKey must be at least {AuthOptions.MinSigningKeyBytes} bytes for HS256, was {bytes}.");
            }

            if (string.IsNullOrWhiteSpace(options.Issuer))
            {
                Fail("Search:Auth:Issuer is required with Search:Auth:SigningKey.");
            }
        }

        if (options.IsConfigured && string.IsNullOrWhiteSpace(options.Audience))
        {
            Fail("Search:Auth:Audience is required when authentication is configured.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            Fail($"Search:Auth:ClockSkew must be between 00:00:00 and 00:05:00, was {options.ClockSkew}.");
        }

        if (options.MetadataTimeout < TimeSpan.FromSeconds(1) || options.MetadataTimeout > TimeSpan.FromMinutes(1))
        {
            Fail($"Search:Auth:MetadataTimeout must be between 00:00:01 and 00:01:00, was {options.MetadataTimeout}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
