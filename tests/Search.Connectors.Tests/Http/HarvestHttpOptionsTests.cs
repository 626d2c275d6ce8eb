using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Search.Connectors.Http;

namespace Search.Connectors.Tests.Http;

public sealed class HarvestHttpOptionsTests
{
    [Fact]
    public void Should_default_to_one_second_per_host_and_a_thirty_second_crawl_delay_cap()
    {
        var options = Resolve([]);

        Assert.Equal(TimeSpan.FromSeconds(1), options.MinDelayPerHost);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxCrawlDelay);
        Assert.Equal(10, options.MaxRedirects);
        Assert.Empty(options.AllowedPrivateEndpoints);
    }

    [Theory]
    [InlineData("MinDelayPerHost", "-00:00:01", "MinDelayPerHost")]
    [InlineData("MinDelayPerHost", "00:11:00", "MinDelayPerHost")]
    [InlineData("MaxCrawlDelay", "02:00:00", "MaxCrawlDelay")]
    [InlineData("AllowedPrivateEndpoints:0", "127.0.0.1", "'127.0.0.1'")]
    [InlineData("AllowedPrivateEndpoints:0", "intranet.local:443", "'intranet.local:443'")]
    public void Should_refuse_invalid_values_naming_the_option(string key, string value, string named)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Search:Harvest:" + key] = value }));

        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Should_bind_allowed_private_endpoints()
    {
        var options = Resolve(new() { ["Search:Harvest:AllowedPrivateEndpoints:0"] = "10.1.2.3:8443", ["Search:Harvest:AllowedPrivateEndpoints:1"] = "[::1]:80" });

        Assert.Equal(["10.1.2.3:8443", "[::1]:80"], options.ParseAllowedPrivateEndpoints().Select(e => e.ToString()));
    }

    private static HarvestHttpOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnectors(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HarvestHttpOptions>>().Value;
    }
}
