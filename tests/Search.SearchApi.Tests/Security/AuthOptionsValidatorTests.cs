using Search.SearchApi.Security;

namespace Search.SearchApi.Tests.Security;

public sealed class AuthOptionsValidatorTests
{
    [Fact]
    public void Should_accept_no_authentication_at_all()
    {
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions()).Succeeded);
    }

    [Fact]
    public void Should_report_every_problem_with_its_key_and_value()
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions
        {
            Authority = new Uri("http://idp.example/"),
            SigningKey = "kort",
            ClockSkew = TimeSpan.FromHours(1),
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("Authority must use https", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("SigningKey must be at least 32 bytes for HS256, was 4", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("Issuer is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("Audience is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("ClockSkew", StringComparison.Ordinal));
    }
}
