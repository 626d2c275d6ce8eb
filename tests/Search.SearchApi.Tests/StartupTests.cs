using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Search.SearchApi.Tests;

/// <summary>A sources folder with one valid and two invalid files.</summary>
public sealed class InvalidSourceFactory : SearchApiFactory
{
    protected override void WriteSources()
    {
        Fixtures.WriteSource(SourcesDirectory, "west", "Netwerk West", Path.Combine(DocumentsDirectory, "west"), Fixtures.WestBase, "public");
        File.WriteAllText(Path.Combine(SourcesDirectory, "kapot.json"), """{ "id": "kapot", "name": "Kapot", "kind": "folder", "path": "x", "schedule": "elke nacht om drie uur" }""");
        File.WriteAllText(Path.Combine(SourcesDirectory, "geen-json.json"), "dit is geen json");
        File.WriteAllText(Path.Combine(SourcesDirectory, "uit.json"), """{ "id": "uit", "name": "Uitgeschakeld", "kind": "folder", "path": "x", "schedule": "0 0 3 * * ?", "enabled": false }""");
    }
}

public sealed class StartupTests(InvalidSourceFactory factory) : IClassFixture<InvalidSourceFactory>
{
    [Fact]
    public async Task Should_start_with_the_valid_sources_and_report_each_invalid_file_field_and_problem()
    {
        using var client = factory.CreateClient();

        var sources = JsonNode.Parse(await client.GetStringAsync("/api/v1/sources"))!.AsArray();
        var search = await client.GetObjectAsync("/api/v1/search?q=drugspanden");

        Assert.Equal(["uit", "west"], sources.Select(s => s!["id"]!.GetValue<string>()).Order().ToArray());
        Assert.Equal(1, search.Total());
        Assert.Contains(factory.Log, line => line.Contains("kapot.json", StringComparison.Ordinal) && line.Contains("'schedule'", StringComparison.Ordinal)
            && line.Contains("cron", StringComparison.Ordinal));
        Assert.Contains(factory.Log, line => line.Contains("geen-json.json", StringComparison.Ordinal) && line.Contains("Geen geldige JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_schedule_one_cron_job_per_enabled_source()
    {
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var jobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("harvest"));
        var triggers = await scheduler.GetTriggersOfJob(new JobKey("harvest-west", "harvest"));

        Assert.Equal(["harvest-west"], jobs.Select(j => j.Name).ToArray());
        var cron = Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(triggers));
        Assert.Equal("0 0 3 1 1 ? 2099", cron.CronExpressionString);
    }
}
