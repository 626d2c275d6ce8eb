namespace Search.Connectors.Auth;

/// <summary>
/// The secrets of one members-only source, read from <c>Search:Credentials:{sourceId}</c>. Never logged, never part of a
/// message: <see cref="ToString"/> names which parts are present, not their values.
/// </summary>
public sealed class SourceCredentials
{
    public SourceCredentials(string? username, string? password, string? token, string? cookie)
    {
        Username = Blank(username);
        Password = Blank(password);
        Token = Blank(token);
        Cookie = Blank(cookie);
    }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>Bearer token.</summary>
    public string? Token { get; }

    /// <summary>A ready <c>Cookie</c> header value, e.g. <c>session=abc; lang=nl</c>.</summary>
    public string? Cookie { get; }

    public override string ToString() =>
        $"SourceCredentials(username: {Present(Username)}, password: {Present(Password)}, token: {Present(Token)}, cookie: {Present(Cookie)})";

    private static string Present(string? value) => value is null ? "absent" : "set";

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
