using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Search.Connectors.Abstractions;
using Search.Indexer.Sources;
using Search.Indexer.Writing;

namespace Search.Indexer.Harvesting;

/// <summary>
/// At start-up: reports invalid source files, schedules a job per enabled source from its cron expression,
/// and triggers an immediate harvest of every source that was never harvested (or whose index is new).
/// </summary>
public sealed partial class SourceScheduler(
    ISchedulerFactory schedulers,
    SourceCatalog catalog,
    HarvestStore state,
    LuceneIndex index,
    ILogger<SourceScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var error in catalog.Errors)
        {
            LogInvalidSource(logger, error.File, error.Field, error.Problem);
        }

        foreach (var source in catalog.Sources.Where(s => s.Enabled))
        {
            await ScheduleAsync(source, index.WasCreated || !state.EverSucceeded(source.Id), cancellationToken).ConfigureAwait(false);
        }

        LogScheduled(logger, catalog.Sources.Count(s => s.Enabled), catalog.Errors.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>(Re)schedules a source's cron job; removes it when the source is disabled.</summary>
    public async Task ScheduleAsync(SourceDefinition source, bool harvestNow, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var key = HarvestJob.KeyFor(source.Id);
        if (!source.Enabled)
        {
            await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
            return;
        }

        var job = JobBuilder.Create<HarvestJob>()
            .WithIdentity(key)
            .UsingJobData(HarvestJob.SourceIdKey, source.Id)
            .StoreDurably()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"cron-{source.Id}", "harvest")
            .ForJob(key)
            .WithCronSchedule(source.Schedule, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        if (harvestNow)
        {
            LogInitialHarvest(logger, source.Id);
            await scheduler.TriggerJob(key, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UnscheduleAsync(string sourceId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteJob(HarvestJob.KeyFor(sourceId), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Invalid source file {File}: field '{Field}': {Problem}. The source is skipped.")]
    private static partial void LogInvalidSource(ILogger logger, string file, string field, string problem);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Source {SourceId} was never harvested: harvesting now")]
    private static partial void LogInitialHarvest(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Scheduled {Count} sources ({Invalid} invalid source files skipped)")]
    private static partial void LogScheduled(ILogger logger, int count, int invalid);
}
