using Microsoft.Extensions.Options;
using Quartz;

namespace Search.SearchApi.Alerts;

/// <summary>The Quartz job that runs <see cref="DigestRunner"/> on <c>Search:Alerts:Schedule</c>.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob(DigestRunner runner, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("saved-search-digest", "alerts");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runner.RunOnceAsync(linked.Token).ConfigureAwait(false);
    }
}

/// <summary>Schedules <see cref="DigestJob"/> at start-up when SMTP is configured.</summary>
internal sealed class DigestScheduler(ISchedulerFactory schedulers, IOptions<AlertOptions> options, IOptions<SmtpOptions> smtp, ILogger<DigestScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!smtp.Value.IsConfigured)
        {
            AlertsLog.DigestsOff(logger);
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var job = JobBuilder.Create<DigestJob>().WithIdentity(DigestJob.Key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity("saved-search-digest-cron", "alerts")
            .ForJob(DigestJob.Key)
            .WithCronSchedule(options.Value.Schedule, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
        AlertsLog.DigestsScheduled(logger, options.Value.Schedule, smtp.Value.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class AlertsLog
{
    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Saved-search digests scheduled ({Schedule}) through {Smtp}")]
    public static partial void DigestsScheduled(ILogger logger, string schedule, string smtp);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Saved-search digests are off: Search:Smtp:Host is not set")]
    public static partial void DigestsOff(ILogger logger);
}
