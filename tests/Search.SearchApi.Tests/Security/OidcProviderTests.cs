using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Search.TestKit;

namespace Search.SearchApi.Tests.Security;

/// <summary>The service configured with an OIDC authority: a loopback site serving discovery metadata and an RSA JWKS.</summary>
public sealed class OidcProviderFactory : AccessApiFactory
{
    private readonly RSA _rsa = RSA.Create(2048);

    public LoopbackSite Provider { get; private set; } = null!;

    public string Authority => Provider.BaseUrl.AbsoluteUri;

    public override async Task InitializeAsync()
    {
        Provider = await LoopbackSite.StartAsync();
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        Provider.SetText("/.well-known/openid-configuration", $$"""
            { "issuer": "{{Authority}}", "jwks_uri": "{{Authority}}jwks", "id_token_signing_alg_values_supported": ["RS256"] }
            """, "application/json");
        Provider.SetText("/jwks", $$"""
            { "keys": [ { "kty": "RSA", "use": "sig", "kid": "sleutel-1", "alg": "RS256",
                          "n": "{{Base64UrlEncoder.Encode(key.Modulus!)}}", "e": "{{Base64UrlEncoder.Encode(key.Exponent!)}}" } ] }
            """, "application/json");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
        _rsa.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Auth:Authority", Authority),
        ("Search:Auth:Audience", Audience),
        ("Search:Auth:RequireHttpsMetadata", "false"),
    ];

    public string Token(string issuer, RSA signer, params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "oidc-gebruiker"), .. claims]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer) { KeyId = "sleutel-1" }, SecurityAlgorithms.RsaSha256),
    });

    public RSA Signer => _rsa;
}

public sealed class OidcProviderTests(OidcProviderFactory factory) : IClassFixture<OidcProviderFactory>
{
    [Fact]
    public async Task Should_accept_a_member_token_signed_by_the_providers_published_key()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.Token(factory.Authority, factory.Signer, new Claim("network", "oost"), new Claim("roles", "member")));

        var result = await client.GetObjectAsync("/api/v1/search?q=vlorbaxt");

        Assert.Equal(1, result.Total());
        Assert.True(factory.Provider.CountRequests("/jwks") >= 1, "the signing keys were fetched from the provider");
    }

    [Fact]
    public async Task Should_treat_tokens_from_another_key_or_issuer_as_anonymous()
    {
        using var otherKey = RSA.Create(2048);
        using var wrongKey = factory.CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.Token(factory.Authority, otherKey, new Claim("network", "oost"), new Claim("roles", "member")));
        using var wrongIssuer = factory.CreateClient();
        wrongIssuer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.Token("https://andere-idp.example/", factory.Signer, new Claim("network", "oost"), new Claim("roles", "member")));

        Assert.Equal(0, (await wrongKey.GetObjectAsync("/api/v1/search?q=vlorbaxt")).Total());
        Assert.Equal(0, (await wrongIssuer.GetObjectAsync("/api/v1/search?q=vlorbaxt")).Total());
    }
}
