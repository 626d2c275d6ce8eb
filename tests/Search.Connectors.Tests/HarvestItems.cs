using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests;

internal static class HarvestItems
{
    /// <summary>Runs a connector to the end; a timeout guards against a run that would never terminate.</summary>
    public static async Task<List<HarvestItem>> CollectAsync(this ISourceConnector connector, SourceDefinition source, HarvestContext? context = null)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var items = new List<HarvestItem>();
        await foreach (var item in connector.HarvestAsync(source, context ?? HarvestContext.Empty, guard.Token))
        {
            items.Add(item);
        }

        return items;
    }
}
