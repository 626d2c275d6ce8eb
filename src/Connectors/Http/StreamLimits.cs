namespace Search.Connectors.Http;

/// <summary>Reads streams without trusting their declared length.</summary>
public static class StreamLimits
{
    /// <summary>Reads the whole stream, or returns null as soon as it exceeds <paramref name="cap"/> bytes.</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream stream, long cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> from the stream and ignores the rest (e.g. a 10 MB robots.txt).</summary>
    public static async Task<byte[]> ReadHeadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[maxBytes];
        var filled = 0;
        while (filled < maxBytes)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled, maxBytes - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return buffer[..filled];
    }
}
