namespace Search.Indexer.Harvesting;

/// <summary>
/// Told about every finished harvest run (metrics, for one). Called on the harvest's own thread after the run is
/// saved: an observer must be quick and must not throw.
/// </summary>
public interface IHarvestObserver
{
    void RunFinished(HarvestRun run);
}
