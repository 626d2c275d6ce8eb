using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

/// <summary>Builds the next run's <see cref="HarvestContext"/> the way the harvest runner does: from what a run harvested.</summary>
internal static class HarvestContexts
{
    public static HarvestContext FromRun(IEnumerable<HarvestItem> items) =>
        new(items.OfType<HarvestedDocument>().Select(d => new PreviousDocument
        {
            Url = d.Url,
            ETag = d.ETag,
            LastModified = d.LastModified,
            ListedModified = d.ListedModified,
            Size = d.Size,
            Parent = d.Parent?.Url,
            ParentTitle = d.Parent?.Title,
        }));
}
