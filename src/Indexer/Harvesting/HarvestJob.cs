using Microsoft.Extensions.Hosting;
using Quartz;
using Search.Indexer.Sources;

namespace Search.Indexer.Harvesting;

/// <summary>The Quartz job for one source; only the source id travels in the job data.</summary>
[DisallowConcurrentExecution]
public sealed class HarvestJob(HarvestRunner runner, SourceCatalog catalog, IHostApplicationLifetime lifetime) : IJob
{
    public const string SourceIdKey = "sourceId";

    public static JobKey KeyFor(string sourceId) => new($"harvest-{sourceId}", "harvest");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sourceId = context.MergedJobDataMap.GetString(SourceIdKey);
        if (sourceId is null || catalog.Find(sourceId) is not { Enabled: true } source)
        {
            return;
        }

        // Shutdown cancels a running harvest, whether or not Quartz interrupts the job.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runner.RunAsync(source, linked.Token).ConfigureAwait(false);
    }
}
