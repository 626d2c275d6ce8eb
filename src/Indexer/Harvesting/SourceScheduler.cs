using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Search.Connectors.Abstractions;
using Search.Indexer.Sources;
using Search.Indexer.Writing;

namespace Search.Indexer.Harvesting;

/// <summary>
/// At start-up: reports invalid source files, schedules a job per enabled source from its cron expression,
/// and triggers an immediate harvest of every source that was never harvested (or whose index is new), or whose
/// last run was interrupted by a crash, kill or shutdown; but never after more than <see cref="MaxRetriesAfterInterruption"/>
/// interrupted runs in a row: a source that kills the process must not make it crash in a loop.
/// </summary>
public sealed partial class SourceScheduler(
    ISchedulerFactory schedulers,
    SourceCatalog catalog,
    HarvestStore state,
    LuceneIndex index,
    ILogger<SourceScheduler> logger) : IHostedService
{
    /// <summary>Interrupted runs in a row after which a start-up no longer harvests the source at once (it waits for its schedule).</summary>
    public const int MaxRetriesAfterInterruption = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var error in catalog.Errors)
        {
            LogInvalidSource(logger, error.File, error.Field, error.Problem);
        }

        foreach (var source in catalog.Sources.Where(s => s.Enabled))
        {
            var statuses = state.History(source.Id, MaxRetriesAfterInterruption + 1).Select(r => r.Status).ToList();
            var (reason, interrupted) = StartUpHarvest(index.WasCreated, state.EverSucceeded(source.Id), statuses);
            if (interrupted > MaxRetriesAfterInterruption)
            {
                LogNotRetried(logger, source.Id, interrupted);
            }

            await ScheduleAsync(source, reason, cancellationToken).ConfigureAwait(false);
        }

        LogScheduled(logger, catalog.Sources.Count(s => s.Enabled), catalog.Errors.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>(Re)schedules a source's cron job; removes it when the source is disabled.</summary>
    public Task ScheduleAsync(SourceDefinition source, bool harvestNow, CancellationToken cancellationToken) =>
        ScheduleAsync(source, harvestNow ? "never harvested" : null, cancellationToken);

    /// <summary>
    /// Why a source is harvested at start-up, or null when it waits for its schedule (pure). <paramref name="newestRuns"/>
    /// are the statuses of its latest runs, newest first; interrupted runs (a crash, kill or shutdown) count as
    /// <see cref="HarvestStatus.Cancelled"/>. Also returns how many of them in a row were interrupted.
    /// </summary>
    public static (string? Reason, int Interrupted) StartUpHarvest(bool indexIsNew, bool everSucceeded, IEnumerable<HarvestStatus> newestRuns)
    {
        var interrupted = newestRuns.TakeWhile(s => s == HarvestStatus.Cancelled).Count();
        var reason = interrupted > MaxRetriesAfterInterruption ? null
            : indexIsNew ? "the index is new"
            : !everSucceeded ? "never harvested"
            : interrupted > 0 ? "its last run was interrupted"
            : null;
        return (reason, interrupted);
    }

    private async Task ScheduleAsync(SourceDefinition source, string? harvestNowBecause, CancellationToken cancellationToken)
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
        if (harvestNowBecause is not null)
        {
            LogHarvestNow(logger, source.Id, harvestNowBecause);
            await scheduler.TriggerJob(key, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UnscheduleAsync(string sourceId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteJob(HarvestJob.KeyFor(sourceId), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Invalid source file {File}: field '{Field}': {Problem} The source is skipped.")]
    private static partial void LogInvalidSource(ILogger logger, string file, string field, string problem);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Source {SourceId}: harvesting now ({Reason})")]
    private static partial void LogHarvestNow(ILogger logger, string sourceId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "Source {SourceId}: its last {Count} runs were interrupted; not harvested at start-up again, only on its schedule")]
    private static partial void LogNotRetried(ILogger logger, string sourceId, int count);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Scheduled {Count} sources ({Invalid} invalid source files skipped)")]
    private static partial void LogScheduled(ILogger logger, int count, int invalid);
}
