namespace Search.Connectors.Abstractions;

/// <summary>Harvests one kind of source.</summary>
/// <remarks>
/// A connector yields one item per document of the source's complete listing. It throws
/// <see cref="HarvestException"/> when the listing itself cannot be read, so that a run whose
/// listing is incomplete never deletes documents. It uses <see cref="HarvestContext"/> to skip or
/// conditionally fetch what has not changed, yielding <see cref="HarvestUnchanged"/> for those.
/// </remarks>
public interface ISourceConnector
{
    SourceKind Kind { get; }

    IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, CancellationToken cancellationToken);
}
