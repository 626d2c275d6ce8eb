using Search.Connectors.Abstractions;

namespace Search.Indexer.Sources;

/// <summary>The sources loaded at start-up, and the problems found in invalid source files.</summary>
public sealed class SourceCatalog(IReadOnlyList<SourceDefinition> sources, IReadOnlyList<SourceLoadError> errors)
{
    public IReadOnlyList<SourceDefinition> Sources { get; } = sources;

    public IReadOnlyList<SourceLoadError> Errors { get; } = errors;

    public SourceDefinition? Find(string id) => Sources.FirstOrDefault(s => s.Id == id);
}
