using Microsoft.Extensions.Options;
using MimeKit;
using Quartz;

namespace Search.SearchApi.Alerts;

/// <summary>Bound from <c>Search:Alerts</c>: when saved searches are checked for new documents.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Search:Alerts";

    /// <summary>A Quartz cron expression for the digest check.</summary>
    /// <value>The default is every hour on the hour. A saved search still sends at most one digest per day or week.</value>
    public string Schedule { get; set; } = "0 0 * * * ?";

    /// <summary>The most documents one digest lists.</summary>
    /// <value>The default is 50.</value>
    public int MaxDocumentsPerDigest { get; set; } = 50;
}

/// <summary>
/// Bound from <c>Search:Smtp</c>: the mail server digests are sent through. Without <see cref="Host"/> no digest is sent.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Search:Smtp";

    public string? Host { get; set; }

    /// <value>The default is 587 (submission with STARTTLS).</value>
    public int Port { get; set; } = 587;

    /// <summary>TLS on connect for port 465, else STARTTLS; false sends in plain text (a local relay only).</summary>
    /// <value>The default is true.</value>
    public bool UseTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Kennisbank Zoeken &lt;noreply@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>How long connecting and each SMTP command may take.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public override string ToString() =>
        $"{Host}:{Port} (TLS {(UseTls ? "on" : "off")}, user {(string.IsNullOrEmpty(Username) ? "(none)" : Username)}, password {(string.IsNullOrEmpty(Password) ? "(none)" : "***")})";
}

/// <summary>Reports every problem of <c>Search:Alerts</c> at once, with the key and the value.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        List<string>? failures = null;
        if (!IsValidCron(options.Schedule))
        {
            (failures ??= []).Add($"Search:Alerts:Schedule must be a Quartz cron expression, was '{options.Schedule}'.");
        }

        if (options.MaxDocumentsPerDigest is < 1 or > 500)
        {
            (failures ??= []).Add($"Search:Alerts:MaxDocumentsPerDigest must be between 1 and 500, was {options.MaxDocumentsPerDigest}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Reports every problem of <c>Search:Smtp</c> at once; never repeats the password.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (options.Port is < 1 or > 65535)
        {
            Fail($"Search:Smtp:Port must be between 1 and 65535, was {options.Port}.");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            Fail($"Search:Smtp:From must be an e-mail address, was '{options.From}'.");
        }

        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            Fail("Search:Smtp:Username and Search:Smtp:Password must be set together.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            Fail($"Search:Smtp:Timeout must be between 00:00:01 and 00:05:00, was {options.Timeout}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
