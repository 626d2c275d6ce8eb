namespace Search.Indexer.Analysis;

/// <summary>
/// Reads strings one after the other as if they were one (<c>title + "\n" + body</c>) without building that string:
/// an analyzer reads a field's text through a reader anyway, and a document's text can be long.
/// </summary>
internal sealed class JoinedTextReader(params string[] parts) : TextReader
{
    private int _part;
    private int _position;

    public override int Peek()
    {
        SkipFinishedParts();
        return _part < parts.Length ? parts[_part][_position] : -1;
    }

    public override int Read()
    {
        var next = Peek();
        if (next >= 0)
        {
            _position++;
        }

        return next;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            SkipFinishedParts();
            if (_part == parts.Length)
            {
                break;
            }

            var available = parts[_part].AsSpan(_position);
            var n = Math.Min(available.Length, buffer.Length - read);
            available[..n].CopyTo(buffer[read..]);
            _position += n;
            read += n;
        }

        return read;
    }

    public override string ReadToEnd()
    {
        var rest = string.Concat(parts.Skip(_part).Select((p, i) => i == 0 ? p[_position..] : p));
        _part = parts.Length;
        _position = 0;
        return rest;
    }

    private void SkipFinishedParts()
    {
        while (_part < parts.Length && _position >= parts[_part].Length)
        {
            _part++;
            _position = 0;
        }
    }
}
