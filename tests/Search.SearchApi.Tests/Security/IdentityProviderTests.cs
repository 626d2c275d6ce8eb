namespace Search.SearchApi.Tests.Security;

/// <summary>When the identity provider cannot be reached, a token cannot be checked: restricted search fails closed, public search works.</summary>
public sealed class IdentityProviderTests(UnreachableIdentityProviderFactory factory) : IClassFixture<UnreachableIdentityProviderFactory>
{
    private const string Notice = "Inloggen is nu niet mogelijk; u ziet alleen openbare documenten.";

    [Fact]
    public async Task Should_treat_a_token_holder_as_anonymous_with_a_notice_when_the_identity_provider_is_unreachable()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            Tokens.Sign(AccessApiFactory.SigningKey, AccessApiFactory.Issuer, AccessApiFactory.Audience, [new("network", "oost"), new("roles", "member")]));

        var restricted = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.OostToken}");
        var members = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.MembersToken}");
        var open = await client.GetObjectAsync("/api/v1/search?q=convenant");

        Assert.Equal(0, restricted.Total());
        Assert.Equal(Notice, restricted.Str("notice"));
        Assert.Equal(0, members.Total());
        Assert.True(open.Total() > 0);
        Assert.StartsWith(Notice, open.Str("notice"));
    }

    [Fact]
    public async Task Should_keep_public_search_working_without_a_notice_for_anonymous_callers()
    {
        using var client = factory.CreateClient();

        var open = await client.GetObjectAsync("/api/v1/search?q=convenant");

        Assert.True(open.Total() > 0);
        Assert.Null(open["notice"]);
    }
}
