using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Connectors.Http;

namespace Search.Connectors.Tests;

public sealed class ConnectorsServiceCollectionExtensionsTests
{
    [Fact]
    public void Should_register_one_connector_per_source_kind()
    {
        using var services = new ConnectorServices();

        var kinds = services.Provider.GetServices<ISourceConnector>().Select(c => c.Kind).Order();

        Assert.Equal(Enum.GetValues<SourceKind>(), kinds);
    }

    [Fact]
    public void Should_bind_harvest_options_from_the_search_harvest_section()
    {
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["UserAgent"] = "TestBot/2.0", ["MaxResponseBytes"] = "4096" });

        var options = services.Provider.GetRequiredService<IOptions<HarvestHttpOptions>>().Value;

        Assert.Equal("TestBot/2.0", options.UserAgent);
        Assert.Equal(4096, options.MaxResponseBytes);
        Assert.True(options.AllowPrivateNetworks);
    }

    [Fact]
    public void Should_refuse_a_total_timeout_that_is_not_longer_than_the_attempt_timeout()
    {
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["AttemptTimeout"] = "00:00:05", ["TotalTimeout"] = "00:00:05" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.Provider.GetRequiredService<IOptions<HarvestHttpOptions>>().Value);

        Assert.Contains("TotalTimeout must be longer than AttemptTimeout", ex.Message);
    }

    [Fact]
    public void Should_refuse_out_of_range_retries()
    {
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxRetries"] = "11" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.Provider.GetRequiredService<IOptions<HarvestHttpOptions>>().Value);

        Assert.Contains(nameof(HarvestHttpOptions.MaxRetries), ex.Message);
    }
}
