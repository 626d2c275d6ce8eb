using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Search.SearchApi.Tests.Security;

/// <summary>The API with the HS256 development key, over the fixtures plus a members:oost source and a teaser source.</summary>
public class AccessApiFactory : SearchApiFactory
{
    public const string SigningKey = "test-signing-key-for-kennisbank-zoeken-0123456789";
    public const string Issuer = "https://idp.test.example/";
    public const string Audience = "kennisbank-zoeken";

    protected override void WriteSources()
    {
        base.WriteSources();
        Fixtures.WriteAccessSources(SourcesDirectory, DocumentsDirectory);
    }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Auth:SigningKey", SigningKey),
        ("Search:Auth:Issuer", Issuer),
        ("Search:Auth:Audience", Audience),
    ];

    /// <summary>A client for one kind of caller (see <see cref="Callers"/>).</summary>
    public HttpClient ClientFor(string caller)
    {
        var client = CreateClient();
        var token = caller switch
        {
            Callers.Anonymous => null,
            Callers.OostMember => Tokens.Sign(SigningKey, Issuer, Audience, [new("network", "oost"), new("roles", "member")]),
            Callers.WestMember => Tokens.Sign(SigningKey, Issuer, Audience, [new("network", "west"), new("roles", "member")]),
            Callers.Forged => Tokens.Sign("another-key-that-is-long-enough-for-hs256-000000", Issuer, Audience, [new("network", "oost")]),
            Callers.Expired => Tokens.Sign(SigningKey, Issuer, Audience, [new("network", "oost")], expires: DateTime.UtcNow.AddHours(-1)),
            Callers.AlgNone => Tokens.Unsigned(Issuer, Audience, """{"network":"oost","roles":["member"]}"""),
            Callers.RoleHeader => null,
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (caller == Callers.RoleHeader)
        {
            client.DefaultRequestHeaders.Add("X-Role", "member");
            client.DefaultRequestHeaders.Add("X-Network", "oost");
            client.DefaultRequestHeaders.Add("Cookie", "role=member; network=oost");
        }

        return client;
    }
}

/// <summary>The identity provider's address is a closed loopback port: its metadata can never be fetched.</summary>
public sealed class UnreachableIdentityProviderFactory : AccessApiFactory
{
    private static readonly int ClosedPort = FindClosedPort();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Auth:Authority", $"http://127.0.0.1:{ClosedPort}/"),
        ("Search:Auth:Audience", Audience),
        ("Search:Auth:RequireHttpsMetadata", "false"),
    ];

    private static int FindClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public static class Callers
{
    public const string Anonymous = "anonymous";
    public const string OostMember = "member of oost";
    public const string WestMember = "member of west";
    public const string Forged = "forged token";
    public const string Expired = "expired token";
    public const string AlgNone = "alg=none token";
    public const string RoleHeader = "X-Role header";
}

/// <summary>Tokens minted in the test: signed with a key, or unsigned (alg=none).</summary>
public static class Tokens
{
    public static string Sign(string key, string issuer, string audience, IReadOnlyList<Claim> claims, DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "tester"), .. claims]),
            IssuedAt = expiry.AddMinutes(-20),
            NotBefore = expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static string Unsigned(string issuer, string audience, string claimsJson)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = claimsJson.TrimEnd('}') + $",\"sub\":\"tester\",\"iss\":\"{issuer}\",\"aud\":\"{audience}\",\"exp\":{exp}}}";
        return Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + Base64Url(payload) + ".";
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
