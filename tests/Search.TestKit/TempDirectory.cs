namespace Search.TestKit;

/// <summary>A uniquely named folder under <see cref="System.IO.Path.GetTempPath"/>, deleted recursively on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "search-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the test must not fail the test run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
