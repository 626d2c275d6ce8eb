using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;

namespace Search.SearchApi.Tests.Security;

public sealed class AdminRoleTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Unauthorized)]
    public async Task Should_let_only_a_validated_admin_role_use_the_admin_api_without_a_key(string role, HttpStatusCode expected)
    {
        using var client = factory.CreateClient();
        var token = Tokens.Sign(AccessApiFactory.SigningKey, AccessApiFactory.Issuer, AccessApiFactory.Audience, [new Claim("roles", role)]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/api/v1/admin/sources/oost/runs");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Should_not_accept_an_admin_role_from_a_forged_token_or_a_header()
    {
        using var client = factory.CreateClient();
        var forged = Tokens.Sign("a-completely-different-signing-key-0123456789", AccessApiFactory.Issuer, AccessApiFactory.Audience, [new Claim("roles", "admin")]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        client.DefaultRequestHeaders.Add("X-Role", "admin");

        using var response = await client.GetAsync("/api/v1/admin/sources/oost/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
