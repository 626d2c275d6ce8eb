using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Search.Indexer.Writing;

namespace Search.Indexer.Tests.Writing;

public sealed class LuceneIndexOptionsTests
{
    [Fact]
    public void Should_bind_the_startup_check_by_name()
    {
        using var host = Host(["--Search:Index:StartupCheck=full"]);

        Assert.Equal(IndexStartupCheck.Full, host.Services.GetRequiredService<IOptions<LuceneIndexOptions>>().Value.StartupCheck);
    }

    [Fact]
    public void Should_refuse_a_startup_check_that_does_not_exist()
    {
        using var host = Host(["--Search:Index:StartupCheck=7"]);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LuceneIndexOptions>>().Value);

        Assert.Contains(nameof(LuceneIndexOptions.StartupCheck), error.Message);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("19", 19)]
    public void Should_bind_the_background_nice_value(string value, int expected)
    {
        using var host = Host([$"--Search:Index:BackgroundNice={value}"]);

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<LuceneIndexOptions>>().Value.BackgroundNice);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("20")]
    public void Should_refuse_a_nice_value_outside_0_to_19(string value)
    {
        using var host = Host([$"--Search:Index:BackgroundNice={value}"]);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LuceneIndexOptions>>().Value);

        Assert.Contains(nameof(LuceneIndexOptions.BackgroundNice), error.Message);
    }

    private static IHost Host(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        builder.Services.AddIndexer(builder.Configuration);
        return builder.Build();
    }
}
