using System.Collections.Immutable;
using Search.Connectors.Abstractions;

namespace Search.Indexer.Sources;

/// <summary>Why an admin change to the catalog was refused; the message is Dutch, for the administrator.</summary>
public sealed class SourceConflictException(string message) : Exception(message);

/// <summary>
/// The sources: those defined in files under <c>config/sources</c> (read-only at run time) and those added through
/// the admin API, persisted as JSON files in <c>{DataDirectory}/sources</c> so they survive a restart.
/// </summary>
public sealed class SourceCatalog
{
    private readonly string? _adminDirectory;
    private readonly Lock _lock = new();
    private ImmutableList<SourceDefinition> _sources;

    public SourceCatalog(IReadOnlyList<SourceDefinition> sources, IReadOnlyList<SourceLoadError> errors, string? adminDirectory = null)
    {
        _adminDirectory = adminDirectory;
        var all = sources.ToList();
        var allErrors = errors.ToList();
        if (adminDirectory is not null && Directory.Exists(adminDirectory))
        {
            var admin = SourceFileLoader.LoadDirectory(adminDirectory);
            allErrors.AddRange(admin.Errors);
            foreach (var source in admin.Sources)
            {
                if (all.Any(s => s.Id == source.Id))
                {
                    allErrors.Add(new SourceLoadError(source.FileName ?? source.Id, "id", $"Id '{source.Id}' is al gedefinieerd in config/sources."));
                }
                else
                {
                    all.Add(source with { IsAdminManaged = true });
                }
            }
        }

        _sources = [.. all];
        Errors = allErrors;
    }

    public IReadOnlyList<SourceDefinition> Sources => _sources;

    public IReadOnlyList<SourceLoadError> Errors { get; }

    public SourceDefinition? Find(string id) => _sources.FirstOrDefault(s => s.Id == id);

    /// <summary>Adds or replaces an admin-managed source and persists its JSON.</summary>
    public SourceDefinition Save(SourceDefinition source, string json, bool mustBeNew)
    {
        if (_adminDirectory is null)
        {
            throw new SourceConflictException("Bronnen toevoegen terwijl de dienst draait is niet ingesteld.");
        }

        lock (_lock)
        {
            var existing = Find(source.Id);
            if (existing is not null && !existing.IsAdminManaged)
            {
                throw new SourceConflictException($"Bron '{source.Id}' is gedefinieerd in {existing.FileName ?? "config/sources"}; wijzig in plaats daarvan dat bestand.");
            }

            if (existing is not null && mustBeNew)
            {
                throw new SourceConflictException($"Er bestaat al een bron met id '{source.Id}'.");
            }

            Directory.CreateDirectory(_adminDirectory);
            var file = Path.Combine(_adminDirectory, source.Id + ".json");
            var temp = file + ".tmp";
            File.WriteAllText(temp, json);
            File.Move(temp, file, overwrite: true);
            var saved = source with { IsAdminManaged = true, FileName = source.Id + ".json" };
            _sources = existing is null ? _sources.Add(saved) : _sources.Replace(existing, saved);
            return saved;
        }
    }

    /// <summary>Removes an admin-managed source and its file.</summary>
    public void Remove(string id)
    {
        lock (_lock)
        {
            var existing = Find(id) ?? throw new KeyNotFoundException(id);
            if (!existing.IsAdminManaged)
            {
                throw new SourceConflictException($"Bron '{id}' is gedefinieerd in {existing.FileName ?? "config/sources"}; verwijder in plaats daarvan dat bestand.");
            }

            File.Delete(Path.Combine(_adminDirectory!, id + ".json"));
            _sources = _sources.Remove(existing);
        }
    }
}
