using System.Text.Json;
using System.Text.Json.Serialization;

namespace Search.Indexer.Harvesting;

/// <summary>Keeps the recent harvest runs per source in <c>{DataDirectory}/state/harvest-runs.json</c>, written atomically.</summary>
public sealed class HarvestStateStore
{
    public const int RunsKeptPerSource = 20;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly string _file;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<HarvestRun>> _runs;

    public HarvestStateStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _file = Path.Combine(stateDirectory, "harvest-runs.json");
        _runs = Load(_file);
    }

    /// <summary>The newest run of a source, or null if it was never harvested.</summary>
    public HarvestRun? Last(string sourceId)
    {
        lock (_lock)
        {
            return _runs.TryGetValue(sourceId, out var runs) && runs.Count > 0 ? runs[^1] : null;
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<HarvestRun> History(string sourceId)
    {
        lock (_lock)
        {
            return _runs.TryGetValue(sourceId, out var runs) ? runs.AsEnumerable().Reverse().ToList() : [];
        }
    }

    public bool EverSucceeded(string sourceId)
    {
        lock (_lock)
        {
            return _runs.TryGetValue(sourceId, out var runs) && runs.Any(r => r.Status is HarvestStatus.Succeeded or HarvestStatus.Partial);
        }
    }

    /// <summary>Adds a run, or replaces the run with the same id (a running run being finished).</summary>
    public void Save(HarvestRun run)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(run.SourceId, out var runs))
            {
                _runs[run.SourceId] = runs = [];
            }

            var existing = runs.FindIndex(r => r.RunId == run.RunId);
            if (existing >= 0)
            {
                runs[existing] = run;
            }
            else
            {
                runs.Add(run);
            }

            if (runs.Count > RunsKeptPerSource)
            {
                runs.RemoveRange(0, runs.Count - RunsKeptPerSource);
            }

            var temp = _file + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(_runs, JsonOptions));
            File.Move(temp, _file, overwrite: true);
        }
    }

    private static Dictionary<string, List<HarvestRun>> Load(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        try
        {
            var runs = JsonSerializer.Deserialize<Dictionary<string, List<HarvestRun>>>(File.ReadAllText(file), JsonOptions) ?? [];

            // A run still "running" in the file was interrupted by a crash or kill.
            foreach (var list in runs.Values)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i].Status == HarvestStatus.Running)
                    {
                        list[i] = list[i] with { Status = HarvestStatus.Cancelled, Error = "Interrupted: the service stopped during this run." };
                    }
                }
            }

            return runs;
        }
        catch (JsonException)
        {
            File.Move(file, file + ".corrupt", overwrite: true);
            return [];
        }
    }
}
