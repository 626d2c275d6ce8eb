namespace Search.Indexer.Analysis;

/// <summary>One editable analysis file: its text and where it came from, for error messages that name file and line.</summary>
/// <param name="Name">The file name, e.g. <c>concepts.txt</c>.</param>
/// <param name="Origin">The full path, or <c>embedded:concepts.txt</c> for the built-in default.</param>
/// <param name="Text">The file's content.</param>
public sealed record AnalysisFile(string Name, string Origin, string Text)
{
    /// <summary>The meaningful lines with their 1-based numbers: trimmed, without blank lines and <c>#</c> comments.</summary>
    public IEnumerable<(int Number, string Text)> Lines()
    {
        var number = 0;
        using var reader = new StringReader(Text);
        while (reader.ReadLine() is { } raw)
        {
            number++;
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                yield return (number, line);
            }
        }
    }

    public FormatException Error(int line, string message) => new($"{Origin}, line {line}: {message}");
}
